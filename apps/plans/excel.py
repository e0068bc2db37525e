"""The ledger (台账) as an Excel workbook: its layout, and the import that creates or updates tasks from it
(the export is apps.plans.excel_export, the cell parsers apps.plans.excel_cells).

Layout: one worksheet “台账”, header row first (a title row or two above it is tolerated), one task per
row, columns (in any order; extra columns are ignored):

    编号 领域 任务名称* 任务描述 牵头单位* 配合单位 责任领导 开始日期 完成时限 类型 优先级 量化指标 节点安排

The export adds 状态 完成进度（%） 红黄绿灯 最新进展 (derived by the cycle; the lead unit's latest accepted
report) after them; the import ignores those columns like any other extra column. Last comes 责任领导账号
(the responsible leader's username), which the import reads when the column is there.

- 牵头单位/配合单位: units separated by “、”, each by its code, its path (定西市/陇西县/县发改局) or a name or
  alias that exactly one unit of the importing user's jurisdiction has (apps.orgs.lookup).
- 开始日期/完成时限: Excel dates, or text such as 2026-04-30, 2026/4/30, 2026年4月30日.
- 类型: 改革/项目/民生实事/常规; 优先级: 高/中/低. Empty means 常规 / 中.
- 量化指标: one target per line, ``地区生产总值 ≥ 1100亿元（基数 900；截止 2026-12-31；年度 2030）``; the
  parenthesis and each of its parts are optional; comparators ≥ ＞ ≤ ＜ ≈ ＝ (or >= > <= < ~ =).
- 责任领导/责任领导账号: a 责任领导账号 names a 领导 of the plan's jurisdiction by username (another is an
  error); else a 责任领导 that is the name (or username) of exactly one such 领导 links the task to them,
  a name several of them have is an error naming row and column, and any other name stays a name only.
- 节点安排: one milestone per line, ``2026-04-30 完成可研批复``, plus ``（已完成 2026-04-28）`` when done.

Row matching on import:

1. A row whose 编号 is filled matches the plan's non-archived task with that 编号.
2. A row whose 编号 is empty matches a non-archived task of the plan, not already matched by another row,
   with the same 领域 and 任务名称.
3. A matched task is updated: only the fields that differ are saved (and audited). Its targets are
   reconciled by 指标名称 and its milestones by (节点日期, 节点成果): matching ones are updated, new ones
   created, and those no longer in the row are archived (never deleted).
4. An unmatched row creates a task. 领域 are matched by title within the plan and created when new.
5. Tasks of the plan that are not in the file are left alone (an export may have been filtered).

So importing the same file twice creates nothing the second time and reports every row unchanged, and
an export imported into an empty plan reproduces its ledger.

Every row is validated before anything is written; if any row is wrong, ``ImportFailed`` lists every
problem (sheet, row, column) and nothing is written. Otherwise everything is applied in one transaction
through the action functions, so every change has an audit row with the importing user, plus one
summary row (action “import”) on the plan.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import os

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.orgs.lookup import UnitRefs
from lib.xlsx import (
    CellError,
    ErrorList,
    ImportFailed,
    Limits,
    cell_text,
    open_workbook,
    read_rows,
)

from . import actions
from .access import plan_leaders
from .excel_cells import (  # noqa: F401 - the parsers are part of this module's interface
    MILESTONE_EXAMPLE,
    TARGET_EXAMPLE,
    UNIT_SPLIT_RE,
    CellProblem,
    ParsedMilestone,
    ParsedTarget,
    RowReader,
    header_columns,
    parse_choice,
    parse_date_cell,
    parse_date_text,
    parse_decimal,
    parse_milestone_line,
    parse_target_line,
)
from .ledger import with_details
from .models import Area, Milestone, Target, Task, fmt_number

SHEET_TITLE = "台账"
HEADERS = (
    "编号",
    "领域",
    "任务名称",
    "任务描述",
    "牵头单位",
    "配合单位",
    "责任领导",
    "开始日期",
    "完成时限",
    "类型",
    "优先级",
    "量化指标",
    "节点安排",
)
# After the importable columns, what the implementation cycle derived, for reading only (import ignores it).
PROGRESS_HEADERS = ("状态", "完成进度（%）", "红黄绿灯", "最新进展")
LEADER_ACCOUNT = "责任领导账号"  # optional on import
EXPORT_HEADERS = HEADERS + PROGRESS_HEADERS + (LEADER_ACCOUNT,)
DATE_COLUMNS = {"开始日期", "完成时限"}
REQUIRED = ("任务名称", "牵头单位")
HEADER_SEARCH_ROWS = 10
LIMITS = Limits(max_rows=5000)  # sheet rows, header included; see lib.xlsx for the rest
UNIT_SEPARATOR = "、"


# ---- formatting (shared by export and import so the two never drift apart) ----


# strftime is slow, and a ledger's dates are few: the export writes 1.5 a task
@functools.lru_cache(maxsize=4096)
def format_date(value) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def target_text(metric, comparator, value, unit, baseline, deadline, horizon) -> str:
    """One 量化指标 line from a target's fields; `comparator` is its label (≥, not >=)."""
    unit = unit or ""
    # A unit starting with a digit would run into the value ("20" + "5G基站"): keep a space between.
    gap = " " if unit[:1].isdigit() or unit[:1] == "." else ""
    text = f"{metric} {comparator} {fmt_number(value)}{gap}{unit}"
    extras = []
    if baseline is not None:
        extras.append(f"基数 {fmt_number(baseline)}")
    if deadline:
        extras.append(f"截止 {format_date(deadline)}")
    if horizon is not None:
        extras.append(f"年度 {horizon}")
    if extras:
        text += "（" + "；".join(extras) + "）"
    return text


