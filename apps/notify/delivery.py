"""Delivery of the outbox to outside channels, with retry and back-off. Each delivery is claimed with a
conditional UPDATE before it is sent, so of two runners working through the same outbox only one sends it."""

import logging
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from .models import Delivery
from .transports import BY_KIND

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
# How long a claimed delivery is left to its runner before another may try it: far beyond a transport's
# timeout (10 s), so only a runner that died mid-send leaves it to another.
CLAIM_HOLD = timedelta(minutes=30)


def deliver(delivery: Delivery) -> None:
    channel = delivery.channel
    BY_KIND[channel.kind].send(channel.address, delivery.subject, delivery.text)


def claim(delivery: Delivery, now) -> bool:
    """Take `delivery` for this runner: one UPDATE that succeeds only while it is still pending, due and at
    the attempt this runner read. A second runner's claim (or its send, already recorded) makes it fail."""
    claimed = Delivery.objects.filter(
        pk=delivery.pk,
        status=Delivery.Status.PENDING,
        attempts=delivery.attempts,
        next_attempt_at__lte=now,
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + CLAIM_HOLD)
    if claimed:
        delivery.attempts += 1
    return bool(claimed)


def deliver_pending(*, now=None, limit=500, keep=None) -> tuple[int, int]:
    """Send what is due, each delivery claimed first. A failure is logged and retried with back-off (1, 2,
    4 … minutes), up to MAX_ATTEMPTS; after that the delivery stays FAILED, visible on the admin page.
    `keep`: called before each claim (the tick's lease: it raises once another runner took over).
    Returns (sent, failed)."""
    now = now or timezone.now()
    sent = failed = 0
    due = Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now).select_related(
        "channel"
    )
    for delivery in due.order_by("next_attempt_at", "pk")[:limit]:
        if keep is not None:
            keep()
        if not claim(delivery, now):
            continue  # another runner has it
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
        delivery.save(update_fields=["status", "sent_at", "last_error", "next_attempt_at"])
    return sent, failed
