"""Who may read and act on cycles and reports. A unit's staff reach only their own
unit's (or a sub-unit's) reports — never another unit's, not even the co-operating unit's;
oversight roles read everything of the tasks they see; coordinators act on the plans they manage."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.orgs.access import is_unit_staff_of
from apps.orgs.models import UNIT_ROLES, Role
from apps.plans.access import can_manage_plan, get_plan_for_user, visible_tasks

from .models import Cycle, Report

# Who a 催办 (urging) message goes to in a unit: its reporters and approvers.
URGED_ROLES = UNIT_ROLES


def can_fill_reports(user) -> bool:
    """单位填报员 or 单位审核人: fills in (and downloads / uploads the sheet of) their unit's reports."""
    return user is not None and user.is_authenticated and user.has_role(Role.REPORTER, Role.APPROVER)


def can_approve_reports(user) -> bool:
    """单位审核人: approves their unit's submitted reports and sends them up."""
    return user is not None and user.is_authenticated and user.has_role(Role.APPROVER)


def fills_own_reports(user) -> bool:
    """Unit staff who are not also an oversight role: their 待办 lists the reports they must fill."""
    return can_fill_reports(user) and not user.is_oversight


def _unit_scope(user, queryset, field="unit"):
    """Restrict to the user's own unit subtree (unit staff)."""
    return queryset.filter(**{f"{field}__path__startswith": user.unit.path})


def visible_reports(user):
    reports = Report.objects.all()
    if not user.is_authenticated or user.unit_id is None:
        return reports.none()
    if user.is_oversight:
        return reports.filter(task__in=visible_tasks(user))
    if user.has_role(*UNIT_ROLES):
        return _unit_scope(user, reports)
    return reports.none()


def _check(allowed, message="没有权限执行此操作"):
    if not allowed:
        raise PermissionDenied(message)


def get_cycle_for_user(user, pk, *, manage=False) -> Cycle:
    cycle = Cycle.objects.select_related("plan__owner_unit").filter(pk=pk).first()
    if cycle is None:
        raise Http404("周期不存在")
    get_plan_for_user(user, cycle.plan_id, manage=manage)
    return cycle


def get_report_for_user(user, pk, *, action=None) -> Report:
    """action: "fill" (reporter), "approve" (unit approver), "review" (coordinator accept/return)."""
    report = (
        visible_reports(user)
        .select_related("cycle", "cycle__plan", "task", "task__plan", "unit", "updated_by")
        .filter(pk=pk)
        .order_by()  # one row: Report's own ordering would join the task's plan and area for nothing
        .first()
    )
    if report is None:
        raise Http404("报告不存在")
    if action == "fill":
        _check(can_fill_reports(user) and is_unit_staff_of(user, report.unit), "只有本单位填报员可以填报")
    elif action == "approve":
        _check(can_approve_reports(user) and is_unit_staff_of(user, report.unit), "只有本单位审核人可以审核")
    elif action == "review":
        _check(can_manage_plan(user, report.task.plan), "只有牵头机关可以采纳或退回")
    return report


def reports_to_approve(user):
    if not can_approve_reports(user):
        return Report.objects.none()
    return _unit_scope(user, Report.objects.filter(status=Report.Status.SUBMITTED))
