"""The figures of a monthly 督查通报, read from the ledger's own data in a fixed number of queries (five,
whatever the number of tasks): tasks with their lead units, the month's cycles, their reports, open 督办.

Every number in the text is counted from the same rows as the attached tables (`rows` → `counts`), so the
text and the tables cannot disagree.

How the ledger's derived status (apps.cycles.rules) maps to the categories real 通报 use (金寨县 2025:
已完成和提前完成 / 超进度 / 达进度 / 欠进度 / 其它类):

- 已完成: the task's status is 已完成 or 已销号 (completion day is not stored, so 提前完成 is not told apart);
- 欠进度: the status is 滞后 or 逾期 (the rules: progress trails elapsed time by more than the yellow
  threshold, a milestone is overdue, or the time limit has passed);
- not started: the task's status is TaskStatus.NOT_STARTED (no accepted progress yet, or the start day has
  not come);
- 超进度: 正常推进 and the reported percent is at least `AHEAD_POINTS` above 序时进度;
- 达进度: the other 正常推进 tasks (within the rules' tolerance of 序时进度).

序时进度 of a task = the share of its time elapsed at the 通报's day (`as_of`: the month's last day, or
today when the month is not over), from its start day (else 1 January of the plan's year) to its time limit.
报送率 per unit = reports submitted (待单位审核, 待牵头机关审核 or 已采纳) ÷ reports due in the cycles
that end in the month (撤销 reports left out; a 退回 report counts as not submitted until sent again).
"""

import calendar
import datetime
from collections import Counter, defaultdict

from django.conf import settings
from django.utils import timezone

from apps.cycles.models import Cycle, Report
from apps.cycles.rules import expected_percent
from apps.plans.models import Rag, Task, TaskStatus, TaskUnit
from apps.supervision.models import Notice

from . import periods
from .periods import PeriodError

__all__ = ["NoFigures", "PeriodError", "gather", "parse_period", "share"]

AHEAD_POINTS = 10

DONE, AHEAD, ON_PACE, BEHIND = "已完成", "超进度", "达进度", "欠进度"
NOT_STARTED = TaskStatus.NOT_STARTED.label
CATEGORIES = (DONE, AHEAD, ON_PACE, BEHIND, NOT_STARTED)
SUBMITTED = (Report.Status.SUBMITTED, Report.Status.APPROVED, Report.Status.ACCEPTED)
NO_AREA = "未分领域"

DEFAULT_REQUIREMENTS = (
    "一是压实工作责任。各牵头单位要对照任务清单和时间节点，逐项梳理进展，主要负责同志亲自研究、亲自调度，"
    "确保各项任务按序时推进。\n"
    "二是加快滞后事项进度。对本期通报的欠进度事项，责任单位要认真分析原因，制定针对性措施，"
    "倒排工期、挂图作战，限期赶上序时进度。\n"
    "三是按时报送进展。各单位要严格按照时限报送进展情况和佐证材料，确保数据真实准确；"
    "对报送不及时的单位，将予以通报。\n"
    "四是强化督查问效。督查室将持续跟踪问效，对进展滞后、整改不力的事项进行督办，直至办结销号，"
    "并将落实情况纳入年度考核。"
)


class NoFigures(ValueError):
    """A kind of 通报 with nothing to report for its jurisdiction and period (no published 考核 results, no
    rectification items): its message says so, in Chinese."""


def parse_period(text: str, *, today: datetime.date) -> tuple[int, int]:
    """(year, month) of a monthly 通报's period "2026-11" (apps.briefings.periods for the other kinds)."""
    period = periods.parse(periods.MONTHLY, text, today=today)
    return period.year, period.last_month


def share(n: int, total: int) -> str:
    """占比 with one decimal, as the 通报 write it: "7.7%"; "0%" of nothing."""
    if not total:
        return "0%"
    return f"{round(100 * n / total, 1):g}%"


def category(task: dict, as_of: datetime.date) -> tuple[str, float]:
    """(通报 category, 序时进度) of one task (as `gather` reads it: status, percent, start and due days,
    its plan's year); see the module's note."""
    start = task["start_date"] or datetime.date(task["plan__year"], 1, 1)
    pace = expected_percent(start, task["due_date"], as_of)
    status = task["status"]
    if status in (TaskStatus.DONE, TaskStatus.CLOSED):
        return DONE, pace
    if status in (TaskStatus.LAGGING, TaskStatus.OVERDUE):
        return BEHIND, pace
    if status == TaskStatus.NOT_STARTED:
        return NOT_STARTED, pace
    if (task["percent"] or 0) - pace >= AHEAD_POINTS:
        return AHEAD, pace
    return ON_PACE, pace


