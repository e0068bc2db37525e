"""Reporting periods and their due dates.

>>> from lib.workdays import WorkCalendar
>>> p = period_for("month", datetime.date(2026, 9, 10))
>>> p.label, p.start, p.end
('2026年9月', datetime.date(2026, 9, 1), datetime.date(2026, 9, 30))
>>> due_date(p, 25, WorkCalendar())     # 25 Sept 2026 is 中秋节 → Monday 28th
datetime.date(2026, 9, 28)
>>> period_for("quarter", datetime.date(2026, 11, 23)).label
'2026年第四季度'
>>> due_date(period_for("month", datetime.date(2026, 10, 2)), 1, WorkCalendar())  # 10-01 国庆 → 10-08
datetime.date(2026, 10, 8)
"""

import calendar
import datetime
from dataclasses import dataclass

QUARTERS = "一二三四"


@dataclass(frozen=True)
class Period:
    kind: str
    label: str
    start: datetime.date
    end: datetime.date

    def next(self) -> "Period":
        return period_for(self.kind, self.end + datetime.timedelta(days=1))


def period_for(kind: str, day: datetime.date) -> Period:
    if kind == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return Period(kind, f"{day.year}年{day.month}月", day.replace(day=1), day.replace(day=last))
    if kind == "quarter":
        q = (day.month - 1) // 3
        start = datetime.date(day.year, 3 * q + 1, 1)
        end_month = 3 * q + 3
        end = datetime.date(day.year, end_month, calendar.monthrange(day.year, end_month)[1])
        return Period(kind, f"{day.year}年第{QUARTERS[q]}季度", start, end)
    if kind == "year":
        return Period(kind, f"{day.year}年度", datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31))
    raise ValueError(kind)


def due_date(period: Period, due_day: int, cal) -> datetime.date:
    """The due day in the period's last month (capped at its length), moved to the next working day.
    Annual reports are due on the due day of December, as 年终总结 usually are."""
    year, month = period.end.year, period.end.month
    day = max(1, min(due_day, calendar.monthrange(year, month)[1]))  # 0 (allowed by the form) → the 1st
    return cal.next_workday(datetime.date(year, month, day))
