"""Who sees the dashboard, and what: oversight roles (系统管理员, 牵头机关, 领导, 督查员), for their
jurisdiction (a unit in it chosen by `?unit=`) and the plans they see (`?plan=`)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.orgs.access import is_oversight
from apps.orgs.models import Role, Unit
from apps.plans.access import can_lead_tasks, visible_plans, visible_tasks


def can_see_dashboard(user) -> bool:
    return is_oversight(user)


def lands_on_dashboard(user) -> bool:
    """领导 land on the dashboard (the others on the plan list)."""
    return user.is_authenticated and user.has_role(Role.LEADER)


def dashboard_plans(user) -> list:
    """The plans the dashboard may show: those the user sees."""
    return list(visible_plans(user).select_related(None).only("id", "title", "year"))


def get_scope_for_user(user, unit_id=None) -> tuple[Unit, Unit]:
    """(the user's jurisdiction, the unit whose figures are shown: the jurisdiction, or `unit_id` inside
    it, else 404). Raises PermissionDenied for a user without an oversight role."""
    if not can_see_dashboard(user):
        raise PermissionDenied("只有牵头机关、领导、督查员和系统管理员可以查看领导驾驶舱。")
    root = user.unit.jurisdiction()
    if unit_id is None:
        return root, root
    try:
        return root, Unit.objects.get(pk=unit_id, path__startswith=root.path)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404("没有这个单位。") from None


def red_tasks(user):
    """The tasks whose colours the dashboard lists: only those the user sees."""
    return visible_tasks(user)


def led_tasks(user):
    """我分管: the tasks the user sees and is the responsible leader of; None for a user who is no 领导."""
    return visible_tasks(user).filter(leader_user=user) if can_lead_tasks(user) else None