def _since(task, notices) -> str:
    """Since when a lagging task is behind, from what the ledger stores: the day after its time limit
    when overdue, else the day its oldest open 督办单 was issued, else the day its light turned red or
    yellow (Task.rag_since), else the month itself."""
    if task["status"] == TaskStatus.OVERDUE and task["due_date"]:
        return f"{task['due_date'] + datetime.timedelta(days=1):%Y-%m-%d}起逾期"
    if notices:
        first = min(n["issued_at"] for n in notices)
        return f"{first:%Y-%m-%d}起被督办"
    if task["rag"] in LIT and task["rag_since"]:
        return f"{timezone.localdate(task['rag_since']):%Y-%m-%d}起{LIT[task['rag']]}"
    return "本月"


LIT = {Rag.RED: "亮红灯", Rag.YELLOW: "亮黄灯"}


# The steps of `gather`, told to its `progress` callback as each begins (a background job shows them).
STEPS = ("读取任务及牵头单位", "读取督办和进展报告", "统计汇总")
TASK_FIELDS = (
    "id", "plan__year", "code", "title", "area__title", "status", "percent", "start_date", "due_date",
    "status_reasons", "progress_note", "rag", "rag_since",
)  # fmt: skip


def gather(plans, year: int, month: int, *, today: datetime.date, months=1, progress=None) -> dict:
    """The 通报's data for `plans` (one plan, or all plans of a jurisdiction) and the `months` months
    ending with `month` (the tasks as of its end, the reports of the cycles ending in those months), as
    plain JSON values (it is kept as the published 通报's snapshot). `progress(i, step)` is called as step
    i of STEPS begins. Rows are read as values, each table filtered by the plans (no list of task ids
    is sent), so a province's 300,000 tasks cost five statements and no model instances."""
    progress = progress or (lambda i, step: None)
    progress(0, STEPS[0])
    plans = list(plans)
    first_day = datetime.date(year, month - months + 1, 1)
    month_start = datetime.date(year, month, 1)
    month_end = month_start.replace(day=calendar.monthrange(year, month)[1])
    as_of = min(today, month_end)
    current = {"task__plan__in": plans, "task__archived_at__isnull": True}
    tasks = (
        Task.objects.filter(plan__in=plans, archived_at__isnull=True)
        .values(*TASK_FIELDS)
        .order_by("plan_id", "area__order", "area_id", "id")
    )
    leads = defaultdict(list)
    for task_id, name in (
        TaskUnit.objects.filter(role=TaskUnit.Role.LEAD, **current)
        .values_list("task_id", "unit__name")
        .order_by("task_id", "order", "id")
    ):
        leads[task_id].append(name)
    progress(1, STEPS[1])
    notices = defaultdict(list)
    for notice in Notice.objects.filter(closed_at__isnull=True, **current).values(
        "task_id", "level", "issued_at"
    ):
        notices[notice["task_id"]].append(notice)
    cycles = list(
        Cycle.objects.filter(plan__in=plans, period_end__gte=first_day, period_end__lte=month_end).order_by(
            "plan_id", "period_end"
        )
    )
    reports = (
        Report.objects.filter(cycle__in=cycles, task__archived_at__isnull=True)
        .exclude(status=Report.Status.CANCELLED)
        .values("task_id", "unit_id", "unit__name", "unit__path", "status", "problems")
        .order_by("unit__path", "task_id")
    )
    progress(2, STEPS[2])
    # The tasks and the reports are streamed (iterator): only the rows made of them are held at once.
    rows = [
        _task_row(task, leads.get(task["id"], ()), as_of, notices.get(task["id"], []))
        for task in tasks.iterator(chunk_size=5000)
    ]
    reports = reports.iterator(chunk_size=5000)
    figures = _assemble(plans, rows, cycles, reports, year, month, as_of, len(notices))
    figures["first_month"] = month - months + 1
    return figures


STATUS_LABELS = dict(TaskStatus.choices)


