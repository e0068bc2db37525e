"""The ledger (台账) as an Excel workbook: export for reading and editing, import to create or update tasks.

Layout: one worksheet “台账”, header row first (a title row or two above it is tolerated), one task per
row, columns (in any order; extra columns are ignored):

    编号 领域 任务名称* 任务描述 牵头单位* 配合单位 责任领导 开始日期 完成时限 类型 优先级 量化指标 节点安排

The export adds 状态 完成进度（%） 红黄绿灯 最新进展 (derived by the cycle; the lead unit's latest accepted
report) after them; the import ignores those columns like any other extra column.

- 牵头单位/配合单位: unit names as in the unit list, separated by “、”.
- 开始日期/完成时限: Excel dates, or text such as 2026-04-30, 2026/4/30, 2026年4月30日.
- 类型: 改革/项目/民生实事/常规; 优先级: 高/中/低. Empty means 常规 / 中.
- 量化指标: one target per line, ``地区生产总值 ≥ 1100亿元（基数 900；截止 2026-12-31；年度 2030）``; the
  parenthesis and each of its parts are optional; comparators ≥ ＞ ≤ ＜ ≈ ＝ (or >= > <= < ~ =).
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
import itertools
import os
import re
import tempfile
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.xml.functions import Element, SubElement

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.cycles.models import Report
from apps.orgs.models import Unit
from lib.xlsx import (
    FORMULA_PREFIXES,
    CellError,
    ErrorList,
    ImportFailed,
    Limits,
    cell_text,
    open_workbook,
    read_rows,
)

from . import actions
from .ledger import with_details
from .models import RAG_CHOICES, STATUS_CHOICES, Area, Milestone, Target, Task, TaskUnit, fmt_number

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
EXPORT_HEADERS = HEADERS + PROGRESS_HEADERS
WIDTHS = (8, 20, 32, 48, 20, 26, 12, 12, 12, 10, 8, 46, 40, 10, 10, 10, 48)
DATE_COLUMNS = {"开始日期", "完成时限"}
REQUIRED = ("任务名称", "牵头单位")
CHUNK_SIZE = 2000
HEADER_SEARCH_ROWS = 10
LIMITS = Limits(max_rows=5000)  # sheet rows, header included; see lib.xlsx for the rest
UNIT_SEPARATOR = "、"
MAX_CELL_CHARS = 32767  # longer text is cut, as openpyxl does
_PRESERVE = {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}


# ---- formatting (shared by export and import so the two never drift apart) ----


def format_date(value) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def format_target(target: Target) -> str:
    return target_text(
        target.metric,
        target.get_comparator_display(),
        target.value,
        target.unit,
        target.baseline,
        target.deadline,
        target.horizon,
    )


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


def format_milestone(milestone: Milestone) -> str:
    return milestone_text(milestone.due_date, milestone.deliverable, milestone.done_on)


def milestone_text(due_date, deliverable, done_on) -> str:
    """One 节点安排 line from a milestone's fields."""
    text = f"{format_date(due_date)} {deliverable}"
    if done_on:
        text += f"（已完成 {format_date(done_on)}）"
    return text


# ---- export ----


