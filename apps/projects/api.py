"""重点项目 over JSON, with the same permissions and actions as the pages: the ledger (its filters), one
project, create / change / archive (牵头机关), the 一张图 summary, a project's monthly reports, a month's
report (the 责任单位), 报送 and the two reviews."""

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from apps.orgs.schemas import Id, Int32, Pages, Year
from apps.plans.access import filter_units, visible_tasks
from apps.supervision.api_common import api_fields, pick_one

from . import actions
from .access import (
    can_manage_projects,
    get_project_for_user,
    get_report_for_user,
    project_units,
    review_step,
    visible_projects,
    visible_reports,
)
from .models import Project, ProjectReport
from .query import filter_projects, summary

router = Router(tags=["重点项目"])


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    year: int
    level: int
    level_label: str
    kind: str
    kind_label: str
    industry: str
    content: str
    location: str
    owner: str
    unit_id: int
    unit_name: str
    leader: str
    total_investment: Decimal
    annual_plan: Decimal
    monthly_plan: list[Decimal]
    planned_start: datetime.date | None
    actual_start: datetime.date | None
    planned_end: datetime.date | None
    actual_end: datetime.date | None
    progress: str
    permits: dict
    in_stats: bool
    needs: str
    coordination: str
    coordination_unit_id: int | None
    task_id: int | None
    completed: Decimal
    completion_rate: Decimal | None
    reported_month: int | None
    colour: str
    colour_label: str
    colour_reason: str
    flags: list[str]
    archived_at: datetime.datetime | None

    @staticmethod
    def resolve_level_label(obj):
        return obj.get_level_display()

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_colour_label(obj):
        return obj.get_colour_display()


class ProjectIn(Schema):
    code: str
    name: str
    year: Year
    level: Int32  # 1 省级重点, 2 市级重点, 3 县级重点
    kind: Literal["new", "continuing", "completing", "preparing", "reserve"]
    industry: Literal["industry", "infrastructure", "livelihood", "ecology", "other"] = "industry"
    content: str = ""
    location: str = ""
    owner: str = ""
    unit_id: Id
    leader: str = ""
    total_investment: Decimal
    annual_plan: Decimal
    monthly_plan: list[Decimal] = []
    planned_start: datetime.date | None = None
    actual_start: datetime.date | None = None
    planned_end: datetime.date | None = None
    actual_end: datetime.date | None = None
    progress: str = ""
    permits: dict = {}
    in_stats: bool = False
    needs: str = ""
    coordination: str = ""
    coordination_unit_id: Id | None = None
    task_id: Id | None = None


class ProjectPatch(Schema):
    code: str = None
    name: str = None
    year: Year = None
    level: Int32 = None
    kind: Literal["new", "continuing", "completing", "preparing", "reserve"] = None
    industry: Literal["industry", "infrastructure", "livelihood", "ecology", "other"] = None
    content: str = None
    location: str = None
    owner: str = None
    unit_id: Id = None
    leader: str = None
    total_investment: Decimal = None
    annual_plan: Decimal = None
    monthly_plan: list[Decimal] = None
    planned_start: datetime.date | None = None
    actual_start: datetime.date | None = None
    planned_end: datetime.date | None = None
    actual_end: datetime.date | None = None
    progress: str = None
    permits: dict = None
    in_stats: bool = None
    needs: str = None
    coordination: str = None
    coordination_unit_id: Id | None = None
    task_id: Id | None = None


class ReportOut(Schema):
    id: int
    project_id: int
    month: int
    month_investment: Decimal
    cumulative: Decimal
    progress: str
    started_on: datetime.date | None
    permits: dict
    problems: str
    status: str
    status_label: str
    due_on: datetime.date
    submitted_at: datetime.datetime | None
    comment: str
    reviewed_at: datetime.datetime | None
    review_step: str | None

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_review_step(obj, context):
        return review_step(context["request"].user, obj)


class ReportIn(Schema):
    month: Int32
    month_investment: Decimal
    cumulative: Decimal | None = None  # empty: last month's cumulative plus this month's
    progress: str = ""
    started_on: datetime.date | None = None
    permits: dict = {}
    problems: str = ""
    submit: bool = False  # 报送 at once (else a draft)


class ReportPatch(Schema):
    month_investment: Decimal = None
    cumulative: Decimal | None = None
    progress: str = None
    started_on: datetime.date | None = None
    permits: dict = None
    problems: str = None


class ReviewIn(Schema):
    decision: Literal["pass", "return"]
    comment: str = ""


NULLABLE = {"planned_start", "actual_start", "planned_end", "actual_end", "coordination_unit_id", "task_id"}
UNIT_FIELDS = {"unit_id": "unit", "coordination_unit_id": "coordination_unit", "task_id": "task"}


def _refs(user, sent: dict) -> dict:
    """The unit and task ids of a body as objects the user may choose (an error on the id field)."""
    found = {}
    for key, field in UNIT_FIELDS.items():
        if key in sent:
            queryset = visible_tasks(user) if field == "task" else project_units(user)
            found[field] = pick_one(queryset, sent[key], key, "任务" if field == "task" else "单位")
            if field == "unit" and found[field] is None:
                raise ValidationError({key: "请选择责任单位"})
    return found


