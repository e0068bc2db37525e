"""Writes that matter go through these helpers: they save the object and write the audit row in the
same transaction, with the acting user."""

import datetime
import decimal

from django.db import models, transaction
from django.utils import timezone

from .models import AuditEvent


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    return value


def record(actor, action, obj=None, changes=None, *, object_type="", actor_name="", ip=None) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor_name or (actor.get_username() if actor is not None and actor.pk else ""),
        action=action,
        object_type=object_type or (obj._meta.model_name if obj is not None else ""),
        object_id=obj.pk if obj is not None else None,
        object_repr=str(obj)[:255] if obj is not None else "",
        changes=changes or {},
        ip=ip,
    )


def snapshot(obj, fields) -> dict:
    return {f: _plain(getattr(obj, f)) for f in fields}


@transaction.atomic
def create(obj, fields, *, actor, extra_changes=None):
    """Save a new object and record it with the values it was created with."""
    obj.full_clean()
    obj.save()
    changes = {f: [None, v] for f, v in snapshot(obj, fields).items() if v not in (None, "")}
    changes.update(extra_changes or {})
    record(actor, AuditEvent.Action.CREATE, obj, changes)
    return obj


@transaction.atomic
def update(obj, data: dict, *, actor, extra_changes=None) -> dict:
    """Apply `data` to `obj`, save only the changed fields and record before/after. Returns the diff."""
    before = snapshot(obj, data.keys())
    for field, value in data.items():
        setattr(obj, field, value)
    after = snapshot(obj, data.keys())
    changes = {f: [before[f], after[f]] for f in data if before[f] != after[f]}
    if changes:
        obj.full_clean()
        obj.save(update_fields=list(changes))
    changes.update(extra_changes or {})
    if changes:
        record(actor, AuditEvent.Action.UPDATE, obj, changes)
    return changes


@transaction.atomic
def archive(obj, *, actor):
    if obj.archived_at is None:
        obj.archived_at = timezone.now()
        obj.save(update_fields=["archived_at"])
        record(actor, AuditEvent.Action.ARCHIVE, obj, {"archived_at": [None, _plain(obj.archived_at)]})
    return obj


@transaction.atomic
def restore(obj, *, actor):
    if obj.archived_at is not None:
        before = _plain(obj.archived_at)
        obj.archived_at = None
        obj.save(update_fields=["archived_at"])
        record(actor, AuditEvent.Action.RESTORE, obj, {"archived_at": [before, None]})
    return obj
