"""The working-day calendar (放假调休 as recorded, else chinese-calendar) and the warning thresholds."""

from django.conf import settings

from lib.workdays import WorkCalendar

from .models import Holiday
from .rules import Thresholds


def work_calendar() -> WorkCalendar:
    return WorkCalendar(dict(Holiday.objects.values_list("day", "is_workday")))


def thresholds() -> Thresholds:
    return Thresholds(settings.WARN_WORKDAYS, settings.LAG_YELLOW, settings.LAG_RED)
