"""年督考 over JSON, with the same permissions and actions as the pages: schemes (create with the default
rules of the user's jurisdiction when none are sent, change a draft, publish, revise with a reason), the
leaders' ratings, 通报/表彰 and manual adjustments (multipart, with files), scoring runs, a run's ranking
by group and one unit's breakdown (JSON or .xlsx), publishing the final results, and 结果运用.

What one may not see is a 404, what one sees but may not do a 403, a bad body a 422 keyed by field."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate
from pydantic import field_validator

from apps.orgs.access import visible_units
from apps.orgs.models import Unit
from apps.orgs.schemas import Id, Pages, Year
from apps.supervision.api_common import EvidenceOut, api_fields, pick

from . import actions
from .access import (
    about_visible_units,
    assessed_unit_ids,
    can_manage_assessment,
    can_manage_scheme,
    can_rate,
    can_record_recognition,
    get_run_for_user,
    get_scheme_for_user,
    get_unit_score_for_user,
    visible_recognitions,
    visible_schemes,
    visible_scores,
)
from .defaults import default_config
from .excel import XLSX_TYPE, breakdown_workbook
from .models import Adjustment, Outcome, Rating, Recognition, Scheme, ScoreRun

router = Router(tags=["年督考"])


# ---- schemas ----


class SchemeOut(Schema):
    id: int
    title: str
    year: int
    running: str
    units_see_ranking: bool
    status: str
    status_label: str
    version: int
    previous_id: int | None
    change_reason: str
    owner_unit_id: int
    owner_unit_name: str
    published_at: datetime.datetime | None
    results_published_at: datetime.datetime | None
    config: dict

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_owner_unit_name(obj):
        return obj.owner_unit.name


class SchemeIn(Schema):
    title: str
    year: Year
    running: Scheme.Running = Scheme.Running.QUARTER
    units_see_ranking: bool = False
    config: dict | None = None  # the rules (scoring.Scheme.to_dict()); omitted: the default scheme


class SchemePatch(Schema):
    title: str = None
    year: Year = None
    running: Scheme.Running = None
    units_see_ranking: bool = None
    config: dict = None


class ReviseIn(Schema):
    config: dict
    reason: str = ""


class RatingIn(Schema):
    unit_id: Id
    dimension: str
    points: Decimal
    note: str = ""


class RatingOut(Schema):
    id: int
    unit_id: int
    dimension: str
    rater_id: int
    points: Decimal
    note: str
    rated_at: datetime.datetime


class RecognitionIn(Schema):
    unit_id: Id
    kind: Recognition.Kind
    level: Recognition.Level | None = None  # 1 县级 … 4 国家级; a 表彰 needs one
    role: Recognition.Role = Recognition.Role.LEAD  # 主办, or 协办 (counts at the scheme's co-unit share)
    title: str = ""
    document: str = ""
    day: datetime.date

    @field_validator("level", mode="before")
    @classmethod
    def blank_level(cls, value):
        return None if value == "" else value  # a form's empty choice


class RecognitionOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    kind: str
    kind_label: str
    level: int | None
    role: str
    title: str
    document: str
    day: datetime.date
    recorded_at: datetime.datetime
    files: list[EvidenceOut]

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_files(obj):
        return list(obj.evidence.all())


class AdjustmentIn(Schema):
    unit_id: Id
    points: Decimal
    reason: str = ""
    dimension: str = ""  # a dimension's code; empty: the total


class AdjustmentOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    dimension: str
    points: Decimal
    reason: str
    created_at: datetime.datetime
    files: list[EvidenceOut]

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_files(obj):
        return list(obj.evidence.all())


class RunIn(Schema):
    as_of: datetime.date
    final: bool = False


class RunOut(Schema):
    id: int
    scheme_id: int
    as_of: datetime.date
    final: bool
    status: str
    status_label: str
    error: str
    requested_at: datetime.datetime
    finished_at: datetime.datetime | None
    unit_count: int

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class ScoreRow(Schema):
    unit_id: int
    unit_name: str
    eligible: bool
    ineligible_reason: str
    total: Decimal | None
    grade: str
    rank: int | None
    vetoed: bool


class GroupScores(Schema):
    code: str
    name: str
    scores: list[ScoreRow]


class RunScoresOut(Schema):
    run: RunOut
    groups: list[GroupScores]


class UnitScoreOut(Schema):
    run_id: int
    unit_id: int
    unit_name: str
    group: str
    eligible: bool
    total: Decimal | None
    grade: str
    rank: int | None
    vetoed: bool
    breakdown: dict  # scoring.UnitResult.to_dict(): every dimension's lines, bonuses, deductions, vetoes…

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class OutcomeIn(Schema):
    unit_id: Id
    kind: Outcome.Kind
    note: str = ""
    due_date: datetime.date | None = None


class OutcomeOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    kind: str
    kind_label: str
    note: str
    due_date: datetime.date | None
    recorded_at: datetime.datetime

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()


# ---- helpers ----


def _scheme(pk) -> Scheme:
    return Scheme.objects.select_related("owner_unit").get(pk=pk)


def _assessed_unit(scheme: Scheme, pk: int) -> Unit:
    """A unit the scheme assesses, or a 422 on unit_id."""
    return pick(Unit.objects.filter(pk__in=assessed_unit_ids(scheme)), [pk], "unit_id", "考核对象")[0]


def _group_names(scheme: Scheme) -> dict:
    return {g["code"]: g.get("name", g["code"]) for g in scheme.config.get("groups", [])}


# ---- schemes ----


@router.get("/assessment/schemes", response=list[SchemeOut])
@paginate(Pages)
def list_schemes(request, year: Year | None = None, status: Scheme.Status | None = None):
    """The schemes the user may see: oversight roles their jurisdiction's (drafts too), a unit's staff the
    published ones that assess their unit."""
    schemes = visible_schemes(request.user).select_related("owner_unit")
    if year:
        schemes = schemes.filter(year=year)
    if status:
        schemes = schemes.filter(status=status)
    return schemes.order_by("-year", "-id")


@router.get("/assessment/schemes/{scheme_id}", response=SchemeOut)
def get_scheme(request, scheme_id: Id):
    return get_scheme_for_user(request.user, scheme_id)


@router.post("/assessment/schemes", response={201: SchemeOut})
def create_scheme(request, data: SchemeIn):
    """A 草稿 of the user's jurisdiction; without `config`, the default rules for its units."""
    user = request.user
    if not can_manage_assessment(user):
        raise PermissionDenied("只有牵头机关可以制定考核办法")
    owner = user.unit.jurisdiction()
    scheme = actions.create_scheme(
        owner_unit=owner,
        title=data.title,
        year=data.year,
        config=default_config(owner) if data.config is None else data.config,
        running=data.running,
        units_see_ranking=data.units_see_ranking,
        actor=user,
    )
    return Status(201, _scheme(scheme.pk))


