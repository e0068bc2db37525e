"""The 整改台账's step of `tick` (apps.portal.tick runs it): the 督查督办 chain's 临近提醒 and 到期催办 on
rectification items, through apps.notify. Every message has a key, so each is sent once however often the
tick runs:

- 临近提醒: from `warn_workdays` working days before this month's reporting day (`monthly.report_day`) up
  to that day, to the lead unit's 填报员 and 审核人 and its channels, while the item's progress for the
  month is missing — once per item per month;
- 到期催办: from the day after an unfinished item's time limit (整改时限), to the lead unit — once per item
  and time limit (a granted extension is a new time limit);
- 逾期提示 the same day to the issuing office (the 交办单位's 牵头机关 and 督查员) — once per item and time
  limit.

Time limits that passed more than LATE_WINDOW_DAYS ago are not announced any more (a first tick after a
long pause does not flood the units with old news).
"""

import datetime
from collections import defaultdict

from apps.notify.outbox import Message, send_many, unit_users
from apps.orgs.models import Role

from .access_inspections import issuing_offices
from .models import Rectification
from .monthly import OPEN, owing, report_day

LATE_WINDOW_DAYS = 31


def remind_rectifications(today: datetime.date, cal, warn_workdays: int) -> int:
    """The tick step: returns the messages sent (notifications and deliveries)."""
    return _month_reminders(today, cal, warn_workdays) + _overdue_notices(today)


def _lead_staff(items) -> dict:
    staff = defaultdict(list)
    for user in unit_users({item.lead_unit_id for item in items}, Role.REPORTER, Role.APPROVER):
        staff[user.unit_id].append(user)
    return staff


def _month_reminders(today, cal, warn_workdays) -> int:
    due = report_day(today, cal)
    if today > due or cal.workdays_until(today, due) > warn_workdays:
        return 0
    items = list(owing(Rectification.objects.all(), today, due).select_related("lead_unit"))
    staff = _lead_staff(items)
    return send_many(
        Message(
            users=staff[item.lead_unit_id],
            units=[item.lead_unit],
            key=f"rectification-month:{item.pk}:{today:%Y-%m}",
            subject="【临近提醒】整改进展",
            text=f"【临近提醒】整改事项《{item}》本月整改进展应于 {due:%Y-%m-%d} 前报送，请按月交账",
            link=f"/rectifications/{item.pk}/",
        )
        for item in items
    )


def _overdue_notices(today) -> int:
    items = list(
        Rectification.objects.filter(
            kind=Rectification.Kind.DEADLINE,
            status__in=OPEN,
            due_date__lt=today,
            due_date__gte=today - datetime.timedelta(days=LATE_WINDOW_DAYS),
        ).select_related("lead_unit", "owner_unit")
    )
    staff = _lead_staff(items)
    offices = issuing_offices({item.owner_unit for item in items})
    messages = []
    for item in items:
        limit = f"{item.due_date:%Y-%m-%d}"
        messages.append(
            Message(
                users=staff[item.lead_unit_id],
                units=[item.lead_unit],
                key=f"rectification-overdue:{item.pk}:{limit}",
                subject="【到期催办】整改事项",
                text=f"【到期催办】整改事项《{item}》整改时限 {limit} 已过仍未完成，请抓紧整改并报送进展",
                link=f"/rectifications/{item.pk}/",
            )
        )
        messages.append(
            Message(
                users=offices[item.owner_unit_id],
                units=[],
                key=f"rectification-overdue-office:{item.pk}:{limit}",
                text=f"整改事项《{item}》（牵头单位：{item.lead_unit}）已超过整改时限 {limit} 仍未完成",
                link=f"/rectifications/{item.pk}/",
            )
        )
    return send_many(messages)
