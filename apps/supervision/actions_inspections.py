"""Writes of 督查 and the 整改台账. Each is atomic, validated here for the pages, the API and the Excel
import alike, and leaves an audit row with the acting user."""

import copy
import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.evidence.actions import add_evidence, check_upload

from . import procedure
from .models import Conclusion, Finding, Inspection, Rectification, RectificationProgress
from .monthly import month_of

# ---- 督查 ----


@transaction.atomic
def create_inspection(inspection: Inspection, *, units, plans=(), team, actor) -> Inspection:
    if inspection.ends_on < inspection.starts_on:
        raise ValidationError({"ends_on": "结束日期不能早于开始日期"})
    unknown = set(inspection.methods) - set(Inspection.Method.values)
    if unknown:
        raise ValidationError({"methods": f"未知的督查方式：{'、'.join(sorted(unknown))}"})
    if not units:
        raise ValidationError({"units": "请至少选择一个督查对象"})
    if not team:
        raise ValidationError({"team": "请指定督查组成员"})
    inspection.created_by = actor
    inspection.save()
    inspection.units.set(units)
    inspection.plans.set(plans)
    inspection.team.set(team)
    changes = {
        f: [None, v] for f, v in audit.snapshot(inspection, ("kind", "title", "starts_on", "ends_on")).items()
    }
    changes["units"] = [None, [str(u) for u in units]]
    changes["team"] = [None, [str(u) for u in team]]
    audit.record(actor, AuditEvent.Action.CREATE, inspection, changes)
    return inspection


@transaction.atomic
def record_finding(finding: Finding, *, uploads=(), actor) -> Finding:
    """A finding at one of the inspected units, with photos or files as evidence (checked by content)."""
    inspection = finding.inspection
    if inspection.status != Inspection.Status.UNDERWAY:
        raise ValidationError("督查已结束，不能再记录督查发现")
    if not inspection.units.filter(pk=finding.unit_id).exists():
        raise ValidationError({"unit": f"{finding.unit}不在本次督查对象中"})
    if not finding.text.strip():
        raise ValidationError({"text": "请填写发现的问题或情况"})
    for upload in uploads:
        try:
            check_upload(upload)
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}) from exc
    finding.recorded_by = actor
    finding.save()
    for upload in uploads:
        add_evidence(upload=upload, actor=actor, owner=finding)
    audit.record(
        actor,
        AuditEvent.Action.CREATE,
        finding,
        {
            "unit": [None, str(finding.unit)],
            "dimension": [None, finding.dimension],
            "severity": [None, finding.severity],
            "text": [None, finding.text],
        },
    )
    return finding


@transaction.atomic
def conclude(inspection: Inspection, texts: dict, *, actor, today=None) -> list[Conclusion]:
    """End the inspection with a 督查结论 for each unit in `texts` (unit → text); each unit may object
    within OBJECTION_DAYS days."""
    if inspection.status != Inspection.Status.UNDERWAY:
        raise ValidationError("该督查已结束")
    texts = {unit: text.strip() for unit, text in texts.items() if text and text.strip()}
    if not texts:
        raise ValidationError({"conclusions": "请至少为一个督查对象填写督查结论"})
    scope = set(inspection.units.values_list("pk", flat=True))
    outside = [str(u) for u in texts if u.pk not in scope]
    if outside:
        raise ValidationError({"conclusions": f"不在本次督查对象中：{'、'.join(outside)}"})
    today = today or timezone.localdate()
    by = today + datetime.timedelta(days=settings.OBJECTION_DAYS)
    made = [
        Conclusion.objects.create(inspection=inspection, unit=unit, text=text, sent_by=actor, objection_by=by)
        for unit, text in texts.items()
    ]
    inspection.status, inspection.concluded_at = Inspection.Status.CONCLUDED, timezone.now()
    inspection.save(update_fields=["status", "concluded_at"])
    audit.record(
        actor,
        AuditEvent.Action.UPDATE,
        inspection,
        {"status": ["underway", "concluded"], "督查结论": [None, [str(c.unit) for c in made]]},
    )
    return made


@transaction.atomic
def object_to(conclusion: Conclusion, *, text: str, actor, today=None) -> Conclusion:
    """异议: the unit disputes the conclusion, at most once and before `objection_by`."""
    today = today or timezone.localdate()
    if conclusion.objected_at:
        raise ValidationError("已提出过异议")
    if today > conclusion.objection_by:
        raise ValidationError(f"异议期限已过（{conclusion.objection_by:%Y-%m-%d}）")
    if not text.strip():
        raise ValidationError({"objection": "请写明异议的事实和理由"})
    conclusion.objection, conclusion.objected_at, conclusion.objected_by = text.strip(), timezone.now(), actor
    conclusion.save(update_fields=["objection", "objected_at", "objected_by"])
    audit.record(actor, AuditEvent.Action.UPDATE, conclusion, {"objection": [None, conclusion.objection]})
    return conclusion