@router.patch("/assessment/schemes/{scheme_id}", response=SchemeOut)
def patch_scheme(request, scheme_id: Id, data: SchemePatch):
    """Change a 草稿 (only the fields sent); a published scheme changes by /revise."""
    scheme = get_scheme_for_user(request.user, scheme_id, manage=True)
    changes = {k: v for k, v in data.dict(exclude_unset=True).items() if v is not None}
    actions.update_draft(scheme, changes, actor=request.user)
    return _scheme(scheme.pk)


@router.post("/assessment/schemes/{scheme_id}/publish", response=SchemeOut)
def publish_scheme(request, scheme_id: Id):
    scheme = get_scheme_for_user(request.user, scheme_id, manage=True)
    actions.publish(scheme, actor=request.user)
    return _scheme(scheme.pk)


@router.post("/assessment/schemes/{scheme_id}/revise", response={201: SchemeOut})
def revise_scheme(request, scheme_id: Id, data: ReviseIn):
    """A new version of a published scheme, with the reason; the old one is kept as superseded."""
    scheme = get_scheme_for_user(request.user, scheme_id, manage=True)
    new = actions.revise(scheme, config=data.config, reason=data.reason, actor=request.user)
    return Status(201, _scheme(new.pk))


# ---- ratings, 通报/表彰, adjustments ----


