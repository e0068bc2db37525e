"""Retention of messages: read notifications and sent deliveries go after their periods."""

import datetime

from .models import Delivery, Notification


def read_notifications(before: datetime.datetime) -> int:
    return Notification.objects.filter(read_at__isnull=False, read_at__lt=before).delete()[0]


def sent_deliveries(before: datetime.datetime) -> int:
    return Delivery.objects.filter(status=Delivery.Status.SENT, sent_at__lt=before).delete()[0]
