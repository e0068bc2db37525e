"""What the task page shows about the cycle: derived status, trajectory (planned vs reported progress),
targets' actuals, the reports the user may see."""

import datetime

from django.utils import timezone

from apps.plans.models import Target

from .access import visible_reports
from .models import Report, TargetActual
from .rules import TaskFacts, effective_start, expected_percent
from .status import published_on


def _month_ends(start: datetime.date, end: datetime.date):
    day = start
    while day < end:
        nxt = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        yield min(nxt - datetime.timedelta(days=1), end)
        day = nxt


def trajectory(task, accepted) -> dict:
    """Planned progress (elapsed time) at each month end, and the accepted progress reported by then."""
    if not task.start_date or not task.due_date:
        return {}
    points = list(_month_ends(task.start_date, task.due_date))
    if not points:  # starts and ends on the same day: no month end to draw
        return {}
    facts = TaskFacts(
        start=task.start_date,
        due=task.due_date,
        published=published_on([task.plan_id], plans=[task.plan]).get(task.plan_id),
    )
    start = effective_start(facts)  # the same trajectory the status rules measure against
    by_day = sorted((r.cycle.period_end, r.percent) for r in accepted if r.percent is not None)
    reported, latest, i = [], None, 0
    today = timezone.localdate()
    # The line runs up to the month containing today: this month's accepted report shows at once, not
    # only once the month is over; later months are the future.
    cutoff = next((d for d in points if d >= today), points[-1])
    for day in points:
        while i < len(by_day) and by_day[i][0] <= day:
            latest = by_day[i][1]
            i += 1
        reported.append(latest if day <= cutoff else None)
    return {
        "labels": [f"{d:%Y-%m}" for d in points],
        "planned": [round(expected_percent(start, task.due_date, d)) for d in points],
        "reported": reported,
    }


def context(user, task) -> dict:
    reports = list(
        visible_reports(user)
        .filter(task=task)
        .select_related("cycle", "unit")
        .order_by("-cycle__period_end", "-is_lead")[:60]
    )
    accepted = [r for r in reports if r.status == Report.Status.ACCEPTED and r.is_lead]
    if "targets" in getattr(task, "_prefetched_objects_cache", {}):  # the task page has them
        targets = list(task.targets.all())
    else:
        targets = list(Target.objects.filter(task=task, archived_at__isnull=True))
    latest = {}
    for actual in (
        TargetActual.objects.filter(
            target__task=task,
            target__archived_at__isnull=True,
            report__status=Report.Status.ACCEPTED,
            report__is_lead=True,
        )
        .select_related("report__cycle")
        .order_by("report__cycle__period_end")
    ):
        latest[actual.target_id] = actual
    return {
        "status_label": task.get_status_display(),
        "rag_label": task.get_rag_display(),
        "reports": reports,
        "trajectory": trajectory(task, accepted),
        "target_actuals": [(t, latest.get(t.pk)) for t in targets],
    }
