"""Writes of 年督考, each atomic, validated here for pages and API, with the audit row (留痕)."""

import datetime
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.evidence.actions import add_evidence, check_upload

from . import scoring
from .jobs import score_run_job
from .models import Adjustment, Outcome, Rating, Recognition, Scheme, ScoreRun


def check_config(config) -> dict:
    """The scheme's rules as stored: they must build a scoring.Scheme; the error names what is wrong."""
    if isinstance(config, str):
        try:
            config = json.loads(config)
        except json.JSONDecodeError as exc:
            raise ValidationError({"config": f"考核规则不是有效的 JSON（第 {exc.lineno} 行）"}) from exc
    try:
        return scoring.Scheme.from_dict(config).to_dict()
    except (ValueError, TypeError, KeyError) as exc:
        raise ValidationError({"config": f"考核规则有误：{exc}"}) from exc


@transaction.atomic
def create_scheme(
    *, owner_unit, title, year, config, actor, running=Scheme.Running.QUARTER, units_see_ranking=False
):
    if not title.strip():
        raise ValidationError({"title": "请填写考核办法名称"})
    scheme = Scheme(
        owner_unit=owner_unit,
        title=title.strip(),
        year=year,
        running=running,
        units_see_ranking=units_see_ranking,
        config=check_config(config),
        created_by=actor,
    )
    return audit.create(scheme, Scheme.AUDIT_FIELDS, actor=actor)


@transaction.atomic
def update_draft(scheme: Scheme, data: dict, *, actor) -> dict:
    """A draft changes freely (audited); a published scheme only by `revise`."""
    if scheme.status != Scheme.Status.DRAFT:
        raise ValidationError("已发布的考核办法不能直接修改，请发布新版本并说明修订理由")
    if "config" in data:
        data = {**data, "config": check_config(data["config"])}
    return audit.update(scheme, data, actor=actor)


@transaction.atomic
def publish(scheme: Scheme, *, actor) -> Scheme:
    if scheme.status != Scheme.Status.DRAFT:
        raise ValidationError("该考核办法已发布")
    check_config(scheme.config)
    audit.update(scheme, {"status": Scheme.Status.PUBLISHED, "published_at": timezone.now()}, actor=actor)
    return scheme


@transaction.atomic
def revise(scheme: Scheme, *, config, reason: str, actor) -> Scheme:
    """A published scheme changes only as a new version, with the reason; the old one is superseded and
    kept (its runs with it)."""
    if scheme.status != Scheme.Status.PUBLISHED:
        raise ValidationError("只有已发布的考核办法可以修订；草稿可直接修改")
    if not reason.strip():
        raise ValidationError({"reason": "请说明修订理由"})
    config = check_config(config)
    audit.update(scheme, {"status": Scheme.Status.SUPERSEDED}, actor=actor)
    new = Scheme(
        owner_unit=scheme.owner_unit,
        title=scheme.title,
        year=scheme.year,
        running=scheme.running,
        units_see_ranking=scheme.units_see_ranking,
        config=config,
        status=Scheme.Status.PUBLISHED,
        version=scheme.version + 1,
        previous=scheme,
        change_reason=reason.strip(),
        created_by=actor,
        published_at=timezone.now(),
    )
    return audit.create(
        new, Scheme.AUDIT_FIELDS, actor=actor, extra_changes={"修订理由": [None, reason.strip()]}
    )


def _dimension(scheme: Scheme, code: str, *, kind: str | None = None) -> None:
    dimensions = {d["code"]: d for d in scheme.config.get("dimensions", [])}
    if code not in dimensions:
        raise ValidationError({"dimension": "考核办法中没有这个维度"})
    if kind and not any(r.get("type") == kind for r in dimensions[code].get("rules", [])):
        raise ValidationError({"dimension": f"维度“{dimensions[code]['name']}”不按评价打分"})


def _assessed(scheme: Scheme, unit) -> None:
    if not any(unit.pk in g.get("unit_ids", []) for g in scheme.config.get("groups", [])):
        raise ValidationError({"unit": f"{unit}不在本考核办法的考核对象中"})


def _frozen(scheme: Scheme) -> None:
    if scheme.results_published_at:
        raise ValidationError("考核结果已发布，不能再修改")


@transaction.atomic
def rate(scheme: Scheme, *, unit, dimension: str, points, rater, note="") -> Rating:
    """A named rater's points for a unit in a rating dimension; rating again replaces the rater's own."""
    _frozen(scheme)
    _assessed(scheme, unit)
    _dimension(scheme, dimension, kind="rating")
    full = next(Decimal(d["points"]) for d in scheme.config["dimensions"] if d["code"] == dimension)
    points = Decimal(points)
    if not 0 <= points <= full:
        raise ValidationError({"points": f"分值应在 0 到 {full} 之间"})
    rating, created = Rating.objects.get_or_create(
        scheme=scheme, unit=unit, dimension=dimension, rater=rater, defaults={"points": points, "note": note}
    )
    if created:
        audit.record(rater, AuditEvent.Action.CREATE, rating, {"points": [None, str(points)]})
    else:
        audit.update(rating, {"points": points, "note": note, "rated_at": timezone.now()}, actor=rater)
    return rating


