"""Working days in mainland China: public holidays and adjusted working days (调休).

The chinese-calendar library knows the official 放假调休 arrangements for the years it was released for. For
any other year an administrator enters the official dates in the app; those entries (`overrides`, date →
is-working-day) win over the library, and a year known to neither falls back to Monday–Friday.

>>> cal = WorkCalendar()
>>> cal.is_workday(datetime.date(2026, 10, 1))    # 国庆
False
>>> cal.is_workday(datetime.date(2026, 10, 10))   # adjusted working Saturday
True
>>> cal.next_workday(datetime.date(2026, 10, 1))
datetime.date(2026, 10, 8)
>>> cal.add_workdays(datetime.date(2026, 9, 29), 2)
datetime.date(2026, 10, 8)
"""

import datetime
from functools import cache

import chinese_calendar
from chinese_calendar import constants


@cache
def library_years() -> tuple[int, int]:
    years = {d.year for d in constants.holidays}
    return min(years), max(years)


@cache
def _library_workday(day: datetime.date) -> bool:
    return chinese_calendar.is_workday(day)


class WorkCalendar:
    def __init__(self, overrides: dict[datetime.date, bool] | None = None):
        self.overrides = overrides or {}
        self.manual_years = {d.year for d in self.overrides}

    def coverage(self, year: int) -> str:
        """How `year` is known: "library" (chinese-calendar, entries act as corrections), "manual" (entered
        in the app) or "weekdays" (neither: Monday–Friday only)."""
        low, high = library_years()
        if low <= year <= high:
            return "library"
        return "manual" if year in self.manual_years else "weekdays"

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        low, high = library_years()
        if low <= day.year <= high:
            return _library_workday(day)
        return day.weekday() < 5

    def next_workday(self, day: datetime.date) -> datetime.date:
        """The day itself when it is a working day, else the next one (节假日顺延)."""
        while not self.is_workday(day):
            day += datetime.timedelta(days=1)
        return day

    def add_workdays(self, day: datetime.date, n: int) -> datetime.date:
        step = 1 if n >= 0 else -1
        for _ in range(abs(n)):
            day += datetime.timedelta(days=step)
            while not self.is_workday(day):
                day += datetime.timedelta(days=step)
        return day

    def workdays_until(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            count += self.is_workday(day)
        return count