@transaction.atomic
def review_objection(conclusion: Conclusion, *, decision: str, actor) -> Conclusion:
    """复核: the organising office's decision on the unit's 异议."""
    if not conclusion.objected_at:
        raise ValidationError("该单位没有提出异议")
    if conclusion.reviewed_at:
        raise ValidationError("已作出复核决定")
    if not decision.strip():
        raise ValidationError({"review": "请填写复核决定"})
    conclusion.review, conclusion.reviewed_at, conclusion.reviewed_by = (
        decision.strip(),
        timezone.now(),
        actor,
    )
    conclusion.save(update_fields=["review", "reviewed_at", "reviewed_by"])
    audit.record(actor, AuditEvent.Action.UPDATE, conclusion, {"review": [None, conclusion.review]})
    return conclusion


# ---- 整改台账 ----


def check_rectification(item: Rectification) -> None:
    """The rules on an item, for the form, the API and the Excel import alike."""
    errors = {}
    if not item.description.strip():
        errors["description"] = "请填写问题描述"
    if item.kind == Rectification.Kind.DEADLINE and item.due_date is None:
        errors["due_date"] = "限期整改的事项须有整改时限"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_rectification(item: Rectification, *, co_units=(), actor) -> Rectification:
    check_rectification(item)
    if item.lead_unit_id in {u.pk for u in co_units}:
        raise ValidationError({"co_units": "牵头单位不能同时是配合单位"})
    item.created_by = actor
    item.save()
    item.co_units.set(co_units)
    changes = {
        f: [None, v]
        for f, v in audit.snapshot(item, Rectification.AUDIT_FIELDS).items()
        if v not in (None, "")
    }
    if co_units:
        changes["co_units"] = [None, [str(u) for u in co_units]]
    audit.record(actor, AuditEvent.Action.CREATE, item, changes)
    return item


@transaction.atomic
def update_rectification(item: Rectification, data: dict, *, co_units, actor) -> dict:
    """Edit an item's ledger fields (not its status, which only the procedure moves); refused once
    已销号. Returns the audit diff."""
    if item.status == Rectification.Status.CLOSED:
        raise ValidationError("该事项已销号，不能再修改")
    probe = copy.copy(item)
    for field, value in data.items():
        setattr(probe, field, value)
    check_rectification(probe)
    if probe.lead_unit_id in {u.pk for u in co_units}:
        raise ValidationError({"co_units": "牵头单位不能同时是配合单位"})
    before = sorted(str(u) for u in item.co_units.all())
    after = sorted(str(u) for u in co_units)
    extra = {}
    if before != after:
        item.co_units.set(co_units)
        extra["co_units"] = [before, after]
    return audit.update(item, data, actor=actor, extra_changes=extra)


def rectification_from_finding(finding: Finding, *, actor, **fields) -> Rectification:
    """The 整改台账 item a finding that needs fixing becomes; `fields` fill in what the finding lacks."""
    if not finding.needs_rectification:
        raise ValidationError("该督查发现不需要整改")
    item = Rectification(
        owner_unit=finding.inspection.owner_unit,
        source=Rectification.Source.INSPECTION,
        source_ref=fields.pop("source_ref", finding.inspection.title[:100]),
        finding=finding,
        description=fields.pop("description", finding.text),
        lead_unit=fields.pop("lead_unit", finding.unit),
        **fields,
    )
    return create_rectification(item, actor=actor)


@transaction.atomic
def report_progress(item: Rectification, *, text: str, done: bool, actor, uploads=()) -> Rectification:
    """按月交账: the lead unit reports what was done, with evidence; `done` asks for 验收 (已完成待验收),
    which needs at least one file."""
    if item.status not in (Rectification.Status.NOT_STARTED, Rectification.Status.IN_PROGRESS):
        raise ValidationError(f"该事项{item.get_status_display()}，不能再报送进展")
    if not text.strip():
        raise ValidationError({"progress": "请填写整改进展"})
    if done and not uploads and not item.evidence.exists():
        raise ValidationError({"files": "申请验收销号须附佐证材料（整改前后对比、情况说明等）"})
    for upload in uploads:
        try:
            check_upload(upload)
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}) from exc
    for upload in uploads:
        add_evidence(upload=upload, actor=actor, owner=item)
    before = item.status
    item.progress = text.strip()
    item.status = Rectification.Status.AWAITING if done else Rectification.Status.IN_PROGRESS
    item.save(update_fields=["progress", "status"])
    now = timezone.now()  # the month it counts for is the local (Asia/Shanghai) one
    entry = RectificationProgress.objects.create(
        item=item,
        month=month_of(timezone.localdate(now)),
        text=item.progress,
        done=done,
        reported_by=actor,
        reported_at=now,
    )
    audit.record(
        actor,
        AuditEvent.Action.UPDATE,
        item,
        {
            "progress": [None, item.progress],
            "status": [before, item.status],
            "交账月份": [None, f"{entry.month:%Y-%m}"],
        },
    )
    return item