def export_ledger(plan, tasks):
    """Write `tasks` (a queryset, e.g. ledger_tasks(...)) to an .xlsx; return the open temporary file,
    positioned at its start (it is deleted when closed, e.g. by the FileResponse that sends it).

    Streams: a write-only workbook, and the queryset read in chunks of CHUNK_SIZE (see _ledger_rows),
    so memory does not grow with the number of tasks."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_TITLE)
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "landscape"
    ws.print_title_rows = "1:1"
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="E8EEF7")
    thin = Side(style="thin", color="B0B7C3")
    header_border = Border(bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")

    header = []
    for title in EXPORT_HEADERS:
        cell = WriteOnlyCell(ws, value=title)
        cell.font, cell.fill, cell.border = header_font, header_fill, header_border
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        header.append(cell)
    ws.append(header)

    def prototype(**styles):
        cell = WriteOnlyCell(ws)
        for name, value in styles.items():
            setattr(cell, name, value)
        return cell

    wrapped, plain = prototype(alignment=wrap), prototype(alignment=top)
    dated = prototype(alignment=top, number_format="yyyy-mm-dd")

    rows = _ledger_rows(tasks)
    first = next(rows, None)
    if first is not None:
        # Style ids registered in the order openpyxl's own cells would (columns A, B, H of row 2), so
        # styles.xml is the same too.
        p, w, d = (str(cell.style_id) for cell in (plain, wrapped, dated))
        styles = (p, w, w, w, w, w, p, d, d, p, p, w, w, p, p, p, w)  # column by column, as EXPORT_HEADERS
        # Text that Excel would take for a formula once edited (“=…”, “+…”) carries the quote prefix.
        qp, qw = (str(prototype(alignment=a, quotePrefix=True).style_id) for a in (top, wrap))
        quoted = tuple({p: qp, w: qw}.get(style, style) for style in styles)
        _stream_rows(ws, styles, quoted, wb.epoch)
        ws.append(first)
        for row in rows:
            ws.append(row)

    out = tempfile.NamedTemporaryFile(suffix=".xlsx")  # closed (and so deleted) by the caller
    try:
        wb.save(out)
        out.flush()
        out.seek(0)
    except BaseException:
        out.close()
        raise
    return out


def _clean(text) -> str:
    """What an openpyxl string cell would hold: no control characters, at most 32,767 characters."""
    if not text:
        return ""
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_CELL_CHARS]


def _ledger_rows(tasks):
    """The values of each task's row, in the order of EXPORT_HEADERS: text (str, "" when empty), dates
    (datetime.date or None) and the percent (int or None).

    Plain tuples rather than model instances: the tasks are streamed, and for each chunk of
    CHUNK_SIZE tasks their unit links, targets and milestones are read in one query each (so the
    number of queries does not grow with the number of tasks within a chunk)."""
    kinds = {value: str(label) for value, label in Task.Kind.choices}
    priorities = {value: str(label) for value, label in Task.Priority.choices}
    comparators = {value: str(label) for value, label in Target.Comparator.choices}
    statuses, lights = dict(STATUS_CHOICES), dict(RAG_CHOICES)
    lead, co = TaskUnit.Role.LEAD, TaskUnit.Role.CO
    # 最新进展: the lead unit's latest report that the coordinator accepted.
    latest = Report.objects.filter(task=OuterRef("pk"), status=Report.Status.ACCEPTED, is_lead=True)
    latest = latest.exclude(narrative="").order_by("-cycle__period_end", "-id").values("narrative")[:1]
    stream = (
        tasks.annotate(latest_progress=Subquery(latest))
        .values_list(
            "pk",
            "code",
            "area__title",
            "title",
            "description",
            "leader",
            "start_date",
            "due_date",
            "kind",
            "priority",
            "status",
            "percent",
            "rag",
            "latest_progress",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    while chunk := list(itertools.islice(stream, CHUNK_SIZE)):
        ids = [row[0] for row in chunk]
        leads, cos, targets, milestones = {}, {}, {}, {}
        # Each in its model's default ordering, as the ledger's prefetches read them.
        for task_id, role, name in TaskUnit.objects.filter(task_id__in=ids).values_list(
            "task_id", "role", "unit__name"
        ):
            if role == lead:
                leads.setdefault(task_id, []).append(name)
            elif role == co:
                cos.setdefault(task_id, []).append(name)
        for task_id, metric, comparator, *rest in Target.objects.filter(
            task_id__in=ids, archived_at__isnull=True
        ).values_list("task_id", "metric", "comparator", "value", "unit", "baseline", "deadline", "horizon"):
            line = target_text(metric, comparators.get(comparator, comparator), *rest)
            targets.setdefault(task_id, []).append(line)
        for task_id, due_date, deliverable, done_on in Milestone.objects.filter(
            task_id__in=ids, archived_at__isnull=True
        ).values_list("task_id", "due_date", "deliverable", "done_on"):
            milestones.setdefault(task_id, []).append(milestone_text(due_date, deliverable, done_on))

        for pk, code, area, title, description, leader, start, due, kind, priority, *progress in chunk:
            status, percent, rag, latest_progress = progress
            yield (
                _clean(code),
                _clean(area),
                _clean(title),
                _clean(description),
                _clean(UNIT_SEPARATOR.join(leads.get(pk, ()))),
                _clean(UNIT_SEPARATOR.join(cos.get(pk, ()))),
                _clean(leader),
                start,
                due,
                _clean(kinds.get(kind, kind)),
                _clean(str(priorities.get(priority, priority))),
                _clean("\n".join(targets.get(pk, ()))),
                _clean("\n".join(milestones.get(pk, ()))),
                _clean(statuses.get(status, status)),
                percent,
                _clean(lights.get(rag, rag)),
                _clean(latest_progress),
            )


def _stream_rows(ws, styles, quoted, epoch):
    """Make `ws.append(values)` write each row of _ledger_rows straight to the sheet's XML stream.

    openpyxl turns every value into a Cell object and writes it through several layers; for 13 cells ×
    50,000 rows that was most of the export's time. Here each row becomes one XML element (lxml's),
    written by the sheet's own incremental writer, and the XML is byte for byte what openpyxl writes:
    ``<c r="B2" s="3" t="inlineStr"><is><t>…</t></is></c>`` for text (with xml:space="preserve" when it
    starts or ends with a space), ``<c r="H2" s="4" t="n"><v>46023</v></c>`` for a date, and
    ``<c r="D2" s="3" t="n"></c>`` for an empty cell, kept for its style. `styles`: the cells' style
    ids, column by column; `quoted`: the same with Excel's quote prefix, for text starting like a formula.

    This replaces two internals of openpyxl's write-only worksheet (pinned, 3.1): `_values_to_row`,
    which made the Cell objects, and its writer's `write_row`. The header row, appended before, was
    written the ordinary way. Checked by test_excel_export and the export → import round trip."""
    letters = [get_column_letter(i) for i in range(1, len(styles) + 1)]
    dates = {}  # date → Excel serial, as openpyxl writes it

    def serial(value):
        text = dates.get(value)
        if text is None:
            text = dates[value] = safe_string(to_excel(value, epoch))
        return text

    def write_row(xf, values, number):
        r = str(number)
        row = Element("row", {"r": r})
        for letter, style, quoted_style, value in zip(letters, styles, quoted, values, strict=True):
            if value is None or value == "":
                SubElement(row, "c", {"r": letter + r, "s": style, "t": "n"}).text = ""
            elif value.__class__ is str:
                if value.startswith(FORMULA_PREFIXES):
                    style = quoted_style
                cell = SubElement(row, "c", {"r": letter + r, "s": style, "t": "inlineStr"})
                text = SubElement(SubElement(cell, "is"), "t", _PRESERVE if value != value.strip() else None)
                text.text = value
            elif value.__class__ is int:  # the percent
                cell = SubElement(row, "c", {"r": letter + r, "s": style, "t": "n"})
                SubElement(cell, "v").text = str(value)
            else:  # a date
                cell = SubElement(row, "c", {"r": letter + r, "s": style, "t": "n"})
                SubElement(cell, "v").text = serial(value)
        xf.write(row)

    ws._get_writer()  # created by the first append already (the header row)
    ws._values_to_row = lambda values, number: values
    ws._writer.write_row = write_row


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
class ParsedTarget:
    metric: str
    comparator: str
    value: Decimal
    unit: str
    baseline: Decimal | None
    deadline: datetime.date | None
    horizon: int | None

    def data(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class ParsedMilestone:
    due_date: datetime.date
    deliverable: str
    done_on: datetime.date | None

    def data(self) -> dict:
        return dataclasses.asdict(self)


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
            "start_date": self.start_date,
            "due_date": self.due_date,
            "kind": self.kind,
            "priority": self.priority,
        }


# ---- import: parsing cells ----


class CellProblem(ValueError):
    """Raised by the cell parsers; the message is shown after the cell's position."""


