"""What 督办 and 销号 tell whom, through apps.notify."""

from collections import defaultdict

from apps.notify.outbox import Message, send, send_many, unit_users
from apps.orgs.models import Role
from apps.plans.access import plan_coordinators

from .models import CloseOut, Notice


def notice_issued(notice: Notice) -> int:
    return send(
        users=unit_users([notice.unit_id], Role.REPORTER, Role.APPROVER),
        units=[notice.unit],
        key=f"notice:{notice.pk}",
        subject=f"【{notice.get_level_display()}】{notice.task.title}",
        text=f"【{notice.get_level_display()}】《{notice.task.title}》：{notice.reason}。请于 {notice.reply_by:%Y-%m-%d} 前回复",
        link=f"/notices/{notice.pk}/",
    )


def closeout_applied(closeout: CloseOut) -> int:
    """Tell the coordinators of the plan's jurisdiction that a 销号 application waits for 核查 and 审核."""
    return send(
        users=plan_coordinators(closeout.task.plan),
        units=[],
        key=f"closeout:{closeout.pk}",
        text=f"{closeout.unit}申请《{closeout.task.title}》销号，请安排核查、审核",
        link=f"/closeouts/{closeout.pk}/",
    )


def closeout_decided(closeout: CloseOut) -> int:
    """Tell the unit where its 销号 application stands: 公示 started, 已销号, or 未通过 with the reason."""
    return closeouts_decided([closeout])


def closeouts_decided(closeouts) -> int:
    """`closeout_decided` for many applications at once (the tick's 公示 ends): the units' staff read in one
    query, every message sent with one send_many."""
    staff = defaultdict(list)
    for user in unit_users({c.unit_id for c in closeouts}, Role.REPORTER, Role.APPROVER):
        staff[user.unit_id].append(user)
    return send_many(
        Message(
            users=staff[closeout.unit_id],
            units=[closeout.unit],
            key=f"closeout-{closeout.status}:{closeout.pk}",
            text=f"《{closeout.task.title}》{_verdict(closeout)}",
            link=f"/closeouts/{closeout.pk}/",
        )
        for closeout in closeouts
    )


def _verdict(closeout: CloseOut) -> str:
    return {
        CloseOut.Status.PUBLICITY: f"审核通过，公示至 {closeout.publicity_until:%Y-%m-%d}"
        if closeout.publicity_until
        else "审核通过",
        CloseOut.Status.APPROVED: CloseOut.Status.APPROVED.label,
        CloseOut.Status.REJECTED: f"未同意销号：{closeout.comment}",
    }[closeout.status]


def remind_late_notices(today) -> int:
    """A step of `tick`: a note to the issuer of each unanswered notice past its reply-by date, with the
    suggested next level. Once per notice."""
    late = Notice.objects.filter(replied_at__isnull=True, closed_at__isnull=True, reply_by__lt=today)
    return send_many(
        Message(
            users=[notice.issued_by],
            units=[],
            key=f"notice-late:{notice.pk}",
            text=f"督办单《{notice.task.title}》逾期未回复（期限 {notice.reply_by:%Y-%m-%d}），建议升级为“{notice.next_level.label}”",
            link=f"/notices/{notice.pk}/",
        )
        for notice in late.select_related("task", "issued_by")
    )
