"""Who may see, change and report 重点项目 — the only module of this app that reads roles.

- Oversight roles (系统管理员, 牵头机关, 领导, 督查员) see every project whose 责任单位 is in their
  jurisdiction, with its monthly reports (not the units' drafts).
- Unit staff (单位填报员, 单位审核人) see the projects of their unit or a unit below it — never another
  unit's — and report their months; 单位审核人 approve those reports (审核).
- Only 牵头机关 create, edit, archive and import projects, for units in their jurisdiction, and accept or
  return the approved reports (牵头机关审核).
- What a user may not see is a 404; what they see but may not change is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.notify.outbox import unit_users
from apps.orgs.access import is_oversight, is_unit_staff, is_unit_staff_of
from apps.orgs.models import UNIT_ROLES, Role
from apps.plans.access import can_manage_plans, jurisdiction_ids, jurisdiction_units
from apps.supervision.access_inspections import issuing_offices

from .models import Project, ProjectReport


def _in_jurisdiction(user, unit_id) -> bool:
    ids = jurisdiction_ids(user)
    return ids is None or unit_id in ids


def can_see_projects(user) -> bool:
    """The 重点项目 menu entry."""
    return (
        user is not None
        and user.is_authenticated
        and user.unit_id is not None
        and (is_oversight(user) or is_unit_staff(user))
    )


def can_manage_projects(user) -> bool:
    """牵头机关: create and import projects (the same role that manages plans)."""
    return can_manage_plans(user)


def can_manage_project(user, project: Project) -> bool:
    return can_manage_projects(user) and _in_jurisdiction(user, project.unit_id)


def can_report_project(user, project: Project) -> bool:
    """The 责任单位's staff (or a unit's above it) write its monthly reports."""
    return is_unit_staff(user) and is_unit_staff_of(user, project.unit)


def can_approve_report(user, report: ProjectReport) -> bool:
    """单位审核人 of the project's unit (or above): the unit's 审核."""
    return (
        can_report_project(user, report.project)
        and user.has_role(Role.APPROVER)
        and report.status == ProjectReport.Status.SUBMITTED
    )


def can_accept_report(user, report: ProjectReport) -> bool:
    """牵头机关 of the project's jurisdiction: 采纳 or 退回 an approved report."""
    return can_manage_project(user, report.project) and report.status == ProjectReport.Status.APPROVED


def visible_projects(user, *, include_archived=False):
    projects = Project.objects.all() if include_archived else Project.objects.filter(archived_at__isnull=True)
    if user is None or not user.is_authenticated or user.unit_id is None:
        return projects.none()
    if is_oversight(user):
        ids = jurisdiction_ids(user)
        return projects if ids is None else projects.filter(unit_id__in=ids)
    if is_unit_staff(user):
        return projects.filter(unit__path__startswith=user.unit.path)
    return projects.none()


def visible_reports(user, project: Project):
    """A project's reports as the user sees them: the unit's staff all of them, oversight no drafts."""
    reports = project.reports.all()
    if is_unit_staff(user):
        return reports
    return reports.exclude(status=ProjectReport.Status.DRAFT)


def project_units(user):
    """The units a 牵头机关 may make responsible for a project: their jurisdiction's."""
    return jurisdiction_units(user) if can_manage_projects(user) else jurisdiction_units(user).none()


def _check(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def get_project_for_user(user, pk, *, action=None, include_archived=False) -> Project:
    """action: "manage" (edit, archive: the jurisdiction's 牵头机关), "report" (write a month: the unit's
    staff). An archived project is reachable only by those who manage it (to see or restore it)."""
    project = (
        visible_projects(user, include_archived=True)
        .select_related("unit", "coordination_unit", "task", "leader_user")
        .filter(pk=pk)
        .first()
    )
    if project is None or (
        project.archived_at is not None and not (include_archived and can_manage_project(user, project))
    ):
        raise Http404("项目不存在")
    if action == "manage":
        _check(can_manage_project(user, project), "只有本辖区的牵头机关可以修改重点项目")
    elif action == "report":
        _check(can_report_project(user, project), "只有项目责任单位可以填报月度进展")
    return project


def get_report_for_user(user, pk, *, action=None) -> ProjectReport:
    """action: "edit" (edit, submit: the unit's staff), "review" (单位审核 by the unit's 审核人 of a
    submitted report, 牵头机关审核 of an approved one: refused with a 403 when the report is not waiting for
    this user). Whether the status allows an edit is the action function's to say."""
    report = ProjectReport.objects.select_related("project").filter(pk=pk).first()
    if report is None:
        raise Http404("月报不存在")
    report.project = get_project_for_user(user, report.project_id)
    if report.status == ProjectReport.Status.DRAFT and not is_unit_staff(user):
        raise Http404("月报不存在")
    if action == "edit":
        _check(can_report_project(user, report.project), "只有项目责任单位可以填报月度进展")
    elif action == "review":
        _check(review_step(user, report) is not None, "此月报不在您的审核环节")
    return report


def review_step(user, report: ProjectReport) -> str | None:
    """Which review the user may make on the report now: "approve" (单位审核), "accept" (牵头机关审核)."""
    if can_approve_report(user, report):
        return "approve"
    if can_accept_report(user, report):
        return "accept"
    return None


# ---- who is told ----


def approvers_of(unit) -> list:
    """The active 单位审核人 of the project's unit or of a unit above it (below the 市/县区 level)."""
    return [u for u in unit_users(unit.ancestor_ids, Role.APPROVER) if not is_oversight(u)]


def accepters_of(unit) -> list:
    """The active 牵头机关 whose jurisdiction holds the unit: who accept its approved reports."""
    return [u for u in issuing_offices([unit])[unit.pk] if can_manage_projects(u)]


def writers_of(unit) -> list:
    """The active reporters and approvers of the unit: told of a review."""
    return unit_users([unit.pk], *UNIT_ROLES)
