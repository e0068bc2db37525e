"""The rules of 督办 and 销号: when a notice is late, when a further notice goes one level up, and how
far a task is from done when its lead unit applies for 销号."""

from dataclasses import dataclass

from apps.cycles.models import Report, TargetActual
from apps.cycles.rules import target_met
from apps.plans.models import Plan, Task, TaskStatus, fmt_number

from .models import Notice

REPLY_WORKDAYS = 5  # default reply-by: today + 5 working days
LATE_UNREPLIED, LATE_REPLIED = "逾期未回复", "逾期回复"


def late_label(notice: Notice, today) -> str:
    """ "逾期未回复", "逾期回复" or "" (on time, or not yet due)."""
    if not notice.is_late(today):
        return ""
    return LATE_REPLIED if notice.replied_at else LATE_UNREPLIED


def needs_escalation(notice: Notice, today) -> bool:
    """An open notice still unanswered, or answered late: a further notice to the unit goes one level up."""
    return notice.closed_at is None and (notice.replied_at is None or notice.is_late(today))


def suggested_level(task, unit, today) -> Notice.Level:
    """The level for a new notice to `unit` on `task`: one above its highest pending or late notice."""
    levels = [
        n.next_level
        for n in Notice.objects.filter(task=task, unit=unit, closed_at__isnull=True)
        if needs_escalation(n, today)
    ]
    return max(levels, default=Notice.Level.REMIND)


def annotate(notices, today):
    """Set `late_label`, `escalate_to` (the next level, or None) and `colour` on each notice, for the lists
    (their task and its plan loaded with them)."""
    for notice in notices:
        notice.colour = notice_colour(notice, notice.task.plan.ladder, today)
        notice.late_label = late_label(notice, today)
        notice.escalate_to = notice.next_level if needs_escalation(notice, today) else None
    return notices


@dataclass(frozen=True)
class Colour:
    name: str  # blue, orange, yellow, red: the CSS class
    label: str  # 蓝单 …
    why: str  # what made it this colour, for the tooltip and the page


BLUE, ORANGE, YELLOW, RED = "blue", "orange", "yellow", "red"


def notice_colour(notice: Notice, ladder: str, today) -> Colour:
    """The colour of a 督办单 on its plan's ladder.
    - escalation (三明 三色督查单): 提醒 → 蓝单; 催办 → 橙单 (限期办结); 督办 and 通报 → 红单 — one level up each
      missed deadline, so the colour climbs with the unit's silence;
    - time (宿迁 style): 红 when the task is overdue, 黄 when it trails its 序时进度 (滞后) or the reply is late,
      蓝 otherwise (a reminder near the deadline)."""
    if ladder == Plan.Ladder.TIME:
        task = notice.task
        if task.status == TaskStatus.OVERDUE:
            return Colour(RED, "红单", "任务已逾期未办结")
        if task.status == TaskStatus.LAGGING or notice.is_late(today):
            why = "任务进度落后于序时进度" if task.status == TaskStatus.LAGGING else "督办单逾期未回复"
            return Colour(YELLOW, "黄单", why)
        return Colour(BLUE, "蓝单", "临近办结时限的提醒")
    if notice.level <= Notice.Level.REMIND:
        return Colour(BLUE, "蓝单", "首次提醒")
    if notice.level == Notice.Level.URGE:
        return Colour(ORANGE, "橙单", "提醒后仍未办结，责令限期办结")
    return Colour(RED, "红单", f"{notice.get_level_display()}：橙单后仍未办结")


@dataclass
class Gap:
    """How far a task is from done, from its lead unit's accepted reports: progress, and for each target
    the latest accepted actual and whether it meets the target."""

    percent: int | None
    targets: list  # [(Target, actual Decimal or None, met)]

    @property
    def unmet(self) -> int:
        return sum(not met for _, _, met in self.targets)

    @property
    def unfinished(self) -> bool:
        return (self.percent or 0) < 100 or self.unmet > 0

    def lines(self) -> list[str]:
        """ "当前进度 85%" and one line per target: "高标准农田 ≥ 20万亩：实际 18万亩，未达到"."""
        lines = [f"当前进度 {self.percent}%" if self.percent is not None else "当前进度：尚无采纳的进展报告"]
        for target, actual, met in self.targets:
            shown = f"实际 {fmt_number(actual)}{target.unit}" if actual is not None else "未报实际值"
            lines.append(f"{target}：{shown}，{'已达到' if met else '未达到'}")
        return lines

    def summary(self) -> str:
        """ "进度 85%，1 项指标未达到目标值" — what is missing, or "" when nothing is."""
        parts = []
        if (self.percent or 0) < 100:
            parts.append(f"进度 {self.percent or 0}%")
        if self.unmet:
            parts.append(f"{self.unmet} 项指标未达到目标值")
        return "，".join(parts)


def closeout_gap(task) -> Gap:
    targets = list(task.targets.filter(archived_at__isnull=True))
    latest = dict(
        TargetActual.objects.filter(
            target__in=targets, report__status=Report.Status.ACCEPTED, report__is_lead=True
        )
        .order_by("report__cycle__period_end", "report_id")
        .values_list("target_id", "value")
    )  # later rows overwrite earlier ones: the latest accepted value per target
    percent = Task.objects.filter(pk=task.pk).values_list("percent", flat=True).first()
    return Gap(
        percent,
        [(t, latest.get(t.pk), target_met(t.comparator, t.value, latest.get(t.pk))) for t in targets],
    )