_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPARATORS = {
    "≥": ">=",
    ">=": ">=",
    "＞": ">",
    ">": ">",
    "≤": "<=",
    "<=": "<=",
    "＜": "<",
    "<": "<",
    "≈": "~",
    "~": "~",
    "＝": "=",
    "=": "=",
}
_CMP_PATTERN = "|".join(re.escape(c) for c in sorted(_COMPARATORS, key=len, reverse=True))
_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_TARGET_RE = re.compile(rf"^(?P<metric>.+?)\s*(?P<cmp>{_CMP_PATTERN})\s*(?P<value>{_NUMBER})(?P<rest>.*)$")
_EXTRA_KEYS = r"基数|截止|截至|年度|目标年度"
_EXTRAS_RE = re.compile(
    rf"^(?P<unit>.*?)\s*[（(](?P<extras>\s*(?:{_EXTRA_KEYS})[^（）()]*)[）)]\s*$",
)
_EXTRA_PART_RE = re.compile(rf"^\s*(?P<key>{_EXTRA_KEYS})\s*[:：]?\s*(?P<value>.*?)\s*$")
_MILESTONE_RE = re.compile(
    r"^(?P<date>\S+)\s+(?P<deliverable>.+?)"
    r"(?:\s*[（(]\s*已完成\s*(?P<done>[^（）()]*?)\s*[）)])?\s*$"
)
_UNIT_SPLIT_RE = re.compile(r"[、,，;；\n]+")
TARGET_EXAMPLE = "地区生产总值 ≥ 1100亿元（基数 900；截止 2026-12-31；年度 2030）"
MILESTONE_EXAMPLE = "2026-04-30 完成可研批复（已完成 2026-04-28）"


