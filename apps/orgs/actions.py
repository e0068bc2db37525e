from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from apps.audit import actions as audit

from .models import ApiToken, Unit, User, path_segment

USER_FIELDS = ("username", "full_name", "unit", "roles", "phone", "email", "is_active")
UNIT_FIELDS = ("name", "code", "aliases", "kind", "parent", "order")


@transaction.atomic
def create_unit(unit: Unit, *, actor) -> Unit:
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = unit.compute_path()
    unit.save(update_fields=["path"])
    changes = {f: [None, v] for f, v in audit.snapshot(unit, UNIT_FIELDS).items() if v not in (None, "", [])}
    audit.record(actor, audit.AuditEvent.Action.CREATE, unit, changes)
    return unit


@transaction.atomic
def update_unit(unit: Unit, data: dict, *, actor) -> dict:
    old_path = unit.path
    parent = data.get("parent")
    if parent is not None and parent.path.startswith(old_path):
        raise ValidationError({"parent": "上级单位不能是本单位或其下级单位"})
    moved = "parent" in data and (parent.pk if parent else None) != unit.parent_id
    order = unit.order if data.get("order") is None else data["order"]
    extra = {}
    if moved or order != unit.order:
        # a new parent or a new 排序 changes the path of the unit and of every unit below it
        above = parent if "parent" in data else unit.parent
        new_path = (above.path if above else "/") + path_segment(order, unit.pk)
        extra = {"path": [old_path, new_path], "moved_units": move_subtree(old_path, new_path)}
        unit.path = new_path
    return audit.update(unit, data, actor=actor, extra_changes=extra)


def move_subtree(old_path: str, new_path: str) -> int:
    """Rewrite the path prefix of a unit and every unit below it in one UPDATE; returns how many moved.
    The caller (update_unit) audits the move on the unit whose parent changed."""
    return Unit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
    )


@transaction.atomic
def create_user(user: User, password: str, *, actor) -> User:
    user.set_password(password)
    user.save()
    changes = {f: [None, v] for f, v in audit.snapshot(user, USER_FIELDS).items() if v not in (None, "")}
    audit.record(actor, audit.AuditEvent.Action.CREATE, user, changes)
    return user


@transaction.atomic
def update_user(user: User, data: dict, password: str, *, actor) -> dict:
    """An administrator's edit. A new password or a deactivation also revokes the user's API tokens."""
    extra = {}
    if password:
        user.set_password(password)
        user.save(update_fields=["password"])
        extra["password"] = ["******", "******（已重置）"]
    changes = audit.update(user, data, actor=actor, extra_changes=extra)
    if password or "is_active" in changes and not user.is_active:
        revoke_tokens(user, actor=actor)
    return changes


@transaction.atomic
def change_password(user: User, password: str) -> None:
    """A user's own change (the 修改密码 page), already validated by the form: audited, API tokens revoked."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(user, audit.AuditEvent.Action.UPDATE, user, {"password": ["******", "******（本人修改）"]})
    revoke_tokens(user, actor=user)


@transaction.atomic
def issue_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for `user`; the raw token is returned once and never stored or audited."""
    token, raw = ApiToken.issue(user, name)
    audit.record(
        user, audit.AuditEvent.Action.CREATE, token, {"name": [None, name], "prefix": [None, token.prefix]}
    )
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, *, actor) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor, audit.AuditEvent.Action.UPDATE, token, {"revoked_at": [None, token.revoked_at.isoformat()]}
        )
    return token


def revoke_tokens(user: User, *, actor) -> int:
    """Revoke every live token of `user` (each audited); returns how many."""
    tokens = list(user.api_tokens.filter(revoked_at__isnull=True))
    for token in tokens:
        revoke_token(token, actor=actor)
    return len(tokens)