def _values(user, sent: dict) -> dict:
    values = {k: v for k, v in sent.items() if k not in UNIT_FIELDS}
    if "monthly_plan" in values:
        values["monthly_plan"] = [str(v) for v in values["monthly_plan"] or []]
    return {**values, **_refs(user, sent)}


def _project(user, pk) -> Project:
    return get_object_or_404(visible_projects(user, include_archived=True).select_related("unit"), pk=pk)


@router.get("/projects", response=list[ProjectOut])
@paginate(Pages)
def list_projects(
    request,
    year: Year | None = None,
    level: Int32 | None = None,
    kind: str = "",
    unit: Id | None = None,
    leader: str = "",
    colour: Literal["green", "yellow", "red", "none"] | None = None,
    flagged: bool = False,
):
    """The ledger: year, level, kind, unit (with the units below it), leader (part of the name), colour,
    flagged (with a 预警)."""
    user = request.user
    chosen = filter_units(user).filter(pk=unit).first() if unit else None
    if unit and chosen is None:
        return visible_projects(user).none()
    filters = {"year": year, "level": level, "kind": kind, "unit": chosen, "leader": leader}
    projects = filter_projects(user, {**filters, "colour": colour, "flagged": flagged}).select_related("unit")
    return projects.order_by("year", "level", "code", "id")


@router.get("/projects/summary", response=dict)
def project_summary(request, year: Year):
    """一张图: counts, investment and rates by 县区 and by type (rates null where nothing to divide by)."""
    data = summary(request.user, year)
    return {"year": year, "counties": data["counties"], "kinds": data["kinds"], "total": data["total"]}


@router.get("/projects/{project_id}", response=ProjectOut)
def get_project(request, project_id: Id):
    return get_project_for_user(request.user, project_id, include_archived=True)


@router.post("/projects", response={201: ProjectOut})
def create_project(request, data: ProjectIn):
    user = request.user
    if not can_manage_projects(user):
        raise PermissionDenied("只有牵头机关可以新建重点项目")
    project = Project(**_values(user, data.dict()))
    with api_fields(**{v: k for k, v in UNIT_FIELDS.items()}):
        actions.create_project(project, actor=user)
    return Status(201, _project(user, project.pk))


@router.patch("/projects/{project_id}", response=ProjectOut)
def patch_project(request, project_id: Id, data: ProjectPatch):
    """Change a project (the jurisdiction's 牵头机关): only the fields sent."""
    user = request.user
    project = get_project_for_user(user, project_id, action="manage")
    sent = {k: v for k, v in data.dict(exclude_unset=True).items() if v is not None or k in NULLABLE}
    with api_fields(**{v: k for k, v in UNIT_FIELDS.items()}):
        actions.update_project(project, _values(user, sent), actor=user)
    return _project(user, project.pk)


@router.post("/projects/{project_id}/archive", response=ProjectOut)
def archive_project(request, project_id: Id):
    project = get_project_for_user(request.user, project_id, action="manage", include_archived=True)
    actions.archive_project(project, actor=request.user)
    return _project(request.user, project.pk)


@router.get("/projects/{project_id}/reports", response=list[ReportOut])
def list_reports(request, project_id: Id):
    project = get_project_for_user(request.user, project_id)
    reports = list(visible_reports(request.user, project).order_by("month"))
    for report in reports:
        report.project = project
    return reports


@router.post("/projects/{project_id}/reports", response={201: ReportOut})
def create_report(request, project_id: Id, data: ReportIn):
    """A month's report of the 责任单位 (a draft, or sent at once with submit=true)."""
    user = request.user
    project = get_project_for_user(user, project_id, action="report")
    report = ProjectReport(project=project, month=data.month)
    actions.save_report(report, data.dict(include=set(ProjectReport.FIELDS)), actor=user)
    if data.submit:
        actions.submit_report(report, actor=user)
    return Status(201, report)


@router.patch("/project-reports/{report_id}", response=ReportOut)
def patch_report(request, report_id: Id, data: ReportPatch):
    report = get_report_for_user(request.user, report_id, action="edit")
    actions.save_report(report, data.dict(exclude_unset=True), actor=request.user)
    return report


@router.post("/project-reports/{report_id}/submit", response=ReportOut)
def submit_report(request, report_id: Id):
    report = get_report_for_user(request.user, report_id, action="edit")
    actions.submit_report(report, actor=request.user)
    return report


@router.post("/project-reports/{report_id}/review", response=ReportOut)
def review_report(request, report_id: Id, data: ReviewIn):
    """The review the report waits for: 单位审核 (the unit's 审核人) or 牵头机关审核; pass or return (with
    a comment)."""
    report = get_report_for_user(request.user, report_id, action="review")
    step = review_step(request.user, report)
    if step is None:
        raise ValidationError("此月报不在您的审核环节")
    actions.review_report(report, step=step, decision=data.decision, comment=data.comment, actor=request.user)
    return report
