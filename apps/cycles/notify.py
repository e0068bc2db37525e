"""Messages: in-app notifications for users, and deliveries to each unit's outside channels (e-mail,
钉钉 and 企业微信 robots). Every message has a key, so sending the same reminder twice does nothing."""

import json
import logging
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from apps.orgs.models import Role, User

from .models import Channel, Delivery, Notification

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


def unit_users(unit_ids, *roles):
    users = User.objects.filter(unit_id__in=unit_ids, is_active=True)
    return [u for u in users if u.has_role(*roles)] if roles else list(users)


def reachable_units(unit_ids, *roles) -> set:
    """The units among `unit_ids` a message can reach: an active account with one of `roles`, or an
    enabled outside channel."""
    reachable = {u.unit_id for u in unit_users(unit_ids, *roles)}
    reachable.update(
        Channel.objects.filter(unit_id__in=unit_ids, enabled=True).values_list("unit_id", flat=True)
    )
    return reachable


@dataclass
class Message:
    users: list
    units: list
    key: str
    text: str
    link: str = ""
    subject: str = "落实提醒"


KEYS_PER_QUERY = 500  # how many message keys one look-up of what was already sent asks about


def send(*, users, units, key: str, text: str, link: str = "", subject: str = "落实提醒") -> int:
    """Notify users in-app and queue one delivery per enabled channel of `units`. Returns new messages."""
    return send_many([Message(users=users, units=units, key=key, text=text, link=link, subject=subject)])


def send_many(messages) -> int:
    """`send` for many messages at once: the same few queries whether they go to one unit or thousands
    (one more look-up per KEYS_PER_QUERY keys). Returns the new notifications and deliveries."""
    messages = list(messages)
    keys = sorted({m.key for m in messages})
    notified, delivered = set(), set()
    for i in range(0, len(keys), KEYS_PER_QUERY):
        chunk = keys[i : i + KEYS_PER_QUERY]
        notified.update(Notification.objects.filter(key__in=chunk).values_list("user_id", "key"))
        delivered.update(Delivery.objects.filter(key__in=chunk).values_list("channel_id", "key"))
    channels = defaultdict(list)
    unit_ids = {unit.pk for m in messages for unit in m.units}
    if unit_ids:
        for channel in Channel.objects.filter(unit_id__in=unit_ids, enabled=True).order_by("pk"):
            channels[channel.unit_id].append(channel)
    notifications, deliveries = [], []
    for m in messages:
        for user in m.users:
            if (user.pk, m.key) not in notified:  # else already sent under this key
                notified.add((user.pk, m.key))
                notifications.append(Notification(user=user, key=m.key, text=m.text[:500], link=m.link))
        body = f"{m.text}\n{settings.SITE_URL.rstrip('/')}{m.link}" if m.link else m.text
        for unit in m.units:
            for channel in channels[unit.pk]:
                if (channel.pk, m.key) not in delivered:
                    delivered.add((channel.pk, m.key))
                    deliveries.append(Delivery(channel=channel, key=m.key, subject=m.subject, text=body))
    # ignore_conflicts: a message another process sent meanwhile stays sent once
    Notification.objects.bulk_create(notifications, ignore_conflicts=True, batch_size=1000)
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True, batch_size=1000)
    return len(notifications) + len(deliveries)


def report_submitted(report):
    approvers = unit_users([report.unit_id], Role.APPROVER)
    send(
        users=approvers,
        units=[],
        key=f"report-submitted:{report.pk}:{report.version}",
        text=f"{report.unit}提交了《{report.task.title}》{report.cycle.label}进展报告，请审核",
        link=f"/reports/{report.pk}/",
    )


def report_returned(report):
    staff = unit_users([report.unit_id], Role.REPORTER, Role.APPROVER)
    send(
        users=staff,
        units=[report.unit],
        key=f"report-returned:{report.pk}:{report.version}",
        text=f"《{report.task.title}》{report.cycle.label}进展报告被退回：{report.comment}",
        link=f"/reports/{report.pk}/",
    )


def notice_issued(notice):
    staff = unit_users([notice.unit_id], Role.REPORTER, Role.APPROVER)
    send(
        users=staff,
        units=[notice.unit],
        key=f"notice:{notice.pk}",
        subject=f"【{notice.get_level_display()}】{notice.task.title}",
        text=f"【{notice.get_level_display()}】《{notice.task.title}》：{notice.reason}。请于 {notice.reply_by:%Y-%m-%d} 前回复",
        link=f"/notices/{notice.pk}/",
    )


def closeout_applied(closeout):
    """Tell the coordinators of the plan's jurisdiction that a 销号 application waits for them."""
    from apps.plans.access import plan_coordinators

    send(
        users=plan_coordinators(closeout.task.plan),
        units=[],
        key=f"closeout:{closeout.pk}",
        text=f"{closeout.unit}申请《{closeout.task.title}》销号，请审核",
        link=f"/closeouts/{closeout.pk}/",
    )


def closeout_decided(closeout):
    verdict = "已同意销号" if closeout.status == "approved" else f"未同意销号：{closeout.comment}"
    send(
        users=unit_users([closeout.unit_id], Role.REPORTER, Role.APPROVER),
        units=[closeout.unit],
        key=f"closeout-decided:{closeout.pk}",
        text=f"《{closeout.task.title}》{verdict}",
        link=f"/closeouts/{closeout.pk}/",
    )


# ---- delivery to outside channels ----


def payload(channel: Channel, subject: str, text: str) -> dict:
    """The robot message formats: 钉钉 and 企业微信 both take {"msgtype": "text", "text": {"content": …}}."""
    return {"msgtype": "text", "text": {"content": f"{subject}\n{text}"}}


def post_json(url: str, data: dict, timeout: float = 10.0) -> None:
    request = urllib.request.Request(
        url, data=json.dumps(data, ensure_ascii=False).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - admin-configured webhook
        body = response.read().decode("utf-8", "replace")
    try:
        answer = json.loads(body)
    except ValueError:
        return
    if answer.get("errcode", 0) != 0:
        raise RuntimeError(f"webhook 返回错误：{answer.get('errcode')} {answer.get('errmsg', '')}")


def deliver(delivery: Delivery) -> None:
    channel = delivery.channel
    if channel.kind == Channel.Kind.EMAIL:
        send_mail(
            delivery.subject,
            delivery.text,
            settings.DEFAULT_FROM_EMAIL,
            [channel.address],
            fail_silently=False,
        )
    else:
        post_json(channel.address, payload(channel, delivery.subject, delivery.text))


def deliver_pending(*, now=None, limit=500) -> tuple[int, int]:
    """Send what is due. A failure is logged and retried with back-off (1, 2, 4 … minutes), up to
    MAX_ATTEMPTS; after that the delivery stays FAILED, visible on the admin page. Returns (sent, failed)."""
    now = now or timezone.now()
    sent = failed = 0
    due = Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now).select_related(
        "channel"
    )[:limit]
    for delivery in due:
        delivery.attempts += 1
        try:
            deliver(delivery)
        except Exception as exc:  # noqa: BLE001 - any transport failure is recorded and retried
            log.warning("delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, exc)
            delivery.last_error = str(exc)[:1000]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = Delivery.Status.FAILED
            delivery.next_attempt_at = now + timedelta(minutes=2 ** (delivery.attempts - 1))
            failed += 1
        else:
            delivery.status, delivery.sent_at, delivery.last_error = Delivery.Status.SENT, now, ""
            sent += 1
        delivery.save(update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"])
    return sent, failed
