"""Delivery of the outbox to outside channels, with retry and back-off."""

import logging
from datetime import timedelta

from django.utils import timezone

from .models import Delivery
from .transports import BY_KIND

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


def deliver(delivery: Delivery) -> None:
    channel = delivery.channel
    BY_KIND[channel.kind].send(channel.address, delivery.subject, delivery.text)


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
