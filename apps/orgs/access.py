"""Who may administer units and users, and which units a user sees. With apps/plans/access.py and
apps/cycles/access.py and apps/supervision/access.py this is the only place roles are read: views and templates ask the named helpers
(each `helper(user) -> bool`, False for an anonymous user), templates through `luoshi.context_processors`."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import UNIT_ROLES, Role, Unit, User


def _has_role(user, *roles) -> bool:
    return user is not None and user.is_authenticated and user.has_role(*roles)


def can_administer(user) -> bool:
    """系统管理员: units, users, the audit log, holidays and channels."""
    return _has_role(user, Role.ADMIN)


def is_oversight(user) -> bool:
    """An oversight role (系统管理员, 牵头机关, 领导, 督查员): sees the whole jurisdiction, not one unit."""
    return user is not None and user.is_authenticated and user.is_oversight


def is_unit_staff(user) -> bool:
    """A reporter or approver of a unit who holds no oversight role: acts for their own unit only."""
    return _has_role(user, *UNIT_ROLES) and user.unit_id is not None and not user.is_oversight


def is_unit_staff_of(user, unit) -> bool:
    """A reporter or approver of `unit` or of a unit above it."""
    return _has_role(user, *UNIT_ROLES) and user.unit_id is not None and unit.path.startswith(user.unit.path)


def require_admin(user):
    if not can_administer(user):
        raise PermissionDenied("只有系统管理员可以管理单位和用户")


def get_unit_for_admin(user, pk) -> Unit:
    require_admin(user)
    try:
        return Unit.objects.get(pk=pk)
    except Unit.DoesNotExist:
        raise Http404("单位不存在") from None


def get_user_for_admin(user, pk) -> User:
    require_admin(user)
    try:
        return User.objects.select_related("unit").get(pk=pk)
    except User.DoesNotExist:
        raise Http404("用户不存在") from None


def visible_units(user):
    """Units a user may see in lists and the API: oversight roles their jurisdiction, others their subtree."""
    if not user.is_authenticated or user.unit_id is None:
        return Unit.objects.none()
    if can_administer(user):
        return Unit.objects.all()
    root = user.unit.jurisdiction() if user.is_oversight else user.unit
    return root.subtree()