def milestone_text(due_date, deliverable, done_on) -> str:
    """One 节点安排 line from a milestone's fields."""
    text = f"{format_date(due_date)} {deliverable}"
    if done_on:
        text += f"（已完成 {format_date(done_on)}）"
    return text


# ---- import: results and errors ----


@dataclasses.dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self):
        return f"导入完成：新增 {self.created} 项，更新 {self.updated} 项，未变 {self.unchanged} 项"


@dataclasses.dataclass
class ParsedRow:
    number: int
    code: str
    area: str
    title: str
    description: str
    lead_units: list
    co_units: list
    leader: str
    leader_user: object  # a User or None
    start_date: datetime.date | None
    due_date: datetime.date | None
    kind: str
    priority: int
    targets: list
    milestones: list

    def task_data(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "description": self.description,
            "leader": self.leader,
            "leader_user": self.leader_user,
            "start_date": self.start_date,
            "due_date": self.due_date,
            "kind": self.kind,
            "priority": self.priority,
        }


# ---- import: reading the workbook ----


def _read_sheet(file):
    """(sheet title, {header: column index}, [(row number, values)]), read within LIMITS."""
    wb = open_workbook(file, LIMITS, "文件不是有效的 Excel 工作簿（.xlsx），请使用导出的台账作为模板")
    try:
        if not wb.worksheets:
            raise ImportFailed([CellError("工作簿中没有工作表")])
        ws = wb[SHEET_TITLE] if SHEET_TITLE in wb.sheetnames else wb.worksheets[0]
        sheet = ws.title
        header_row, columns, rows, blank = None, {}, [], True
        try:
            for number, values in read_rows(ws, LIMITS):
                texts = [cell_text(v) for v in values]
                if not any(texts):
                    continue
                blank = False
                if header_row is None:
                    if number > HEADER_SEARCH_ROWS:
                        break
                    if "任务名称" in texts:
                        header_row = number
                        columns = header_columns(
                            sheet, number, texts, HEADERS, hint="，请使用导出的台账作为模板"
                        )
                        names = [t.rstrip("*＊").strip() for t in texts]
                        if LEADER_ACCOUNT in names:
                            columns[LEADER_ACCOUNT] = names.index(LEADER_ACCOUNT)
                    continue
                rows.append((number, values))
        except ImportFailed:
            raise
        except Exception:
            raise ImportFailed(
                [CellError("文件内容无法读取，请确认是 Excel 保存的 .xlsx 文件", sheet)]
            ) from None
    finally:
        wb.close()
    if blank:
        raise ImportFailed([CellError("工作表是空的，没有可导入的内容", sheet)])
    if header_row is None:
        raise ImportFailed(
            [
                CellError(
                    "未找到表头行：表头应包含"
                    + "、".join(f"“{h}”" for h in HEADERS)
                    + "，请使用导出的台账作为模板",
                    sheet,
                    1,
                )
            ]
        )
    if not rows:
        raise ImportFailed([CellError("表头下没有任务行，没有可导入的内容", sheet, header_row + 1)])
    return sheet, columns, rows


