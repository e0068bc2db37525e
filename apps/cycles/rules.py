"""Status and red/yellow/green warnings, derived — never typed in. Pure functions: no database, no clock;
the caller passes today's date and a working-day calendar.

Status (TaskStatus): 未启动, 正常推进, 滞后, 逾期, 已完成, 已销号.
RAG (Rag):
- red    when the task or a milestone is overdue (a deadline on a holiday moves to the next working day,
         节假日顺延), a report is still missing after its cycle closed, or progress trails elapsed time by
         more than `lag_red` points (the 双过半 check at mid-year);
- yellow when a deadline (task, milestone or report) is within `warn_workdays` working days and not met,
         or progress trails elapsed time by more than `lag_yellow` points;
- green  otherwise.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from apps.plans.models import Rag, TaskStatus

# Short names for the rules below; values and Chinese names are the models' TextChoices.
NOT_STARTED, ON_TRACK, LAGGING, OVERDUE, DONE, CLOSED = (
    TaskStatus.NOT_STARTED,
    TaskStatus.ON_TRACK,
    TaskStatus.LAGGING,
    TaskStatus.OVERDUE,
    TaskStatus.DONE,
    TaskStatus.CLOSED,
)
GREEN, YELLOW, RED = Rag.GREEN, Rag.YELLOW, Rag.RED


@dataclass(frozen=True)
class Thresholds:
    warn_workdays: int = 5
    lag_yellow: int = 10
    lag_red: int = 20


@dataclass
class TaskFacts:
    start: datetime.date | None
    due: datetime.date | None
    percent: int | None = None  # from the latest accepted report
    closed_out: bool = False
    milestones: list[tuple[datetime.date, datetime.date | None]] = field(
        default_factory=list
    )  # (due, done_on)
    reports_due: list[datetime.date] = field(default_factory=list)  # open cycles not yet reported on
    missing_reports: int = 0  # cycles closed without the lead unit's report
    published: datetime.date | None = None  # when the plan was published (or created): no work before


def effective_start(facts: TaskFacts) -> datetime.date | None:
    """When the work could start: the task's start date, but never before its plan was published (a plan
    published in December does not owe eleven months of progress)."""
    days = [d for d in (facts.start, facts.published) if d is not None]
    return max(days, default=None)


def target_met(comparator: str, value, actual) -> bool:
    """Whether a reported actual meets a target. "≥ 20" and "＝ 20" (a count to reach, "建成20所") are met
    from 20 up, "≈ 20" from 95% of it, "≤ 5" and "＜ 5" (a ceiling, "控制在5%以内") at or below; no
    reported value meets nothing."""
    if actual is None:
        return False
    return {
        ">=": actual >= value,
        ">": actual > value,
        "=": actual >= value,
        "~": actual >= value * Decimal("0.95"),
        "<=": actual <= value,
        "<": actual < value,
    }.get(comparator, actual >= value)


def expected_percent(start, due, today) -> float:
    """Share of the task's time already elapsed, 0–100 (the trajectory a report is compared with)."""
    if not start or not due or due <= start:
        return 100.0 if due and today >= due else 0.0
    if today <= start:
        return 0.0
    if today >= due:
        return 100.0
    return 100.0 * (today - start).days / (due - start).days


# The reasons shown beside a task's light. Only people read them: no rule looks at their wording.
MESSAGES = {
    "task_overdue": "已超过完成时限 {day:%Y-%m-%d}",
    "milestone_overdue": "节点 {day:%Y-%m-%d} 已逾期",
    "missing_reports": "有 {n} 期进展报告截止后仍未报送",
    "lag": "进度 {percent}% 落后时间进度 {lag:.0f} 个百分点",
    "task_near": "距完成时限 {day:%Y-%m-%d} 不足 {n} 个工作日",
    "milestone_near": "节点 {day:%Y-%m-%d} 临近",
    "report_near": "本期报告 {day:%Y-%m-%d} 截止，尚未报送",
}


def derive(facts: TaskFacts, today: datetime.date, calendar, th: Thresholds = Thresholds()):
    """Return (status, rag, reasons) for one task."""
    percent = facts.percent or 0
    if facts.closed_out:
        return CLOSED, GREEN, []
    if percent >= 100:
        return DONE, GREEN, []

    def deadline(day):
        """A deadline on a holiday moves to the next working day (节假日顺延, 民法典第二百零三条)."""
        return calendar.next_workday(day)

    def near(day):
        return (
            day is not None
            and today <= deadline(day)
            and calendar.workdays_until(today, day) <= th.warn_workdays
        )

    red, yellow = [], []  # (message key, values)
    overdue = facts.due is not None and today > deadline(facts.due)
    if overdue:
        red.append(("task_overdue", {"day": facts.due}))
    late_milestones = [due for due, done in facts.milestones if done is None and today > deadline(due)]
    red += [("milestone_overdue", {"day": due}) for due in late_milestones]
    if facts.missing_reports:
        red.append(("missing_reports", {"n": facts.missing_reports}))

    start = effective_start(facts)
    lag = expected_percent(start, facts.due, today) - percent
    if lag > th.lag_yellow:
        (red if lag > th.lag_red else yellow).append(("lag", {"percent": percent, "lag": lag}))

    if near(facts.due):
        yellow.append(("task_near", {"day": facts.due, "n": th.warn_workdays}))
    yellow += [
        ("milestone_near", {"day": due}) for due, done in facts.milestones if done is None and near(due)
    ]
    yellow += [("report_near", {"day": due}) for due in facts.reports_due if near(due)]

    if overdue:
        status = OVERDUE
    elif start and today < start and not percent:
        status = NOT_STARTED
    elif lag > th.lag_yellow or late_milestones:
        status = LAGGING
    elif facts.percent is None:
        status = NOT_STARTED
    else:
        status = ON_TRACK
    rag = RED if red else YELLOW if yellow else GREEN
    return status, rag, [MESSAGES[key].format(**values) for key, values in red + yellow]
