"""Retention: what `manage.py prune` removes, and after how long. Read notifications, delivered messages
and superseded autosave versions go after their periods (settings, from the environment). Audit events
stay unless an explicit age of at least AUDIT_MIN_DAYS is asked for: 网络安全法 第二十一条 requires network
logs to be kept for no less than six months."""

import dataclasses
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.cycles.prune import superseded_autosaves
from apps.notify import prune as messages

AUDIT_MIN_DAYS = 180


@dataclasses.dataclass
class Pruned:
    notifications: int = 0
    deliveries: int = 0
    versions: int = 0
    audit_events: int = 0

    def lines(self) -> list[str]:
        return [
            f"notifications={self.notifications} (read)",
            f"deliveries={self.deliveries} (sent)",
            f"versions={self.versions} (superseded autosaves)",
            f"audit_events={self.audit_events}",
        ]


@transaction.atomic
def run(
    *, now=None, notification_days=None, delivery_days=None, version_days=None, audit_days=None
) -> Pruned:
    """Remove what has outlived its period. Periods default to the settings; `audit_days` None keeps every
    audit event, and a value below AUDIT_MIN_DAYS is refused."""
    now = now or timezone.now()
    if audit_days is not None and audit_days < AUDIT_MIN_DAYS:
        raise ValueError(f"audit events are kept at least {AUDIT_MIN_DAYS} days, got {audit_days}")

    def before(days):
        return now - datetime.timedelta(days=days)

    notification_days = settings.PRUNE_NOTIFICATION_DAYS if notification_days is None else notification_days
    delivery_days = settings.PRUNE_DELIVERY_DAYS if delivery_days is None else delivery_days
    version_days = settings.PRUNE_VERSION_DAYS if version_days is None else version_days
    result = Pruned()
    result.notifications = messages.read_notifications(before(notification_days))
    result.deliveries = messages.sent_deliveries(before(delivery_days))
    result.versions, _ = superseded_autosaves().filter(at__lt=before(version_days)).delete()
    if audit_days is not None:
        old = AuditEvent.objects.filter(at__lt=before(audit_days))
        # The one deletion of audit events: past the legal minimum, asked for explicitly, and itself audited.
        result.audit_events = old._raw_delete(old.db)
        audit.record(
            None,
            AuditEvent.Action.DELETE,
            changes={"older_than_days": [None, audit_days], "removed": [None, result.audit_events]},
            object_type="auditevent",
            actor_name="prune",
        )
    return result