def parse_date_text(text: str) -> datetime.date:
    match = _DATE_RE.match(text.strip())
    if match:
        try:
            return datetime.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise CellProblem(f"日期“{text}”无效，应为日期或形如 2026-04-30 的文字")


def parse_date_cell(value) -> datetime.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return parse_date_text(cell_text(value))


def parse_decimal(text: str, what: str) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellProblem(f"{what}“{text}”不是数字") from None
    sign, digits, exponent = number.as_tuple()
    decimals = max(0, -exponent)
    if decimals > 4:
        raise CellProblem(f"{what}“{text}”最多保留 4 位小数")
    if len(digits) - decimals > 16:
        raise CellProblem(f"{what}“{text}”过大")
    return number


def parse_target_line(line: str) -> ParsedTarget:
    match = _TARGET_RE.match(line)
    if not match:
        raise CellProblem(f"指标“{line}”无法识别，应形如“{TARGET_EXAMPLE}”")
    metric = match["metric"].strip()
    rest = match["rest"]
    baseline = deadline = horizon = None
    extras = _EXTRAS_RE.match(rest)
    if extras:
        rest = extras["unit"]
        for part in re.split(r"[；;]", extras["extras"]):
            if not part.strip():
                continue
            item = _EXTRA_PART_RE.match(part)
            if item is None:
                raise CellProblem(f"指标“{line}”的括号内容“{part.strip()}”无法识别")
            key, value = item["key"], item["value"]
            if key == "基数":
                baseline = parse_decimal(value, "基数")
            elif key in ("截止", "截至"):
                deadline = parse_date_text(value)
            else:
                if not re.fullmatch(r"\d{4}", value):
                    raise CellProblem(f"指标“{line}”的目标年度“{value}”应为四位年份")
                horizon = int(value)
    unit = rest.strip()
    if len(metric) > 200:
        raise CellProblem(f"指标名称“{metric[:20]}…”超过 200 字")
    if len(unit) > 30:
        raise CellProblem(f"指标“{line}”的计量单位超过 30 字")
    return ParsedTarget(
        metric=metric,
        comparator=_COMPARATORS[match["cmp"]],
        value=parse_decimal(match["value"], "目标值"),
        unit=unit,
        baseline=baseline,
        deadline=deadline,
        horizon=horizon,
    )


def parse_milestone_line(line: str) -> ParsedMilestone:
    match = _MILESTONE_RE.match(line)
    if not match:
        raise CellProblem(f"节点“{line}”无法识别，应形如“{MILESTONE_EXAMPLE}”")
    try:
        due_date = parse_date_text(match["date"])
    except CellProblem:
        raise CellProblem(f"节点“{line}”应以日期开头，形如“{MILESTONE_EXAMPLE}”") from None
    done_on = None
    if match["done"] is not None:
        if not match["done"]:
            raise CellProblem(f"节点“{line}”已完成但未写完成日期，应形如“（已完成 2026-04-28）”")
        done_on = parse_date_text(match["done"])
    deliverable = match["deliverable"].strip()
    if len(deliverable) > 300:
        raise CellProblem(f"节点成果“{deliverable[:20]}…”超过 300 字")
    return ParsedMilestone(due_date=due_date, deliverable=deliverable, done_on=done_on)


def _choice(text: str, choices, default, what: str):
    if not text:
        return default
    for value, label in choices:
        if text in (label, str(value)):
            return value
    labels = "、".join(label for _, label in choices)
    raise CellProblem(f"{what}“{text}”无效，应为{labels}之一")


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
                        columns = _header_columns(sheet, number, texts)
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


