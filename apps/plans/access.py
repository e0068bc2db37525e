"""Who may see and change what. Every view and API endpoint gets its objects through these functions,
so the permission rules live here and nowhere else.

- Oversight roles (系统管理员, 牵头机关, 领导, 督查员) see every plan and task in their jurisdiction: the
  nearest 市/县区 at or above their unit, and every unit below it.
- Unit roles (单位填报员, 单位审核人) see only published plans' tasks where their unit, or a unit below it,
  is lead or co-operating unit; they may record milestone progress on those tasks.
- Only 牵头机关 (coordinators) create and change plans, areas, tasks, targets and milestones, and only for
  plans issued in their jurisdiction.
- An object that is not visible is reported as not found (404), never as forbidden, so ids can't be probed.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from apps.orgs.access import is_oversight
from apps.orgs.models import UNIT_ROLES, Role, Unit, User

from .models import Area, ExportJob, Milestone, Plan, Target, Task, TaskUnit


def _jurisdiction(user) -> Unit:
    """The user's jurisdiction (Unit.jurisdiction()), worked out once per user object (one request's user)
    for the unit the user has then."""
    cached = getattr(user, "_jurisdiction", None)
    key = (user.unit_id, user.unit.path)
    if cached is None or cached[0] != key:
        cached = user._jurisdiction = (key, user.unit.jurisdiction())
    return cached[1]


def jurisdiction_path(user) -> str | None:
    """The tree path an oversight user oversees (every unit whose path starts with it), or None when that
    is the whole tree (a root unit): one indexed prefix filter instead of a list of unit ids."""
    root = _jurisdiction(user)
    return None if root.parent_id is None else root.path


def jurisdiction_ids(user) -> list[int] | None:
    """Unit ids an oversight user oversees, or None when that is the whole tree (a root unit). Worked out
    once per user object (one request's user), for the unit the user has then."""
    cached = getattr(user, "_jurisdiction_ids", None)
    if cached is not None and cached[0] == (user.unit_id, user.unit.path):
        return cached[1]
    root = _jurisdiction(user)
    ids = None if root.parent_id is None else root.subtree_ids()
    user._jurisdiction_ids = ((user.unit_id, user.unit.path), ids)
    return ids


def visible_tasks(user):
    """Every task the user sees, whatever the plan. For one plan's tasks use visible_plan_tasks."""
    tasks = Task.objects.filter(archived_at__isnull=True, plan__archived_at__isnull=True)
    if not user.is_authenticated or user.unit_id is None:
        return tasks.none()
    if user.is_oversight:
        ids = jurisdiction_ids(user)
        if ids is None:
            return tasks
        linked = TaskUnit.objects.filter(unit_id__in=ids).values("task_id")
        return tasks.filter(Q(plan__owner_unit_id__in=ids) | Q(pk__in=linked))
    if user.has_role(*UNIT_ROLES):
        return tasks.filter(plan__status=Plan.Status.PUBLISHED).with_unit(user.unit.subtree_ids())
    return tasks.none()


def visible_plan_tasks(user, plan: Plan):
    """The tasks of `plan` that the user sees — visible_tasks(user).filter(plan=plan) — with the rule
    decided for this one plan: when the plan is issued in an oversight user's jurisdiction every task of
    it is visible and no task is checked at all; otherwise a task needs a lead/co unit at or below the
    jurisdiction (or, for unit staff, their unit), found by unit path prefix."""
    tasks = Task.objects.filter(plan=plan, archived_at__isnull=True)
    if not user.is_authenticated or user.unit_id is None or plan.archived_at is not None:
        return tasks.none()
    if user.is_oversight:
        path = jurisdiction_path(user)
        if path is None or plan.owner_unit.path.startswith(path):
            return tasks
        return tasks.under(path)
    if user.has_role(*UNIT_ROLES) and plan.status == Plan.Status.PUBLISHED:
        return tasks.under(user.unit.path)
    return tasks.none()


def visible_plans(user, *, include_archived=False):
    plans = Plan.objects.all() if include_archived else Plan.objects.filter(archived_at__isnull=True)
    if not user.is_authenticated or user.unit_id is None:
        return plans.none()
    if user.is_oversight:
        ids = jurisdiction_ids(user)
        if ids is None:
            return plans
        links = TaskUnit.objects.filter(task__plan=OuterRef("pk"), unit_id__in=ids)
        return plans.filter(Q(owner_unit_id__in=ids) | Exists(links))
    if user.has_role(*UNIT_ROLES):
        tasks = visible_tasks(user).filter(plan=OuterRef("pk"))
        return plans.filter(status=Plan.Status.PUBLISHED).filter(Exists(tasks))
    return plans.none()


def can_manage_plans(user) -> bool:
    """牵头机关: creates plans and drafts (from a document) for units in their jurisdiction."""
    return user is not None and user.is_authenticated and user.has_role(Role.COORDINATOR)


def can_manage_plan(user, plan: Plan) -> bool:
    if not can_manage_plans(user):
        return False
    ids = jurisdiction_ids(user)
    return ids is None or plan.owner_unit_id in ids


def plan_coordinators(plan: Plan) -> list:
    """The active coordinators for whom can_manage_plan(user, plan) holds, found with three queries
    however many users and units there are: coordinators, their units' 市/县区 levels, the plan's unit."""
    users = [
        user
        for user in User.objects.filter(
            is_active=True, unit__isnull=False, roles__icontains=f'"{Role.COORDINATOR}"'
        ).select_related("unit")
        if user.has_role(Role.COORDINATOR)  # the JSON text match narrows; this decides
    ]
    chains = {user.pk: user.unit.ancestor_ids for user in users}
    levels = set(
        Unit.objects.filter(
            id__in={i for chain in chains.values() for i in chain}, kind__in=Unit.JURISDICTION_KINDS
        ).values_list("id", flat=True)
    )
    above_plan = set(plan.owner_unit.ancestor_ids)
    managers = []
    for user in users:
        chain = chains[user.pk]
        root = next((i for i in reversed(chain) if i in levels), chain[0])  # as Unit.jurisdiction()
        if root == chain[0] or root in above_plan:  # the whole tree, or a jurisdiction over the plan
            managers.append(user)
    return managers


def can_create_plan_for(user, unit: Unit) -> bool:
    if not can_manage_plans(user):
        return False
    ids = jurisdiction_ids(user)
    return ids is None or unit.id in ids


def can_report_on_task(user, task: Task) -> bool:
    """Unit staff of a lead/co-operating unit (or a unit above it) record progress on the task."""
    if can_manage_plan(user, task.plan):
        return True
    if not user.has_role(*UNIT_ROLES):
        return False
    if "links" in getattr(task, "_prefetched_objects_cache", {}):  # the task page has them with units
        return any(link.unit.path.startswith(user.unit.path) for link in task.links.all())
    return task.links.filter(unit__path__startswith=user.unit.path).exists()


def _check(allowed: bool):
    if not allowed:
        raise PermissionDenied("没有权限执行此操作")


def get_plan_for_user(user, pk, *, manage=False, include_archived=False) -> Plan:
    try:
        plan = (
            visible_plans(user, include_archived=include_archived or manage)
            .select_related("owner_unit")
            .get(pk=pk)
        )
    except (Plan.DoesNotExist, ValueError):
        raise Http404("计划不存在") from None
    if manage:
        _check(can_manage_plan(user, plan))
    return plan


def get_area_for_user(user, pk, *, manage=False) -> Area:
    area = Area.objects.filter(pk=pk, archived_at__isnull=True).select_related("plan").first()
    if area is None:
        raise Http404("领域不存在")
    get_plan_for_user(user, area.plan_id, manage=manage)
    return area


def get_task_for_user(user, pk, *, manage=False, report=False) -> Task:
    """An archived task is reachable only by those who manage its plan (to see or restore it)."""
    related = ("plan", "area", "plan__owner_unit")
    task = visible_tasks(user).select_related(*related).filter(pk=pk).order_by().first()
    if task is None:  # not visible, or archived (visible_tasks leaves archived tasks out)
        task = Task.objects.select_related(*related).filter(pk=pk, archived_at__isnull=False).first()
        if task is None or not can_manage_plan(user, task.plan):
            raise Http404("任务不存在")
    if manage:
        _check(can_manage_plan(user, task.plan))
    if report:
        _check(can_report_on_task(user, task))
    return task


def get_target_for_user(user, pk, *, manage=False) -> Target:
    target = Target.objects.filter(pk=pk, archived_at__isnull=True).first()
    if target is None:
        raise Http404("指标不存在")
    target.task = get_task_for_user(user, target.task_id, manage=manage)
    return target


def get_milestone_for_user(user, pk, *, manage=False, report=False) -> Milestone:
    milestone = Milestone.objects.filter(pk=pk, archived_at__isnull=True).first()
    if milestone is None:
        raise Http404("节点不存在")
    milestone.task = get_task_for_user(user, milestone.task_id, manage=manage, report=report)
    return milestone


def get_export_for_user(user, pk) -> ExportJob:
    """An export job is its requester's only: anyone else gets a 404."""
    try:
        return ExportJob.objects.select_related("plan").get(pk=pk, user=user)
    except ExportJob.DoesNotExist:
        raise Http404 from None


def jurisdiction_units(user):
    """The active units of the user's jurisdiction (all of them for a province-wide role)."""
    ids = jurisdiction_ids(user)
    units = Unit.objects.filter(archived_at__isnull=True)
    return units if ids is None else units.filter(id__in=ids)


def filter_units(user):
    """The units the user may filter the ledger by: the jurisdiction's, or their own unit's subtree."""
    if is_oversight(user):
        return jurisdiction_units(user)
    return user.unit.subtree().filter(archived_at__isnull=True)


def can_lead_tasks(user) -> bool:
    """领导: may be a task's responsible leader (责任领导), so sees 我分管 on the dashboard and the ledger."""
    return user is not None and user.is_authenticated and user.has_role(Role.LEADER)


def plan_leaders(plan: Plan) -> list:
    """The active 领导 of the plan's jurisdiction (the 市/县区 at or above its issuing unit, and every unit
    below it): whom a task of the plan may name as its responsible leader, by name order. Two queries."""
    root = plan.owner_unit.jurisdiction()
    users = User.objects.filter(
        is_active=True, unit__path__startswith=root.path, roles__icontains=f'"{Role.LEADER}"'
    ).order_by("full_name", "username")
    return [user for user in users if user.has_role(Role.LEADER)]  # the JSON text match narrows


def is_plan_leader(plan: Plan, user) -> bool:
    """Whether `user` is one of plan_leaders(plan) (one query)."""
    return (
        user.is_active
        and user.unit_id is not None
        and user.has_role(Role.LEADER)
        and user.unit.path.startswith(plan.owner_unit.jurisdiction().path)
    )
