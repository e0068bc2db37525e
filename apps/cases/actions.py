"""Writes of 典型经验. Each is atomic, validated here for the pages and the API alike, saves only the
fields it changes and leaves an audit row on the case with the acting user.

草稿 → (报送) 待审核 → 已采纳 | 退回修改 (edited and sent again) | 不予采纳; an accepted case may be promoted
(one Promotion per level reached, each with its proof) and featured."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.evidence.actions import add_evidence, check_upload
from apps.notify.outbox import send

from .access import reviewers_of, writers_of
from .models import Case, Level, Promotion

Status = Case.Status
DECISIONS = {"accept": Status.ACCEPTED, "return": Status.RETURNED, "reject": Status.REJECTED}
REQUIRED_TO_SUBMIT = {"summary": "内容摘要", "practice": "主要做法", "results": "取得成效"}
MIN_YEAR, MAX_YEAR = 2000, 2100


def _task_names(tasks) -> str | None:
    """Linked tasks as the history shows them: one line, 、-separated."""
    return "、".join(str(t) for t in tasks) or None


def _check_uploads(uploads, field="files"):
    for upload in uploads:
        try:
            check_upload(upload)
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from exc


def _validate(case: Case):
    case.title = case.title.strip()
    if not case.title:
        raise ValidationError({"title": "请填写标题"})
    if not MIN_YEAR <= (case.year or 0) <= MAX_YEAR:
        raise ValidationError({"year": f"年度应在 {MIN_YEAR}—{MAX_YEAR} 之间"})
    for field in ("summary", "practice", "results", "area"):
        setattr(case, field, getattr(case, field).strip())


def _attach(case, uploads, actor) -> str:
    return "、".join(add_evidence(upload=upload, actor=actor, owner=case).name for upload in uploads)


@transaction.atomic
def create_case(case: Case, *, tasks=(), uploads=(), actor) -> Case:
    """A new 草稿 of `case.unit` (the caller has checked the user may write for it)."""
    _validate(case)
    _check_uploads(uploads)
    case.status = Status.DRAFT
    case.created_by = actor
    case.save()
    tasks = list(tasks)
    case.tasks.set(tasks)
    changes = {f: [None, v] for f, v in audit.snapshot(case, Case.FIELDS).items() if v not in (None, "")}
    if tasks:
        changes["tasks"] = [None, _task_names(tasks)]
    files = _attach(case, uploads, actor)
    if files:
        changes["files"] = [None, files]
    audit.record(actor, AuditEvent.Action.CREATE, case, changes)
    return case


@transaction.atomic
def update_case(case: Case, data: dict, *, tasks=None, uploads=(), actor) -> dict:
    """Change a 草稿 or a case 退回修改: `data` maps Case.FIELDS to new values; `tasks` (when given) replaces
    the linked tasks; `uploads` are added. Returns the audited changes."""
    if not case.editable:
        raise ValidationError(f"该典型经验{case.get_status_display()}，不能修改")
    unknown = set(data) - set(Case.FIELDS)
    if unknown:
        raise ValidationError(f"不能修改：{'、'.join(sorted(unknown))}")
    before = audit.snapshot(case, data.keys())
    for field, value in data.items():
        setattr(case, field, value)
    _validate(case)
    _check_uploads(uploads)
    after = audit.snapshot(case, data.keys())
    changes = {f: [before[f], after[f]] for f in data if before[f] != after[f]}
    if changes:
        case.save(update_fields=[*(f for f in changes), "updated_at"])
    if tasks is not None:
        old, new = list(case.tasks.order_by("id")), sorted(tasks, key=lambda t: t.pk)
        if [t.pk for t in old] != [t.pk for t in new]:
            case.tasks.set(new)
            changes["tasks"] = [_task_names(old), _task_names(new)]
    files = _attach(case, uploads, actor)
    if files:
        changes["files"] = [None, files]
    if changes:
        audit.record(actor, AuditEvent.Action.UPDATE, case, changes)
    return changes


@transaction.atomic
def submit_case(case: Case, *, actor) -> Case:
    """报送: a 草稿 or a returned case goes to the jurisdiction's reviewers, complete."""
    if not case.editable:
        raise ValidationError(f"该典型经验{case.get_status_display()}，不能报送")
    missing = {f: f"报送前请填写{label}" for f, label in REQUIRED_TO_SUBMIT.items() if not getattr(case, f)}
    if missing:
        raise ValidationError(missing)
    before = case.status
    case.status, case.submitted_at = Status.SUBMITTED, timezone.now()
    case.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(actor, AuditEvent.Action.UPDATE, case, {"status": [before, case.status]})
    send(
        users=reviewers_of(case.unit),
        units=[],
        key=f"case-submitted:{case.pk}:{case.submitted_at.isoformat()}",
        subject="【典型经验】",
        text=f"{case.unit}报送了典型经验《{case.title}》，请审核",
        link=f"/cases/{case.pk}/",
    )
    return case