class LeaderRefs:
    """The 领导 a row's 责任领导 may link to (access.plan_leaders), by username and by name."""

    def __init__(self, leaders):
        self.by_username = {u.username: u for u in leaders}
        self.by_name: dict[str, list] = {}
        for user in leaders:
            for name in dict.fromkeys(n for n in (user.full_name, user.username) if n):
                self.by_name.setdefault(name, []).append(user)

    def resolve(self, r: RowReader, name: str):
        """The account of the row's 责任领导, or None (a name only); errors go to `r`."""
        account = r.text(LEADER_ACCOUNT, 150) if LEADER_ACCOUNT in r.columns else ""
        if account:
            if account not in self.by_username:
                r.error(LEADER_ACCOUNT, f"账号“{account}”不是本辖区有“领导”角色的用户")
            return self.by_username.get(account)
        found = list(dict.fromkeys(self.by_name.get(name, ())))
        if len(found) > 1:
            accounts = "、".join(u.username for u in found)
            r.error(
                "责任领导",
                f"“{name}”与本辖区 {len(found)} 个领导账号同名（{accounts}），请在“{LEADER_ACCOUNT}”列填写其中一个账号",
            )
            return None
        return found[0] if found else None


def _parse_rows(
    sheet, columns, rows, refs: UnitRefs, leaders: LeaderRefs
) -> tuple[list[ParsedRow], ErrorList]:
    errors = ErrorList()
    parsed = []
    codes: dict[str, int] = {}
    for number, values in rows:
        r = RowReader(sheet, number, values, columns, errors)
        code = r.text("编号", 30)
        if code:
            if code in codes:
                r.error("编号", f"编号“{code}”与第 {codes[code]} 行重复")
            else:
                codes[code] = number

        def units(header, required=False, r=r):
            names = [n.strip() for n in UNIT_SPLIT_RE.split(r.text(header, required=required))]
            found = []
            for name in dict.fromkeys(n for n in names if n):
                try:
                    unit = refs.resolve(name)
                except ValueError as problem:
                    r.error(header, str(problem))
                    continue
                if unit in found:
                    continue
                if unit.archived_at is not None:
                    r.error(header, f"单位“{name}”已停用")
                else:
                    found.append(unit)
            return found

        lead_units = units("牵头单位", required=True)
        co_units = units("配合单位")
        if lead_units:  # else "牵头单位" is already reported missing
            try:
                actions.check_units(lead_units, co_units)
            except ValidationError as exc:
                r.error("配合单位", "；".join(exc.messages))
        leader = r.text("责任领导", 100)
        row = ParsedRow(
            number=number,
            code=code,
            area=r.text("领域", 200),
            title=r.text("任务名称", 300, required=True),
            description=r.text("任务描述"),
            lead_units=lead_units,
            co_units=co_units,
            leader=leader,
            leader_user=leaders.resolve(r, leader),
            start_date=r.parse("开始日期", parse_date_cell),
            due_date=r.parse("完成时限", parse_date_cell),
            kind=r.parse(
                "类型", lambda v: parse_choice(cell_text(v), Task.Kind.choices, Task.Kind.ROUTINE, "类型")
            ),
            priority=r.parse(
                "优先级",
                lambda v: parse_choice(cell_text(v), Task.Priority.choices, Task.Priority.NORMAL, "优先级"),
            ),
            targets=r.lines("量化指标", parse_target_line),
            milestones=r.lines("节点安排", parse_milestone_line),
        )
        if row.start_date and row.due_date and row.start_date > row.due_date:
            r.error("完成时限", "完成时限不能早于开始日期")
        parsed.append(row)
    return parsed, errors


# ---- import: applying ----