@transaction.atomic
def adjust(scheme: Scheme, *, unit, points, reason: str, uploads, actor, dimension="") -> Adjustment:
    """A manual adjustment: a reason and at least one file (the document behind it) are required."""
    _frozen(scheme)
    _assessed(scheme, unit)
    if dimension:
        _dimension(scheme, dimension)
    if not reason.strip():
        raise ValidationError({"reason": "请说明调整理由"})
    if not uploads:
        raise ValidationError({"files": "调整分数须附依据材料"})
    try:
        points = Decimal(points)
    except (ArithmeticError, TypeError, ValueError) as exc:
        raise ValidationError({"points": "调整分值应为数字"}) from exc
    if points == 0:
        raise ValidationError({"points": "调整分值不能为 0"})
    for upload in uploads:
        try:
            check_upload(upload)
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}) from exc
    adjustment = Adjustment.objects.create(
        scheme=scheme, unit=unit, dimension=dimension, points=points, reason=reason.strip(), created_by=actor
    )
    for upload in uploads:
        add_evidence(upload=upload, actor=actor, owner=adjustment)
    audit.record(
        actor,
        AuditEvent.Action.CREATE,
        adjustment,
        {"unit": [None, str(unit)], "points": [None, str(points)], "reason": [None, adjustment.reason]},
    )
    return adjustment


@transaction.atomic
def recognise(
    *,
    unit,
    kind,
    title,
    document,
    day: datetime.date,
    actor,
    level=None,
    uploads=(),
    role=Recognition.Role.LEAD,
) -> Recognition:
    """Record a 通报表扬 / 通报批评 / 表彰 with its document (a 表彰 needs its level); a 协办 unit's counts
    at the scheme's co-unit share."""
    if kind not in Recognition.Kind.values:
        raise ValidationError({"kind": "请选择类别"})
    if kind == Recognition.Kind.HONOUR and not level:
        raise ValidationError({"level": "表彰须注明级别"})
    if kind == Recognition.Kind.HONOUR and not uploads:
        raise ValidationError({"files": "表彰加分须附表彰文件"})
    if not title.strip():
        raise ValidationError({"title": "请填写事由"})
    if not document.strip():
        raise ValidationError({"document": "请填写文件名称或文号"})
    for upload in uploads:
        try:
            check_upload(upload)
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}) from exc
    item = Recognition.objects.create(
        unit=unit,
        kind=kind,
        level=level or None,
        role=role or Recognition.Role.LEAD,
        title=title.strip(),
        document=document.strip(),
        day=day,
        recorded_by=actor,
    )
    for upload in uploads:
        add_evidence(upload=upload, actor=actor, owner=item)
    audit.record(
        actor,
        AuditEvent.Action.CREATE,
        item,
        {
            "unit": [None, str(unit)],
            "kind": [None, item.get_kind_display()],
            "document": [None, item.document],
        },
    )
    return item


@transaction.atomic
def request_run(scheme: Scheme, *, as_of: datetime.date, actor, final=False) -> ScoreRun:
    """Queue a scoring run (the job runs it; with the immediate backend, at once)."""
    if scheme.status != Scheme.Status.PUBLISHED:
        raise ValidationError("考核办法发布后才能计分")
    _frozen(scheme)
    if final and as_of < datetime.date(scheme.year, 12, 31):
        raise ValidationError({"as_of": "年终结果须计至年度末（12月31日）"})
    run = ScoreRun.objects.create(scheme=scheme, as_of=as_of, final=final, requested_by=actor)
    audit.record(actor, AuditEvent.Action.CREATE, run, {"as_of": [None, str(as_of)], "final": [None, final]})
    transaction.on_commit(lambda: score_run_job.enqueue(run.pk))
    return run


@transaction.atomic
def publish_results(run: ScoreRun, *, actor) -> ScoreRun:
    """Freeze the final run: the scheme's results are published; nothing about it changes any more."""
    scheme = run.scheme
    _frozen(scheme)
    if not run.final or run.status != ScoreRun.Status.DONE:
        raise ValidationError("只能发布已完成计算的年终结果")
    audit.update(
        scheme,
        {"results_published_at": timezone.now()},
        actor=actor,
        extra_changes={"发布结果": [None, run.pk]},
    )
    return run


@transaction.atomic
def record_outcome(scheme: Scheme, *, unit, kind, note, actor, due_date=None) -> Outcome:
    """结果运用, recorded as a fact (not enforced)."""
    if kind not in Outcome.Kind.values:
        raise ValidationError({"kind": "请选择结果运用方式"})
    outcome = Outcome.objects.create(
        scheme=scheme, unit=unit, kind=kind, note=note.strip(), due_date=due_date, recorded_by=actor
    )
    audit.record(
        actor,
        AuditEvent.Action.CREATE,
        outcome,
        {"unit": [None, str(unit)], "kind": [None, outcome.get_kind_display()]},
    )
    return outcome
