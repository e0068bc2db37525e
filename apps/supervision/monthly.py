"""按月交账: a rectification item's lead unit reports its progress once a month, by the monthly reporting
day (`RECTIFICATION_REPORT_DAY`, moved to the next working day as the reporting cycles' due days are).
An open item (未启动, 推进中) owes this month's progress when it has no entry for the month and existed on
its reporting day; what is owed and late is worked out here for 我的待办, the item's page and the tick.

>>> month_of(datetime.date(2026, 11, 23))
datetime.date(2026, 11, 1)
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from apps.cycles.calendar import work_calendar
from apps.cycles.periods import due_date, period_for

from .models import Rectification, RectificationProgress

OPEN = (Rectification.Status.NOT_STARTED, Rectification.Status.IN_PROGRESS)


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def report_day(day: datetime.date, cal=None) -> datetime.date:
    """The day this month's progress of an item is due (the reporting day, or the next working day)."""
    return due_date(period_for("month", day), settings.RECTIFICATION_REPORT_DAY, cal or work_calendar())


def with_month(items, month: datetime.date):
    """`items` annotated with `reported`: whether the item has a progress entry for `month`."""
    entries = RectificationProgress.objects.filter(item=OuterRef("pk"), month=month)
    return items.annotate(reported=Exists(entries))


def owing(items, today: datetime.date, due: datetime.date):
    """The open items among `items` that still owe the progress of `today`'s month, due on `due`."""
    return (
        with_month(items, month_of(today))
        .filter(status__in=OPEN, reported=False, created_at__date__lte=due)
        .order_by("due_date", "id")
    )


@dataclass(frozen=True)
class MonthState:
    """Where one item stands this month: `reported` (this month's progress is in), else `owed` (本月未交账)
    by `due`, `late_days` past it; `overdue_days` past the item's own time limit (整改时限) unfinished."""

    due: datetime.date
    reported: bool
    owed: bool
    late_days: int
    overdue_days: int


def state(item: Rectification, *, reported: bool, today, due) -> MonthState:
    owed = (
        item.status in OPEN
        and not reported
        and (item.created_at is None or timezone.localdate(item.created_at) <= due)
    )
    return MonthState(
        due=due,
        reported=reported,
        owed=owed,
        late_days=(today - due).days if owed and today > due else 0,
        overdue_days=(today - item.due_date).days if item.is_overdue(today) else 0,
    )


def for_todo(items, today: datetime.date, *, limit: int) -> list:
    """我的待办: `items` with the ones still owing this month's progress first (then by time limit), each
    with `month` (a MonthState) for the page."""
    rows = list(with_month(items, month_of(today)).order_by("reported", "due_date", "id")[:limit])
    due = report_day(today) if rows else None  # the calendar is read only when there is an item
    for item in rows:
        item.month = state(item, reported=item.reported, today=today, due=due)
    return rows


def history(item: Rectification, today: datetime.date) -> dict:
    """The item's page: its progress month by month (newest first; a month with several entries lists
    them all), and this month's state."""
    entries = list(item.progress_entries.select_related("reported_by").order_by("-month", "-reported_at"))
    months = []
    for entry in entries:
        if not months or months[-1]["month"] != entry.month:
            months.append({"month": entry.month, "entries": []})
        months[-1]["entries"].append(entry)
    reported = bool(months) and months[0]["month"] == month_of(today)
    return {
        "progress_months": months,
        "this_month": state(item, reported=reported, today=today, due=report_day(today)),
    }