@transaction.atomic
def add_rectification_evidence(item: Rectification, *, uploads, actor) -> Rectification:
    """Attach files (整改前后对比照片、情况说明) to an open item without a progress text, e.g. through the API
    before asking for 验收. Every file is checked before any is stored."""
    if item.status not in (Rectification.Status.NOT_STARTED, Rectification.Status.IN_PROGRESS):
        raise ValidationError(f"该事项{item.get_status_display()}，不能再补充材料")
    if not uploads:
        raise ValidationError({"files": "请至少上传一个文件"})
    for upload in uploads:
        try:
            check_upload(upload)
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}) from exc
    for upload in uploads:
        add_evidence(upload=upload, actor=actor, owner=item)
    audit.record(actor, AuditEvent.Action.UPDATE, item, {"佐证材料": [None, [u.name for u in uploads]]})
    return item


@transaction.atomic
def verify_rectification(
    item: Rectification, *, method: str, passed: bool, note: str, actor
) -> Rectification:
    """核查 ("谁验收、谁负责"): on site or by the documents, the verifier records what was found and signs
    with their account. Passed → 已核查待审核; not passed → back to 推进中."""
    if item.status != Rectification.Status.AWAITING:
        raise ValidationError("只有已完成待验收的事项可以核查")
    changes = procedure.verify(item, method=method, note=note, actor=actor)
    before = item.status
    item.status = Rectification.Status.VERIFIED if passed else Rectification.Status.IN_PROGRESS
    item.save(update_fields=[*procedure.VERIFY_FIELDS, "status"])
    audit.record(actor, AuditEvent.Action.UPDATE, item, {"status": [before, item.status], **changes})
    return item


@transaction.atomic
def close_rectification(
    item: Rectification, *, approve: bool, comment: str, actor, today=None
) -> Rectification:
    """审核 after 核查: approved → 公示 for PUBLICITY_WORKDAYS working days (销号 when it ends without a
    sustained objection; at once when the period is 0); refused (with a reason) → back to 推进中."""
    if item.status != Rectification.Status.VERIFIED:
        raise ValidationError("须经核查通过后才能审核销号")
    if not approve and not comment.strip():
        raise ValidationError({"comment": "审核不通过须说明理由"})
    today = today or timezone.localdate()
    before = item.status
    fields = ["status"]
    changes = {}
    if not approve:
        item.status = Rectification.Status.IN_PROGRESS
    elif until := procedure.publicity_end(today):
        item.status, item.publicity_until = Rectification.Status.PUBLICITY, until
        fields.append("publicity_until")
        changes["publicity_until"] = [None, str(until)]
    else:
        item.status, item.closed_on = Rectification.Status.CLOSED, today
        fields.append("closed_on")
    item.save(update_fields=fields)
    if comment.strip():
        changes["审核意见"] = [None, comment.strip()]
    audit.record(actor, AuditEvent.Action.UPDATE, item, {"status": [before, item.status], **changes})
    return item


@transaction.atomic
def object_during_publicity(item: Rectification, *, text: str, upheld: bool, actor) -> Rectification:
    """An objection raised during 公示, recorded by the office: upheld → the item goes back to 推进中; not
    upheld → recorded, the 公示 runs on."""
    if item.status != Rectification.Status.PUBLICITY:
        raise ValidationError("该事项不在公示期")
    text = procedure.add_objection(item, text)
    before = item.status
    fields = ["publicity_objection"]
    if upheld:
        item.status, item.publicity_until = Rectification.Status.IN_PROGRESS, None
        fields += ["status", "publicity_until"]
    item.save(update_fields=fields)
    audit.record(
        actor,
        AuditEvent.Action.UPDATE,
        item,
        {"公示异议": [None, text], **({"status": [before, item.status]} if upheld else {})},
    )
    return item


def finish_publicity(today) -> int:
    """A step of `tick`: items whose 公示 ended before `today` are 销号 on the day after it ended — in one
    transaction, one UPDATE per closing day and one audit row per item."""
    items = list(
        Rectification.objects.filter(status=Rectification.Status.PUBLICITY, publicity_until__lt=today)
    )
    by_day = defaultdict(list)
    with transaction.atomic():
        for item in items:
            item.status, item.closed_on = Rectification.Status.CLOSED, procedure.closing_day(item)
            by_day[item.closed_on].append(item.pk)
            audit.record(
                None,
                AuditEvent.Action.UPDATE,
                item,
                {"status": ["publicity", "closed"], "closed_on": [None, str(item.closed_on)]},
                actor_name="tick",
            )
        for day, pks in by_day.items():
            Rectification.objects.filter(pk__in=pks).update(status=Rectification.Status.CLOSED, closed_on=day)
    return len(items)
