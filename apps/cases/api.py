"""典型经验 over JSON, with the same permissions and actions as the pages: the library with its search, one
case (tasks, files, promotions), a new case and its edit, 报送, 审核, 推广 (multipart, with an optional proof
file), 精选, and 转为典型经验 from a 督查发现."""

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from apps.orgs.models import Unit
from apps.orgs.schemas import Id, Int32, Pages, Year
from apps.supervision.api_common import EvidenceOut, api_fields, pick, pick_one

from . import actions
from .access import (
    can_write_cases,
    case_tasks,
    case_units,
    get_case_for_user,
    get_finding_for_case,
    visible_cases,
)
from .models import Case, Promotion
from .query import search

router = Router(tags=["典型经验"])


class PromotionOut(Schema):
    id: int
    level: int
    level_label: str
    proof: str
    promoted_on: datetime.date
    files: list[EvidenceOut]

    @staticmethod
    def resolve_level_label(obj):
        return obj.get_level_display()

    @staticmethod
    def resolve_files(obj):
        return list(obj.evidence.all())


class CaseOut(Schema):
    id: int
    title: str
    summary: str
    practice: str
    results: str
    unit_id: int
    unit_name: str
    year: int
    area: str
    task_ids: list[int]
    finding_id: int | None
    status: str
    status_label: str
    submitted_at: datetime.datetime | None
    review_comment: str
    reviewed_at: datetime.datetime | None
    level: int | None
    featured: bool
    files: list[EvidenceOut]
    promotions: list[PromotionOut]

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_task_ids(obj):
        return sorted(t.pk for t in obj.tasks.all())

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_files(obj):
        return list(obj.evidence.all())

    @staticmethod
    def resolve_promotions(obj):
        return list(obj.promotions.all())


class CaseIn(Schema):
    title: str
    summary: str = ""
    practice: str = ""
    results: str = ""
    unit_id: Id | None = None
    year: Year
    area: str = ""
    task_ids: list[Id] = []


class CasePatch(Schema):
    title: str = None
    summary: str = None
    practice: str = None
    results: str = None
    unit_id: Id = None
    year: Year = None
    area: str = None
    task_ids: list[Id] = None


class ReviewIn(Schema):
    decision: Literal["accept", "return", "reject"]
    comment: str = ""


class PromoteIn(Schema):
    level: Int32  # 1 县级, 2 市级, 3 省级, 4 国家级
    proof: str = ""
    promoted_on: datetime.date


class FeatureIn(Schema):
    featured: bool


class FromFindingIn(Schema):
    title: str = ""
    area: str = ""


def _cases(user):
    return (
        visible_cases(user)
        .select_related("unit")
        .prefetch_related("tasks", "evidence", "promotions__evidence")
    )


def _case(user, pk) -> Case:
    return get_object_or_404(_cases(user), pk=pk)


@router.get("/cases", response=list[CaseOut])
@paginate(Pages)
def list_cases(
    request,
    q: str = "",
    area: str = "",
    unit: Id | None = None,
    year: Year | None = None,
    status: Literal["draft", "submitted", "accepted", "returned", "rejected"] | None = None,
    level: Int32 | None = None,
    featured: bool = False,
):
    """The library: q (every word in the title, summary or practice), area, unit (with the units below
    it), year, status, level (at least), featured."""
    cases = _cases(request.user)
    unit_obj = Unit.objects.filter(pk=unit).first() if unit else None
    if unit and unit_obj is None:
        return cases.none()
    return search(
        cases, q=q, area=area, unit=unit_obj, year=year, status=status, level=level, featured=featured
    ).order_by("-featured", "-year", "-id")


@router.get("/cases/{case_id}", response=CaseOut)
def get_case(request, case_id: Id):
    return _case(request.user, get_case_for_user(request.user, case_id).pk)


@router.post("/cases", response={201: CaseOut})
def create_case(request, data: CaseIn):
    """A 草稿 of the user's unit (or of unit_id, one below it); 报送 it with /cases/{id}/submit."""
    user = request.user
    if not can_write_cases(user):
        raise PermissionDenied("只有单位填报员或审核人可以报送典型经验")
    unit = pick_one(case_units(user), data.unit_id, "unit_id", "报送单位") or user.unit
    tasks = pick(case_tasks(user), data.task_ids, "task_ids", "任务")
    case = Case(unit=unit, **data.dict(include={"title", "summary", "practice", "results", "year", "area"}))
    actions.create_case(case, tasks=tasks, actor=user)
    return Status(201, _case(user, case.pk))


@router.patch("/cases/{case_id}", response=CaseOut)
def patch_case(request, case_id: Id, data: CasePatch):
    """Change a 草稿 or a case 退回修改 (the unit's staff): only the fields sent."""
    user = request.user
    case = get_case_for_user(user, case_id, action="edit")
    sent = data.dict(exclude_unset=True)
    changes = {k: v for k, v in sent.items() if k in Case.FIELDS and v is not None}
    if "unit_id" in sent and sent["unit_id"] is not None:
        changes["unit"] = pick_one(case_units(user), sent["unit_id"], "unit_id", "报送单位")
    tasks = None
    if sent.get("task_ids") is not None:
        tasks = pick(case_tasks(user), sent["task_ids"], "task_ids", "任务")
    with api_fields(unit="unit_id", tasks="task_ids"):
        actions.update_case(case, changes, tasks=tasks, actor=user)
    return _case(user, case.pk)


@router.post("/cases/{case_id}/submit", response=CaseOut)
def submit_case(request, case_id: Id):
    case = get_case_for_user(request.user, case_id, action="edit")
    actions.submit_case(case, actor=request.user)
    return _case(request.user, case.pk)


@router.post("/cases/{case_id}/review", response=CaseOut)
def review_case(request, case_id: Id, data: ReviewIn):
    """采纳 (accept), 退回修改 (return) or 不予采纳 (reject), with the reason for the last two."""
    case = get_case_for_user(request.user, case_id, action="review")
    actions.review_case(case, decision=data.decision, comment=data.comment, actor=request.user)
    return _case(request.user, case.pk)


@router.post("/cases/{case_id}/promote", response={201: PromotionOut})
def promote_case(request, case_id: Id, data: Form[PromoteIn], file: File[UploadedFile] = None):
    """multipart/form-data: level (1 县级 … 4 国家级, above the one recorded), proof (document number or
    article) and/or a `file`, promoted_on."""
    case = get_case_for_user(request.user, case_id, action="review")
    promotion = actions.set_promotion(
        case,
        level=data.level,
        proof=data.proof,
        promoted_on=data.promoted_on,
        upload=file,
        actor=request.user,
    )
    return Status(201, Promotion.objects.prefetch_related("evidence").get(pk=promotion.pk))


@router.post("/cases/{case_id}/feature", response=CaseOut)
def feature_case(request, case_id: Id, data: FeatureIn):
    case = get_case_for_user(request.user, case_id, action="review")
    actions.set_featured(case, data.featured, actor=request.user)
    return _case(request.user, case.pk)


@router.post("/findings/{finding_id}/case", response={201: CaseOut})
def case_from_finding(request, finding_id: Id, data: FromFindingIn):
    """转为典型经验: a good-practice finding becomes a 草稿 for its unit (once)."""
    finding = get_finding_for_case(request.user, finding_id)
    case = actions.case_from_finding(finding, actor=request.user, title=data.title, area=data.area)
    return Status(201, _case(request.user, case.pk))