def import_ledger(plan, file, *, actor) -> ImportResult:
    """Validate every row of `file` (a path or binary file object); if all are valid, apply them to
    `plan` in one transaction as `actor`. Raises ImportFailed, having written nothing, otherwise."""
    sheet, columns, rows = _read_sheet(file)
    home = actor.unit if getattr(actor, "unit", None) is not None else plan.owner_unit
    leaders = LeaderRefs(plan_leaders(plan))
    parsed, errors = _parse_rows(sheet, columns, rows, UnitRefs.within(home.jurisdiction()), leaders)
    if errors:
        raise ImportFailed(errors)

    result = ImportResult()
    with transaction.atomic():
        applier = _Applier(plan, actor, sheet)
        for row in parsed:
            outcome = applier.apply(row)
            setattr(result, outcome, getattr(result, outcome) + 1)
        audit.record(
            actor,
            AuditEvent.Action.IMPORT,
            plan,
            {
                "file": _file_name(file),
                "rows": result.total,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    return result


def _file_name(file) -> str:
    name = getattr(file, "name", None) if hasattr(file, "read") else file
    return os.path.basename(str(name or ""))[:200]


class _Applier:
    def __init__(self, plan, actor, sheet):
        self.plan, self.actor, self.sheet = plan, actor, sheet
        self.areas = {}
        for area in plan.areas.filter(archived_at__isnull=True).order_by("order", "id"):
            self.areas.setdefault(area.title, area)
        self.next_area_order = max((a.order for a in plan.areas.all()), default=0) + 1
        tasks = list(with_details(Task.objects.filter(plan=plan, archived_at__isnull=True)).order_by("id"))
        self.unmatched = {t.pk: t for t in tasks}
        self.by_code: dict[str, list[Task]] = {}
        self.by_title: dict[tuple[str, str], list[Task]] = {}
        for task in tasks:
            if task.code:
                self.by_code.setdefault(task.code, []).append(task)
            self.by_title.setdefault((task.area.title if task.area_id else "", task.title), []).append(task)

    def _match(self, row: ParsedRow) -> Task | None:
        candidates = (
            self.by_code.get(row.code, []) if row.code else self.by_title.get((row.area, row.title), [])
        )
        for task in candidates:
            if task.pk in self.unmatched:
                return self.unmatched.pop(task.pk)
        return None

    def _area(self, title: str) -> Area | None:
        if not title:
            return None
        if title not in self.areas:
            area = Area(plan=self.plan, title=title, order=self.next_area_order)
            self.next_area_order += 1
            self.areas[title] = audit.create(area, Area.AUDIT_FIELDS, actor=self.actor)
        return self.areas[title]

    def apply(self, row: ParsedRow) -> str:
        """'created', 'updated' or 'unchanged'."""
        try:
            task = self._match(row)
            area = self._area(row.area)
            if task is None:
                task = Task(plan=self.plan, area=area, **row.task_data())
                actions.create_task(task, row.lead_units, row.co_units, actor=self.actor)
                for target in row.targets:
                    audit.create(Target(task=task, **target.data()), Target.AUDIT_FIELDS, actor=self.actor)
                for milestone in row.milestones:
                    audit.create(
                        Milestone(task=task, **milestone.data()), Milestone.AUDIT_FIELDS, actor=self.actor
                    )
                return "created"
            changed = bool(
                actions.update_task(
                    task, {"area": area, **row.task_data()}, row.lead_units, row.co_units, actor=self.actor
                )
            )
            changed |= self._reconcile(
                task,
                Target,
                list(task.targets.all()),
                row.targets,
                key=lambda t: t.metric,
            )
            changed |= self._reconcile(
                task,
                Milestone,
                list(task.milestones.all()),
                row.milestones,
                key=lambda m: (m.due_date, m.deliverable),
            )
            return "updated" if changed else "unchanged"
        except ValidationError as exc:
            messages = "；".join(exc.messages)
            raise ImportFailed([CellError(f"无法保存：{messages}", self.sheet, row.number)]) from exc

    def _reconcile(self, task, model, existing, wanted, *, key) -> bool:
        """Match `wanted` (parsed lines) to `existing` objects by key, in order; update, create, archive."""
        pool: dict = {}
        for obj in existing:
            pool.setdefault(key(obj), []).append(obj)
        changed = False
        for item in wanted:
            matches = pool.get(key(item))
            if matches:
                obj = matches.pop(0)
                changed |= bool(audit.update(obj, item.data(), actor=self.actor))
            else:
                audit.create(model(task=task, **item.data()), model.AUDIT_FIELDS, actor=self.actor)
                changed = True
        for leftovers in pool.values():
            for obj in leftovers:
                audit.archive(obj, actor=self.actor)
                changed = True
        return changed