@transaction.atomic
def review_case(case: Case, *, decision: str, comment: str = "", actor) -> Case:
    """采纳 (accept), 退回修改 (return) or 不予采纳 (reject) a submitted case; the last two need a reason."""
    if decision not in DECISIONS:
        raise ValidationError({"decision": "请选择采纳、退回修改或不予采纳"})
    if case.status != Status.SUBMITTED:
        raise ValidationError(f"该典型经验{case.get_status_display()}，不在待审核状态")
    comment = comment.strip()
    if decision != "accept" and not comment:
        raise ValidationError({"comment": "退回修改或不予采纳时须说明理由"})
    before = audit.snapshot(case, ("status", "review_comment"))
    case.status = DECISIONS[decision]
    case.review_comment, case.reviewed_by, case.reviewed_at = comment, actor, timezone.now()
    case.save(update_fields=["status", "review_comment", "reviewed_by", "reviewed_at", "updated_at"])
    after = audit.snapshot(case, ("status", "review_comment"))
    audit.record(
        actor,
        AuditEvent.Action.UPDATE,
        case,
        {f: [before[f], after[f]] for f in after if before[f] != after[f]},
    )
    verdict = case.get_status_display()
    send(
        users=writers_of(case.unit),
        units=[case.unit],
        key=f"case-reviewed:{case.pk}:{case.reviewed_at.isoformat()}",
        subject="【典型经验】",
        text=f"典型经验《{case.title}》审核结果：{verdict}" + (f"。审核意见：{comment}" if comment else ""),
        link=f"/cases/{case.pk}/",
    )
    return case


@transaction.atomic
def set_promotion(
    case: Case, *, level: int, proof: str = "", promoted_on: datetime.date, upload=None, actor
) -> Promotion:
    """The level an accepted case has reached, above the one recorded before, proved by a document number
    or an article (`proof`) and/or a file (`upload`)."""
    if case.status != Status.ACCEPTED:
        raise ValidationError("只有已采纳的典型经验可以登记推广情况")
    if level not in Level.values:
        raise ValidationError({"level": "请选择推广层级（县级、市级、省级、国家级）"})
    if case.level and level <= case.level:
        raise ValidationError({"level": f"该经验已推广至{Level(case.level).label}，只能登记更高层级的推广"})
    proof = proof.strip()
    if not proof and upload is None:
        raise ValidationError({"proof": "请填写推广依据（文件文号或刊发文章），或上传证明文件"})
    if promoted_on > timezone.localdate():
        raise ValidationError({"promoted_on": "推广日期不能晚于今天"})
    if upload is not None:
        _check_uploads([upload], "file")
    promotion = Promotion.objects.create(
        case=case, level=level, proof=proof, promoted_on=promoted_on, recorded_by=actor
    )
    changes = {
        "level": [case.level, level],
        "proof": [None, proof or None],
        "promoted_on": [None, promoted_on.isoformat()],
    }
    if upload is not None:
        changes["files"] = [None, add_evidence(upload=upload, actor=actor, owner=promotion).name]
    case.level = level
    case.save(update_fields=["level", "updated_at"])
    audit.record(actor, AuditEvent.Action.UPDATE, case, changes)
    return promotion


@transaction.atomic
def set_featured(case: Case, featured: bool, *, actor) -> Case:
    """精选 (or no longer): only an accepted case is featured."""
    if featured and case.status != Status.ACCEPTED:
        raise ValidationError("只有已采纳的典型经验可以设为精选")
    if case.featured != featured:
        case.featured = featured
        case.save(update_fields=["featured", "updated_at"])
        audit.record(actor, AuditEvent.Action.UPDATE, case, {"featured": [not featured, featured]})
    return case


@transaction.atomic
def case_from_finding(finding, *, actor, title: str = "", area: str = "") -> Case:
    """A good-practice 督查发现 becomes a 草稿 for the finding's unit, which completes and submits it."""
    if not finding.good_practice:
        raise ValidationError("该督查发现未标记为可推广的好做法")
    if Case.objects.filter(finding=finding).exists():
        raise ValidationError("该督查发现已转为典型经验")
    text = finding.text.strip()
    case = Case(
        title=title.strip() or text[:60],
        summary=text,
        unit=finding.unit,
        year=timezone.localtime(finding.recorded_at).year,
        area=area,
        finding=finding,
    )
    case = create_case(case, tasks=[finding.task] if finding.task_id else [], actor=actor)
    send(
        users=writers_of(case.unit),
        units=[],
        key=f"case-from-finding:{case.pk}",
        subject="【典型经验】",
        text=f"督查发现的好做法已转为典型经验草稿《{case.title}》，请补充主要做法和取得成效后报送",
        link=f"/cases/{case.pk}/",
    )
    return case
