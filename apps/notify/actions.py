"""Writes of the notification settings: channels and the retry of a failed delivery. Atomic, audited."""

from django.db import transaction
from django.utils import timezone

from apps.audit import actions as audit
from apps.audit.models import AuditEvent

from .models import Channel, Delivery


def mask(address: str) -> str:
    """A robot webhook carries its access token in the query string: show only its last 4 characters.

    >>> mask("https://oapi.dingtalk.com/robot/send?access_token=abcdef123456")
    'https://oapi.dingtalk.com/robot/send?…3456'
    >>> mask("office@example.gov.cn")
    'office@example.gov.cn'
    """
    base, _, query = address.partition("?")
    return f"{base}?…{query[-4:]}" if query else address


def _channel_facts(channel) -> dict:
    return {
        "unit": str(channel.unit),
        "kind": channel.get_kind_display(),
        "address": mask(channel.address),
        "enabled": channel.enabled,
    }


@transaction.atomic
def save_channel(channel: Channel, data: dict, *, actor) -> Channel:
    """Create or update a channel with an audit row; the webhook's token never reaches the audit log."""
    before = _channel_facts(channel) if channel.pk else dict.fromkeys(("unit", "kind", "address", "enabled"))
    old_address = channel.address if channel.pk else None
    for field, value in data.items():
        setattr(channel, field, value)
    created = channel.pk is None
    if created:
        channel.save()
    else:
        channel.save(update_fields=list(data))
    after = _channel_facts(channel)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if not created and old_address != channel.address and "address" not in changes:
        changes["address"] = [before["address"], f"{after['address']}（已更换）"]
    if changes:
        action = AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE
        audit.record(actor, action, channel, changes)
    return channel


def disable_channel(channel: Channel, *, actor) -> Channel:
    return save_channel(channel, {"enabled": False}, actor=actor)


@transaction.atomic
def retry_delivery(delivery: Delivery, *, actor) -> Delivery:
    """Send a FAILED delivery again (e.g. after the webhook was fixed): back to PENDING, attempts reset."""
    delivery.status, delivery.attempts, delivery.next_attempt_at = Delivery.Status.PENDING, 0, timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit.record(actor, AuditEvent.Action.UPDATE, delivery, {"status": ["failed", "pending"]})
    return delivery


def mark_read(notification, *, now=None):
    """The user opened a notification (their own inbox: no audit row)."""
    notification.read_at = now or timezone.now()
    notification.save(update_fields=["read_at"])
    return notification
