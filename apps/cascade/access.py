"""Who may see and change 承接落实 links. The lower plan's coordinators (牵头机关 who manage it) choose its
parent plans and link its tasks; to do so they read the parent plan's tasks, even when the parent plan is
issued above their jurisdiction. A parent plan's coverage is seen by whoever sees that plan, over the lower
plans they see (the city coordinator: every county's); a lower plan's coordinators see it over their own
plan only. Objects out of sight are 404s, as everywhere."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from apps.plans.access import can_manage_plan, get_plan_for_user, visible_plans, visible_tasks
from apps.plans.models import Plan, Task

from .models import PlanParent, TaskLink


def candidate_parents(plan: Plan):
    """Plans a plan may carry down: not archived, published, issued by its own unit or a unit above it."""
    ancestors = plan.owner_unit.ancestor_ids
    return (
        Plan.objects.filter(
            archived_at__isnull=True, status=Plan.Status.PUBLISHED, owner_unit_id__in=ancestors
        )
        .exclude(pk=plan.pk)
        .select_related("owner_unit")
        .order_by("-year", "owner_unit__path", "id")
    )


def can_link(user, plan: Plan) -> bool:
    return can_manage_plan(user, plan)


def managed_children(user, parent: Plan) -> list[Plan]:
    """The lower plans of `parent` the user manages (whose links they may change)."""
    children = Plan.objects.filter(parent_links__parent=parent, archived_at__isnull=True).select_related(
        "owner_unit"
    )
    return [plan for plan in children if can_manage_plan(user, plan)]


def get_lower_plan_for_user(user, pk, *, manage=False) -> Plan:
    return get_plan_for_user(user, pk, manage=manage)


def get_parent_plan_for_user(user, pk) -> Plan:
    """A plan whose coverage the user may read: one they see, or the parent of a plan they manage."""
    plan = visible_plans(user).select_related("owner_unit").filter(pk=pk).first()
    if plan is None:
        plan = Plan.objects.filter(pk=pk, archived_at__isnull=True).select_related("owner_unit").first()
        if plan is None or not managed_children(user, plan):
            raise Http404("计划不存在")
    return plan


def visible_children(user, parent: Plan):
    """The lower plans of `parent` shown in its coverage report."""
    children = Plan.objects.filter(parent_links__parent=parent, archived_at__isnull=True)
    seen = visible_plans(user).filter(parent_links__parent=parent)
    mine = [plan.pk for plan in managed_children(user, parent)]
    return (
        children.filter(Q(pk__in=seen.values("pk")) | Q(pk__in=mine)).select_related("owner_unit").distinct()
    )


def get_parent_task_for_user(user, plan: Plan, pk) -> Task:
    """A task of one of `plan`'s parent plans, for linking `plan`'s tasks to it (the caller manages plan)."""
    if not can_link(user, plan):
        raise PermissionDenied("没有权限执行此操作")
    task = (
        Task.objects.filter(
            pk=pk, archived_at__isnull=True, plan__in=PlanParent.objects.filter(plan=plan).values("parent")
        )
        .select_related("plan")
        .first()
    )
    if task is None:
        raise Http404("上级任务不存在")
    return task


def get_link_for_user(user, pk, *, manage=False) -> TaskLink:
    link = TaskLink.objects.select_related("task__plan", "parent__plan").filter(pk=pk).first()
    if link is None or not visible_tasks(user).filter(pk=link.task_id).exists():
        raise Http404("承接关系不存在")
    if manage and not can_link(user, link.task.plan):
        raise PermissionDenied("没有权限执行此操作")
    return link
