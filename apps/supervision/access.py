"""Who may read and act on 督办单 and 销号 applications. A unit's staff reach only their own unit's (or a
sub-unit's) — never another unit's; oversight roles read those of the tasks they see; coordinators act
on the plans they manage; a task's lead unit applies for its 销号."""

import operator
from functools import reduce

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from apps.orgs.access import is_oversight, is_unit_staff_of
from apps.orgs.models import UNIT_ROLES, Role
from apps.plans.access import (
    can_manage_plan,
    can_manage_plans,
    get_task_for_user,
    jurisdiction_ids,
    jurisdiction_path,
    visible_tasks,
)
from apps.plans.models import TaskUnit

from .models import CloseOut, Notice


def _check(allowed, message="没有权限执行此操作"):
    if not allowed:
        raise PermissionDenied(message)


def visible_notices(user):
    notices = Notice.objects.all()
    if not user.is_authenticated or user.unit_id is None:
        return notices.none()
    if user.is_oversight:
        # visible_tasks' rule read from the notice side, by unit path prefix: open notices are few, so each
        # one's task is checked (its plan's unit, or an Exists on its units) instead of hashing every task
        # and every unit link of the jurisdiction
        live = notices.filter(task__archived_at__isnull=True, plan__archived_at__isnull=True)
        root = user.unit.jurisdiction()
        if root.parent_id is None:
            return live
        links = TaskUnit.objects.filter(task=OuterRef("task_id"), unit__path__startswith=root.path)
        return live.filter(Q(plan__owner_unit__path__startswith=root.path) | Exists(links))
    if user.has_role(*UNIT_ROLES):
        return notices.filter(unit__path__startswith=user.unit.path)
    return notices.none()


def notices_to_handle(user):
    """我的待办's 督办事项: the open notices waiting for the user — to answer, for a unit's staff (those
    sent to their unit or below); to follow up, close or escalate, for a coordinator (those of the plans
    they manage, found by the plan's unit path: no task's units are looked at, so the list costs the same
    for a province as for a county). By the notice's own plan (index notice_open_by_plan), so only the
    open notices of those plans are read, not every task of them. Other oversight roles read notices on
    the notice list."""
    if not user.is_authenticated or user.unit_id is None:
        return Notice.objects.none()
    waiting = []
    if user.has_role(*UNIT_ROLES):
        waiting.append(Q(replied_at__isnull=True, unit__path__startswith=user.unit.path))
    if can_manage_plans(user):
        path = jurisdiction_path(user)
        waiting.append(Q(pk__isnull=False) if path is None else Q(plan__owner_unit__path__startswith=path))
    if not waiting:
        return Notice.objects.none()
    return Notice.objects.filter(
        reduce(operator.or_, waiting),
        closed_at__isnull=True,
        task__archived_at__isnull=True,
        plan__archived_at__isnull=True,
    )


def visible_closeouts(user, task):
    """The 销号 applications of `task` the user sees: all of them for oversight roles (who see the task),
    their own unit's for unit staff."""
    closeouts = CloseOut.objects.filter(task=task)
    if is_oversight(user):
        return closeouts
    return closeouts.filter(unit__path__startswith=user.unit.path) if user.unit_id else closeouts.none()


def get_notice_for_user(user, pk, *, action=None) -> Notice:
    """action: "reply" (the unit's staff), "manage" (the plan's coordinators: close, escalate)."""
    notice = (
        visible_notices(user).select_related("task", "task__plan", "unit", "issued_by").filter(pk=pk).first()
    )
    if notice is None:
        raise Http404("督办单不存在")
    if action == "reply":
        _check(is_unit_staff_of(user, notice.unit), "只有被督办单位可以回复")
    elif action == "manage":
        _check(can_manage_plan(user, notice.task.plan), "只有牵头机关可以办结督办单")
    return notice


def get_closeout_for_user(user, pk, *, action=None) -> CloseOut:
    """action: "verify" (核查: the plan's 牵头机关 or a 督查员 of its jurisdiction), "decide" (审核 and
    公示 objections: the plan's 牵头机关)."""
    closeout = CloseOut.objects.select_related("task", "task__plan", "unit").filter(pk=pk).first()
    if closeout is None:
        raise Http404("销号申请不存在")
    visible = (
        user.is_oversight and visible_tasks(user).filter(pk=closeout.task_id).exists()
    ) or is_unit_staff_of(user, closeout.unit)
    if not visible:
        raise Http404("销号申请不存在")
    if action == "verify":
        _check(can_verify_closeout(user, closeout), "只有牵头机关或督查员可以核查")
    elif action == "decide":
        _check(can_manage_plan(user, closeout.task.plan), "只有牵头机关可以审核销号")
    return closeout


def can_verify_closeout(user, closeout) -> bool:
    return can_manage_plan(user, closeout.task.plan) or _inspector_for(user, closeout.task.plan)


def _inspector_for(user, plan) -> bool:
    if not (user.is_authenticated and user.has_role(Role.INSPECTOR)):
        return False
    ids = jurisdiction_ids(user)
    return ids is None or plan.owner_unit_id in ids


def can_issue_notice(user, task) -> bool:
    """牵头机关 of the plan, or a 督查员 of its jurisdiction, on a task that is not archived."""
    if task.is_archived:
        return False
    return can_manage_plan(user, task.plan) or _inspector_for(user, task.plan)


def get_task_for_notice(user, pk):
    """The task a new 督办单 is about: 404 when not visible, 403 unless the user may issue one."""
    task = get_task_for_user(user, pk)
    _check(can_issue_notice(user, task) or task.is_archived, "只有牵头机关或督查员可以发督办单")
    return task


def can_reply_notice(user, notice) -> bool:
    return is_unit_staff_of(user, notice.unit) and not notice.replied_at and not notice.closed_at


def lead_unit_of(user, task):
    """The unit through which `user` acts for `task` as lead unit (for 销号), or None."""
    prefetched = "links" in getattr(task, "_prefetched_objects_cache", {})  # the task page has them
    for link in task.links.all() if prefetched else task.links.select_related("unit"):
        if link.role == "lead" and is_unit_staff_of(user, link.unit):
            return link.unit
    return None