def _task_row(task, leads, as_of, notices) -> dict:
    cat, pace = category(task, as_of)
    return {
        "id": task["id"],
        "code": task["code"],
        "title": task["title"],
        "area": task["area__title"] or NO_AREA,
        "lead": "、".join(leads) or "（未明确）",
        "status": STATUS_LABELS.get(task["status"], task["status"]),
        "category": cat,
        "percent": task["percent"],
        "pace": round(pace),
        "due": f"{task['due_date']:%Y-%m-%d}" if task["due_date"] else "",
        "reasons": list(task["status_reasons"] or []),
        "since": _since(task, notices) if cat == BEHIND else "",
        "notices": len(notices),
        "progress": task["progress_note"],
    }


def _assemble(plans, rows, cycles, reports, year, month, as_of, noticed) -> dict:
    total = len(rows)
    counts = Counter(row["category"] for row in rows)
    areas = {}
    for row in rows:
        area = areas.setdefault(
            row["area"], {"area": row["area"], "total": 0, **dict.fromkeys(CATEGORIES, 0)}
        )
        area["total"] += 1
        area[row["category"]] += 1
    titles = {row["id"]: row for row in rows}
    units = {}
    problems = defaultdict(list)
    for report in reports:
        unit = units.setdefault(
            report["unit_id"], {"unit": report["unit__name"], "due": 0, "submitted": 0, "missing": []}
        )
        unit["due"] += 1
        if report["status"] in SUBMITTED:
            unit["submitted"] += 1
        else:
            unit["missing"].append(titles[report["task_id"]]["title"] if report["task_id"] in titles else "")
        text = (report["problems"] or "").strip()
        if text and report["status"] in SUBMITTED and report["task_id"] in titles:
            row = titles[report["task_id"]]
            problems[row["area"]].append({"unit": report["unit__name"], "task": row["title"], "text": text})
    submission = [
        {**u, "missing": len(u["missing"]), "rate": share(u["submitted"], u["due"])} for u in units.values()
    ]
    due = sum(u["due"] for u in submission)
    submitted = sum(u["submitted"] for u in submission)
    return {
        "year": year,
        "month": month,
        "as_of": f"{as_of:%Y-%m-%d}",
        "plans": [{"id": p.pk, "title": p.title, "source": p.source_title} for p in plans],
        "total": total,
        "counts": {c: counts.get(c, 0) for c in CATEGORIES},
        "shares": {c: share(counts.get(c, 0), total) for c in CATEGORIES},
        "areas": list(areas.values()),
        "good": [r for r in rows if r["category"] in (DONE, AHEAD)],
        "behind": [r for r in rows if r["category"] == BEHIND],
        "on_pace": [r for r in rows if r["category"] != BEHIND],
        "cycles": [c.label for c in cycles],
        "submission": submission,
        "submission_total": {"due": due, "submitted": submitted, "rate": share(submitted, due)},
        "late_units": [u["unit"] for u in submission if u["missing"]],
        "problems": [{"area": area, "items": items} for area, items in problems.items()],
        "noticed_tasks": noticed,
        "ahead_points": AHEAD_POINTS,
    }


# How much of a long list a 通报 names: in its text (the items named one by one) and in an attached
# table. A province's 300,000 tasks make neither a readable text nor a printable table; the counts stay
# whole (`totals`), the lists are cut, and the document says how many it lists (wording.listed).
DEFAULT_TEXT_ITEMS, DEFAULT_TABLE_ROWS = 100, 2000


def limits() -> tuple[int, int]:
    return (
        getattr(settings, "BRIEFING_TEXT_ITEMS", DEFAULT_TEXT_ITEMS),
        getattr(settings, "BRIEFING_TABLE_ROWS", DEFAULT_TABLE_ROWS),
    )


def trim(figures: dict, *, text=(), tables=()) -> dict:
    """Cut the lists `text` (named in the text) to the text's limit and `tables` (attached tables) to the
    table's, keeping each list's whole length in figures["totals"]; 存在问题 (grouped by area) to the
    text's limit over all groups."""
    text_items, table_rows = limits()
    totals = figures.setdefault("totals", {})
    for keys, limit in ((text, text_items), (tables, table_rows)):
        for key in keys:
            totals[key] = len(figures[key])
            figures[key] = figures[key][:limit]
    if "problems" in figures:
        left, groups = text_items, []
        totals["problems"] = sum(len(g["items"]) for g in figures["problems"])
        for group in figures["problems"]:
            if left > 0:
                groups.append({**group, "items": group["items"][:left]})
                left -= len(groups[-1]["items"])
        figures["problems"] = groups
    figures["limits"] = {"text": text_items, "table": table_rows}
    return figures
