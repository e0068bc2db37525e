"""What the reporting cycle tells whom, through apps.notify."""

from apps.notify.outbox import send, unit_users
from apps.orgs.models import Role


def report_submitted(report) -> int:
    return send(
        users=unit_users([report.unit_id], Role.APPROVER),
        units=[],
        key=f"report-submitted:{report.pk}:{report.version}",
        text=f"{report.unit}提交了《{report.task.title}》{report.cycle.label}进展报告，请审核",
        link=f"/reports/{report.pk}/",
    )


def report_returned(report) -> int:
    return send(
        users=unit_users([report.unit_id], Role.REPORTER, Role.APPROVER),
        units=[report.unit],
        key=f"report-returned:{report.pk}:{report.version}",
        text=f"《{report.task.title}》{report.cycle.label}进展报告被退回：{report.comment}",
        link=f"/reports/{report.pk}/",
    )


def urge(cycle, unit, pending: int, *, roles, today) -> int:
    """催办: one message a day per unit and cycle, to its staff with `roles` and its outside channels."""
    return send(
        users=unit_users([unit.pk], *roles),
        units=[unit],
        key=f"urge:{cycle.pk}:{unit.pk}:{today}",
        subject="【催办】进展报告",
        text=f"【催办】{cycle.plan.title}{cycle.label}进展报告截止 {cycle.due_on:%Y-%m-%d}，贵单位尚有 {pending} 项未报送，请抓紧填报",
        link="/todo/",
    )