def _header_columns(sheet, number, texts) -> dict:
    columns, errors = {}, []
    for index, text in enumerate(texts):
        name = text.rstrip("*＊").strip()
        if name in HEADERS:
            if name in columns:
                errors.append(CellError(f"表头“{name}”重复", sheet, number, get_column_letter(index + 1)))
            columns[name] = index
    missing = [h for h in HEADERS if h not in columns]
    if missing:
        errors.append(
            CellError(
                "缺少列" + "、".join(f"“{h}”" for h in missing) + "，请使用导出的台账作为模板", sheet, number
            )
        )
    if errors:
        raise ImportFailed(errors)
    return columns


class _RowReader:
    """Reads the cells of one row by header and collects the problems found in them."""

    def __init__(self, sheet, number, values, columns, errors):
        self.sheet, self.number, self.values, self.columns, self.errors = (
            sheet,
            number,
            values,
            columns,
            errors,
        )

    def raw(self, header):
        index = self.columns[header]
        return self.values[index] if index < len(self.values) else None

    def error(self, header, message):
        column = get_column_letter(self.columns[header] + 1)
        self.errors.append(CellError(message, self.sheet, self.number, column, header))

    def text(self, header, max_length=None, required=False) -> str:
        value = cell_text(self.raw(header))
        if required and not value:
            self.error(header, f"“{header}”不能为空")
        elif max_length and len(value) > max_length:
            self.error(header, f"内容超过 {max_length} 字")
        return value

    def parse(self, header, parser, default=None):
        try:
            return parser(self.raw(header))
        except CellProblem as problem:
            self.error(header, str(problem))
            return default

    def lines(self, header, parser) -> list:
        result = []
        for line in cell_text(self.raw(header)).split("\n"):
            if line.strip():
                try:
                    result.append(parser(line.strip()))
                except CellProblem as problem:
                    self.error(header, str(problem))
        return result


def _parse_rows(sheet, columns, rows, units_by_name) -> tuple[list[ParsedRow], ErrorList]:
    errors = ErrorList()
    parsed = []
    codes: dict[str, int] = {}
    for number, values in rows:
        r = _RowReader(sheet, number, values, columns, errors)
        code = r.text("编号", 30)
        if code:
            if code in codes:
                r.error("编号", f"编号“{code}”与第 {codes[code]} 行重复")
            else:
                codes[code] = number

        def units(header, required=False, r=r):
            names = [n.strip() for n in _UNIT_SPLIT_RE.split(r.text(header, required=required))]
            found = []
            for name in dict.fromkeys(n for n in names if n):
                unit = units_by_name.get(name)
                if unit is None:
                    r.error(header, f"单位“{name}”不存在")
                elif unit.archived_at is not None:
                    r.error(header, f"单位“{name}”已停用")
                else:
                    found.append(unit)
            return found

        lead_units = units("牵头单位", required=True)
        co_units = units("配合单位")
        both = [u.name for u in co_units if u in lead_units]
        if both:
            r.error("配合单位", "同一单位不能既是牵头单位又是配合单位：" + "、".join(both))
        row = ParsedRow(
            number=number,
            code=code,
            area=r.text("领域", 200),
            title=r.text("任务名称", 300, required=True),
            description=r.text("任务描述"),
            lead_units=lead_units,
            co_units=co_units,
            leader=r.text("责任领导", 100),
            start_date=r.parse("开始日期", parse_date_cell),
            due_date=r.parse("完成时限", parse_date_cell),
            kind=r.parse(
                "类型", lambda v: _choice(cell_text(v), Task.Kind.choices, Task.Kind.ROUTINE, "类型")
            ),
            priority=r.parse(
                "优先级",
                lambda v: _choice(cell_text(v), Task.Priority.choices, Task.Priority.NORMAL, "优先级"),
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
    names = set()
    for _number, values in rows:
        for header in ("牵头单位", "配合单位"):
            index = columns[header]
            if index < len(values):
                names.update(n.strip() for n in _UNIT_SPLIT_RE.split(cell_text(values[index])))
    units_by_name = {u.name: u for u in Unit.objects.filter(name__in=names - {""})}
    parsed, errors = _parse_rows(sheet, columns, rows, units_by_name)
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
