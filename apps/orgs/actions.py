from django.core.exceptions import ValidationError
from django.db import transaction

from apps.audit import actions as audit

from .models import Unit, User

USER_FIELDS = ("username", "full_name", "unit", "roles", "phone", "email", "is_active")
UNIT_FIELDS = ("name", "kind", "parent", "order")


@transaction.atomic
def create_unit(unit: Unit, *, actor) -> Unit:
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = unit.compute_path()
    unit.save(update_fields=["path"])
    changes = {f: [None, v] for f, v in audit.snapshot(unit, UNIT_FIELDS).items() if v not in (None, "")}
    audit.record(actor, audit.AuditEvent.Action.CREATE, unit, changes)
    return unit


@transaction.atomic
def update_unit(unit: Unit, data: dict, *, actor) -> dict:
    old_path = unit.path
    parent = data.get("parent")
    if parent is not None and parent.path.startswith(old_path):
        raise ValidationError({"parent": "上级单位不能是本单位或其下级单位"})
    changes = audit.update(unit, data, actor=actor)
    if "parent" in changes:
        new_path = unit.compute_path()
        # move the whole subtree: rewrite every descendant's path prefix
        for child in Unit.objects.filter(path__startswith=old_path).only("id", "path"):
            child.path = new_path + child.path[len(old_path) :]
            child.save(update_fields=["path"])
    return changes


@transaction.atomic
def create_user(user: User, password: str, *, actor) -> User:
    user.set_password(password)
    user.save()
    changes = {f: [None, v] for f, v in audit.snapshot(user, USER_FIELDS).items() if v not in (None, "")}
    audit.record(actor, audit.AuditEvent.Action.CREATE, user, changes)
    return user


@transaction.atomic
def update_user(user: User, data: dict, password: str, *, actor) -> dict:
    extra = {}
    if password:
        user.set_password(password)
        user.save(update_fields=["password"])
        extra["password"] = ["******", "******（已重置）"]
    return audit.update(user, data, actor=actor, extra_changes=extra)
