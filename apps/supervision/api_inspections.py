"""督查 over JSON, with the same permissions and actions as the pages: inspections, their findings (sent as
multipart/form-data, so photos and files ride along), 转入整改台账, the 督查结论 per unit, the unit's 异议 and
the office's 复核."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate
from pydantic import field_validator

from apps.orgs.access import is_unit_staff_of
from apps.orgs.models import Unit
from apps.orgs.schemas import Id, Pages
from apps.plans.access import visible_plans
from apps.plans.models import Task

from . import actions_inspections as actions
from .access_inspections import (
    can_supervise,
    can_supervise_for,
    get_conclusion_for_user,
    get_finding_for_user,
    get_inspection_for_user,
    sees_all_findings,
    supervised_units,
    team_candidates,
    visible_findings,
    visible_inspections,
)
from .api_common import EvidenceOut, api_fields, pick, pick_one
from .api_rectification import RectificationOut
from .models import Finding, Inspection, Rectification

router = Router(tags=["督查"])


class InspectionOut(Schema):
    id: int
    kind: str
    title: str
    scheme: str
    owner_unit_id: int
    unit_ids: list[int]
    plan_ids: list[int]
    team_ids: list[int]
    methods: list[str]
    starts_on: datetime.date
    ends_on: datetime.date
    status: str
    created_at: datetime.datetime
    concluded_at: datetime.datetime | None

    @staticmethod
    def resolve_unit_ids(obj):
        return [u.pk for u in obj.units.all()]

    @staticmethod
    def resolve_plan_ids(obj):
        return [p.pk for p in obj.plans.all()]

    @staticmethod
    def resolve_team_ids(obj):
        return [u.pk for u in obj.team.all()]


class InspectionIn(Schema):
    kind: Inspection.Kind
    title: str = Field(max_length=200)
    scheme: str = ""
    unit_ids: list[Id]
    plan_ids: list[Id] = []
    team_ids: list[Id]
    methods: list[Inspection.Method] = []
    starts_on: datetime.date
    ends_on: datetime.date


class FindingOut(Schema):
    id: int
    inspection_id: int
    unit_id: int
    task_id: int | None
    dimension: str
    text: str
    severity: int
    needs_rectification: bool
    good_practice: bool
    recorded_by_id: int
    recorded_at: datetime.datetime
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_evidence(obj):
        return list(obj.evidence.all())


class FindingIn(Schema):
    unit_id: Id
    task_id: Id | None = None
    dimension: Finding.Dimension
    text: str
    severity: Finding.Severity = Finding.Severity.MINOR
    needs_rectification: bool = True
    good_practice: bool = False

    @field_validator("task_id", mode="before")
    @classmethod
    def blank_task(cls, value):
        return None if value == "" else value  # a form's empty select


class RectifyIn(Schema):
    requirement: str
    due_date: datetime.date | None = None
    code: str = Field("", max_length=40)
    category: str = Field("", max_length=100)
    goal: str = ""
    measures: str = ""
    leader: str = Field("", max_length=100)
    person: str = Field("", max_length=100)
    kind: Rectification.Kind = Rectification.Kind.DEADLINE


class ConclusionOut(Schema):
    id: int
    inspection_id: int
    unit_id: int
    text: str
    sent_at: datetime.datetime
    objection_by: datetime.date
    objection: str
    objected_at: datetime.datetime | None
    review: str
    reviewed_at: datetime.datetime | None


class UnitConclusionIn(Schema):
    unit_id: Id
    text: str


class ConcludeIn(Schema):
    conclusions: list[UnitConclusionIn]


class ObjectionIn(Schema):
    objection: str


class ReviewIn(Schema):
    review: str


def _inspection(pk):
    return Inspection.objects.prefetch_related("units", "plans", "team").get(pk=pk)


def _finding(pk):
    return Finding.objects.prefetch_related("evidence").get(pk=pk)


# ---- inspections ----


@router.get("/inspections", response=list[InspectionOut])
@paginate(Pages)
def list_inspections(request, status: Inspection.Status | None = None):
    inspections = visible_inspections(request.user).prefetch_related("units", "plans", "team")
    if status:
        inspections = inspections.filter(status=status)
    return inspections.order_by("-starts_on", "-id")


@router.get("/inspections/{inspection_id}", response=InspectionOut)
def get_inspection(request, inspection_id: Id):
    return _inspection(get_inspection_for_user(request.user, inspection_id).pk)


@router.post("/inspections", response={201: InspectionOut})
def post_inspection(request, data: InspectionIn):
    """Issued by the user's jurisdiction (市 or 县区), as on the page."""
    user = request.user
    owner = user.unit.jurisdiction() if user.unit_id else None
    if not can_supervise(user) or not can_supervise_for(user, owner):
        raise PermissionDenied("只有牵头机关或督查员可以新建督查")
    units = pick(supervised_units(user), data.unit_ids, "unit_ids", "督查对象")
    plans = pick(visible_plans(user), data.plan_ids, "plan_ids", "计划")
    team = pick(team_candidates(user), data.team_ids, "team_ids", "督查组成员")
    inspection = Inspection(
        owner_unit=owner,
        **data.dict(include={"kind", "title", "scheme", "starts_on", "ends_on"}),
        methods=[str(m) for m in data.methods],
    )
    with api_fields(units="unit_ids", team="team_ids"):
        actions.create_inspection(inspection, units=units, plans=plans, team=team, actor=user)
    return Status(201, _inspection(inspection.pk))