@router.post("/assessment/schemes/{scheme_id}/ratings", response=RatingOut)
def rate(request, scheme_id: Id, data: RatingIn):
    """分管领导评价: the leader's own points for a unit in a rating dimension (again: replaced)."""
    user = request.user
    scheme = get_scheme_for_user(user, scheme_id)
    if not can_rate(user, scheme):
        raise PermissionDenied("只有本辖区的领导可以对已发布的考核办法评价打分")
    unit = _assessed_unit(scheme, data.unit_id)
    with api_fields(unit="unit_id"):
        rating = actions.rate(
            scheme, unit=unit, dimension=data.dimension, points=data.points, note=data.note, rater=user
        )
    return Rating.objects.get(pk=rating.pk)


@router.get("/assessment/recognitions", response=list[RecognitionOut])
@paginate(Pages)
def list_recognitions(
    request, unit: Id | None = None, kind: Recognition.Kind | None = None, year: Year | None = None
):
    """通报表扬 / 通报批评 / 表彰 in the user's jurisdiction (oversight roles only; others see none)."""
    items = visible_recognitions(request.user).select_related("unit").prefetch_related("evidence")
    if unit:
        items = items.filter(unit_id=unit)
    if kind:
        items = items.filter(kind=kind)
    if year:
        items = items.filter(day__year=year)
    return items.order_by("-day", "-id")


@router.post("/assessment/recognitions", response={201: RecognitionOut})
def create_recognition(request, data: Form[RecognitionIn], files: File[list[UploadedFile]] = None):
    """multipart/form-data: unit_id, kind (praise 通报表扬 / criticism 通报批评 / honour 表彰), level (a
    表彰's), title, document (its name or number), day, and optionally the document's `files`."""
    user = request.user
    if not can_manage_assessment(user):
        raise PermissionDenied("只有牵头机关可以登记通报和表彰")
    unit = pick(visible_units(user), [data.unit_id], "unit_id", "单位")[0]
    if not can_record_recognition(user, unit):
        raise PermissionDenied("只能登记本辖区单位的通报和表彰")
    with api_fields(unit="unit_id"):
        item = actions.recognise(
            unit=unit,
            kind=data.kind,
            level=data.level,
            role=data.role,
            title=data.title,
            document=data.document,
            day=data.day,
            uploads=files or [],
            actor=user,
        )
    return Status(
        201, Recognition.objects.select_related("unit").prefetch_related("evidence").get(pk=item.pk)
    )


@router.get("/assessment/schemes/{scheme_id}/adjustments", response=list[AdjustmentOut])
def list_adjustments(request, scheme_id: Id):
    """The manual adjustments of a scheme: all for oversight roles, a unit's own for its staff."""
    user = request.user
    scheme = get_scheme_for_user(user, scheme_id)
    rows = Adjustment.objects.filter(scheme=scheme).select_related("unit").prefetch_related("evidence")
    return about_visible_units(user, scheme, rows).order_by("unit__path", "created_at", "id")


@router.post("/assessment/schemes/{scheme_id}/adjustments", response={201: AdjustmentOut})
def create_adjustment(
    request, scheme_id: Id, data: Form[AdjustmentIn], files: File[list[UploadedFile]] = None
):
    """multipart/form-data: unit_id, points (±, not 0), reason, dimension (a code, or empty for the total)
    and the `files` behind it (at least one)."""
    scheme = get_scheme_for_user(request.user, scheme_id, manage=True)
    unit = _assessed_unit(scheme, data.unit_id)
    with api_fields(unit="unit_id"):
        adjustment = actions.adjust(
            scheme,
            unit=unit,
            points=data.points,
            reason=data.reason,
            dimension=data.dimension,
            uploads=files or [],
            actor=request.user,
        )
    return Status(
        201, Adjustment.objects.select_related("unit").prefetch_related("evidence").get(pk=adjustment.pk)
    )


# ---- runs and scores ----


@router.get("/assessment/schemes/{scheme_id}/runs", response=list[RunOut])
def list_runs(request, scheme_id: Id):
    scheme = get_scheme_for_user(request.user, scheme_id)
    return ScoreRun.objects.filter(scheme=scheme).order_by("-requested_at", "-id")


@router.post("/assessment/schemes/{scheme_id}/runs", response={201: RunOut})
def create_run(request, scheme_id: Id, data: RunIn):
    """Score the scheme as of a day (a running score), or `final` at the year's end; a background job
    computes it: poll GET /assessment/runs/{id} until its status is done."""
    scheme = get_scheme_for_user(request.user, scheme_id, manage=True)
    run = actions.request_run(scheme, as_of=data.as_of, final=data.final, actor=request.user)
    return Status(201, ScoreRun.objects.get(pk=run.pk))


