"""The 重点项目 reminders of the `tick`: once a month's report is overdue (after the due day, see
lights.due_day), the 责任单位's reporters of each project whose month is not sent are told — once per
project and month (the key), in-app and through the unit's channels. A handful of queries however many
projects: the projects owing, their units' staff, the keys already sent."""

import datetime
from collections import defaultdict

from apps.notify.outbox import Message, send_many, unit_users
from apps.orgs.models import UNIT_ROLES

from .lights import due_on, last_due_month
from .models import Project, ProjectReport


def owing(year: int, month: int):
    """Active projects of `year` with an annual plan whose `month` has no report sent."""
    sent = ProjectReport.objects.filter(month=month, status__in=ProjectReport.COUNTED).values("project_id")
    return (
        Project.objects.filter(year=year, archived_at__isnull=True, annual_plan__gt=0)
        .exclude(pk__in=sent)
        .select_related("unit")
    )


def remind_overdue(today: datetime.date) -> int:
    """Tell the units of the projects whose last due month (of this year) is not reported. Returns how
    many new messages went out."""
    month = last_due_month(today.year, today)
    if month == 0:
        return 0
    projects = list(owing(today.year, month).order_by("unit_id", "code"))
    by_unit = defaultdict(list)
    for user in unit_users({p.unit_id for p in projects}, *UNIT_ROLES):
        by_unit[user.unit_id].append(user)
    due = due_on(today.year, month)
    return send_many(
        Message(
            users=by_unit[p.unit_id],
            units=[p.unit],
            key=f"project-overdue:{p.pk}:{today.year}-{month}",
            subject="【重点项目】",
            text=f"重点项目“{p.name}”{month}月进展已过报送期限（{due.month}月{due.day}日），请尽快报送",
            link=f"/projects/{p.pk}/",
        )
        for p in projects
    )
