"""`send()`: a message to users (in-app) and to units (one delivery per enabled outside channel). Every
message has a key, so sending the same reminder twice does nothing."""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from apps.orgs.models import User

from .models import Channel, Delivery, Notification

KEYS_PER_QUERY = 500  # how many message keys one look-up of what was already sent asks about


def unit_users(unit_ids, *roles):
    """The active accounts of `unit_ids`, those with one of `roles` when roles are given."""
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