@router.get("/assessment/runs/{run_id}", response=RunOut)
def get_run(request, run_id: Id):
    return get_run_for_user(request.user, run_id)


@router.get("/assessment/runs/{run_id}/scores", response=RunScoresOut)
def run_scores(request, run_id: Id, group: str = ""):
    """The ranking by group, as far as the user may see it: everything for oversight roles; a unit's own
    row, and its group's when the scheme shows units the ranking."""
    run = get_run_for_user(request.user, run_id)
    scores = visible_scores(request.user, run)
    if group:
        scores = scores.filter(group=group)
    rows = scores.order_by("group", F("rank").asc(nulls_last=True), "unit__path").values_list(
        "group", "unit_id", "unit__name", "eligible", "breakdown__ineligible_reason", "total", "grade",
        "rank", "vetoed",
    )  # fmt: skip
    names = _group_names(run.scheme)
    groups: dict[str, dict] = {}
    for code, unit_id, unit_name, eligible, reason, total, grade, rank, vetoed in rows:
        entry = groups.setdefault(code, {"code": code, "name": names.get(code, code), "scores": []})
        entry["scores"].append(
            {
                "unit_id": unit_id,
                "unit_name": unit_name,
                "eligible": eligible,
                "ineligible_reason": reason or "",
                "total": total,
                "grade": grade,
                "rank": rank,
                "vetoed": vetoed,
            }
        )
    order = list(names)
    return {
        "run": run,
        "groups": sorted(groups.values(), key=lambda g: order.index(g["code"]) if g["code"] in order else 99),
    }


@router.get("/assessment/runs/{run_id}/scores/{unit_id}", response=UnitScoreOut)
def unit_score(request, run_id: Id, unit_id: Id):
    """One unit's breakdown: each rule, each event that moved it (`ref`: report:5, notice:3 …) and the
    arithmetic. Oversight roles and the unit's own staff only."""
    run = get_run_for_user(request.user, run_id)
    return get_unit_score_for_user(request.user, run, unit_id)


@router.get("/assessment/runs/{run_id}/scores/{unit_id}/xlsx")
def unit_score_xlsx(request, run_id: Id, unit_id: Id):
    """The same breakdown as an Excel workbook the unit can recompute (numbers as numbers, a SUM check)."""
    run = get_run_for_user(request.user, run_id)
    score = get_unit_score_for_user(request.user, run, unit_id)
    score.run = run  # already read, with its scheme
    response = HttpResponse(breakdown_workbook(score, run.scheme), content_type=XLSX_TYPE)
    name = f"得分明细-{score.unit.name}-{run.as_of:%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@router.post("/assessment/runs/{run_id}/publish", response=RunOut)
def publish_results(request, run_id: Id):
    """Publish the final run's results: the scheme's scores are frozen from then on."""
    run = get_run_for_user(request.user, run_id)
    if not can_manage_scheme(request.user, run.scheme):
        raise PermissionDenied("只有本辖区的牵头机关可以发布考核结果")
    actions.publish_results(run, actor=request.user)
    return ScoreRun.objects.get(pk=run.pk)


# ---- 结果运用 ----


@router.get("/assessment/schemes/{scheme_id}/outcomes", response=list[OutcomeOut])
def list_outcomes(request, scheme_id: Id):
    user = request.user
    scheme = get_scheme_for_user(user, scheme_id)
    rows = Outcome.objects.filter(scheme=scheme).select_related("unit")
    return about_visible_units(user, scheme, rows).order_by("unit__path", "id")


@router.post("/assessment/schemes/{scheme_id}/outcomes", response={201: OutcomeOut})
def create_outcome(request, scheme_id: Id, data: OutcomeIn):
    """结果运用 recorded as a fact (通报表扬, 约谈, 书面整改报告 with its due date, 不得评优…)."""
    scheme = get_scheme_for_user(request.user, scheme_id, manage=True)
    unit = _assessed_unit(scheme, data.unit_id)
    outcome = actions.record_outcome(
        scheme, unit=unit, kind=data.kind, note=data.note, due_date=data.due_date, actor=request.user
    )
    return Status(201, Outcome.objects.select_related("unit").get(pk=outcome.pk))
