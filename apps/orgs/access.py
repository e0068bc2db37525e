from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Role, Unit, User


def require_admin(user):
    if not user.has_role(Role.ADMIN):
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
    if user.has_role(Role.ADMIN):
        return Unit.objects.all()
    root = user.unit.jurisdiction() if user.is_oversight else user.unit
    return root.subtree()