# ---- findings ----


@router.get("/inspections/{inspection_id}/findings", response=list[FindingOut])
@paginate(Pages)
def list_findings(request, inspection_id: Id):
    """The organising jurisdiction sees every unit's findings; a unit only its own."""
    inspection = get_inspection_for_user(request.user, inspection_id)
    return (
        visible_findings(request.user)
        .filter(inspection=inspection)
        .prefetch_related("evidence")
        .order_by("unit_id", "id")
    )


@router.post("/inspections/{inspection_id}/findings", response={201: FindingOut})
def post_finding(
    request,
    inspection_id: Id,
    data: Form[FindingIn],
    files: File[list[UploadedFile]] = None,
):
    """multipart/form-data: the fields, plus any number of `files` (photos, PDF…; checked by content)."""
    inspection = get_inspection_for_user(request.user, inspection_id, action="record")
    units = inspection.units.all()
    finding = Finding(
        inspection=inspection,
        unit=pick_one(Unit.objects.all(), data.unit_id, "unit_id", "单位"),
        task=pick_one(Task.objects.filter(links__unit__in=units).distinct(), data.task_id, "task_id", "任务"),
        **data.dict(include={"dimension", "text", "severity", "needs_rectification", "good_practice"}),
    )
    with api_fields(unit="unit_id"):
        actions.record_finding(finding, uploads=files or [], actor=request.user)
    return Status(201, _finding(finding.pk))


@router.get("/findings/{finding_id}", response=FindingOut)
def get_finding(request, finding_id: Id):
    return _finding(get_finding_for_user(request.user, finding_id).pk)


@router.post("/findings/{finding_id}/rectification", response={201: RectificationOut})
def post_rectification(request, finding_id: Id, data: RectifyIn):
    """转入整改台账: the finding becomes an item of the organising jurisdiction's ledger, led by its unit."""
    finding = get_finding_for_user(request.user, finding_id)
    if not can_supervise_for(request.user, finding.inspection.owner_unit):
        raise PermissionDenied("只有组织督查的牵头机关或督查员可以转入整改台账")
    done = Rectification.objects.filter(finding=finding).first()
    if done:
        raise ValidationError(f"该督查发现已转入整改台账（事项 {done.pk}）")
    item = actions.rectification_from_finding(finding, actor=request.user, **data.dict())
    return Status(201, Rectification.objects.prefetch_related("co_units").get(pk=item.pk))


# ---- 督查结论, 异议, 复核 ----


@router.get("/inspections/{inspection_id}/conclusions", response=list[ConclusionOut])
def list_conclusions(request, inspection_id: Id):
    """The organising jurisdiction sees every unit's conclusion; a unit only its own."""
    user = request.user
    inspection = get_inspection_for_user(user, inspection_id)
    conclusions = inspection.conclusions.select_related("unit").order_by("id")
    if sees_all_findings(user, inspection):
        return list(conclusions)
    return [c for c in conclusions if is_unit_staff_of(user, c.unit)]


@router.post("/inspections/{inspection_id}/conclusions", response={201: list[ConclusionOut]})
def post_conclusions(request, inspection_id: Id, data: ConcludeIn):
    """Ends the inspection: a 督查结论 to each unit listed (a blank text sends none)."""
    inspection = get_inspection_for_user(request.user, inspection_id, action="manage")
    units = pick(Unit.objects.all(), [c.unit_id for c in data.conclusions], "conclusions", "单位")
    by_pk = {u.pk: u for u in units}
    texts = {by_pk[c.unit_id]: c.text for c in data.conclusions}
    return Status(201, actions.conclude(inspection, texts, actor=request.user))


@router.get("/conclusions/{conclusion_id}", response=ConclusionOut)
def get_conclusion(request, conclusion_id: Id):
    return get_conclusion_for_user(request.user, conclusion_id)


@router.post("/conclusions/{conclusion_id}/objection", response=ConclusionOut)
def post_objection(request, conclusion_id: Id, data: ObjectionIn):
    """异议 by the unit, once, before the conclusion's `objection_by`."""
    conclusion = get_conclusion_for_user(request.user, conclusion_id, action="object")
    return actions.object_to(conclusion, text=data.objection, actor=request.user)


@router.post("/conclusions/{conclusion_id}/review", response=ConclusionOut)
def post_review(request, conclusion_id: Id, data: ReviewIn):
    """复核 by the organising office, on an 异议."""
    conclusion = get_conclusion_for_user(request.user, conclusion_id, action="review")
    return actions.review_objection(conclusion, decision=data.review, actor=request.user)
