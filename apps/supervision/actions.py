"""Writes of 督办 and 销号. Each is atomic, validated here for form and API, and leaves an audit row with
the acting user."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.cycles.status import refresh_tasks
from apps.evidence.actions import add_evidence, check_upload
from apps.plans.models import Task

from . import messages, procedure
from .models import CloseOut, Notice
from .rules import closeout_gap

# ---- 督办 ----


@transaction.atomic
def issue_notice(*, task, unit, level, reason, reply_by: datetime.date, actor) -> Notice:
    if task.is_archived:
        raise ValidationError("任务已归档，不能发督办单")
    if not reason.strip():
        raise ValidationError({"reason": "请填写督办事由"})
    if reply_by < timezone.localdate():
        raise ValidationError({"reply_by": "回复期限不能早于今天"})
    if not task.links.filter(unit=unit).exists():
        raise ValidationError({"unit": f"{unit}不是该任务的责任单位"})
    notice = Notice.objects.create(
        task=task, unit=unit, level=level, reason=reason.strip(), reply_by=reply_by, issued_by=actor
    )  # Notice.save() keeps the task's plan on it
    audit.record(
        actor,
        AuditEvent.Action.CREATE,
        notice,
        {"level": [None, notice.get_level_display()], "reply_by": [None, str(reply_by)]},
    )
    messages.notice_issued(notice)
    return notice


@transaction.atomic
def reply_notice(notice: Notice, *, reply: str, actor) -> Notice:
    if notice.replied_at:
        raise ValidationError("该督办单已回复")
    if notice.closed_at:
        raise ValidationError("该督办单已办结，不能再回复")
    if not reply.strip():
        raise ValidationError({"reply": "请填写办理情况"})
    notice.reply, notice.replied_by, notice.replied_at = reply.strip(), actor, timezone.now()
    notice.save(update_fields=["reply", "replied_by", "replied_at"])
    audit.record(actor, AuditEvent.Action.UPDATE, notice, {"reply": [None, notice.reply]})
    return notice


@transaction.atomic
def close_notice(notice: Notice, *, actor, actor_name="") -> Notice:
    if notice.closed_at is None:
        notice.closed_at = timezone.now()
        notice.save(update_fields=["closed_at"])
        audit.record(
            actor,
            AuditEvent.Action.UPDATE,
            notice,
            {"closed_at": [None, notice.closed_at.isoformat()]},
            actor_name=actor_name,
        )
    return notice


def close_notices_of_archived_task(sender, *, task, actor, **kwargs) -> None:
    """An archived task owes no more answers: its open notices are closed (receiver of task_archived)."""
    for notice in Notice.objects.filter(task=task, closed_at__isnull=True):
        close_notice(notice, actor=actor, actor_name="" if actor else "归档任务")


# ---- 销号 ----


@transaction.atomic
def apply_closeout(*, task, unit, note, uploads, actor, shortfall_reason="") -> CloseOut:
    """Apply for 销号. Work short of 100% or of a target needs `shortfall_reason`: why it may be closed."""
    if task.closeouts.filter(status=CloseOut.Status.APPROVED).exists():
        raise ValidationError("该任务已销号")
    if task.closeouts.filter(status__in=CloseOut.PENDING).exists():
        raise ValidationError("该任务已有办理中的销号申请")
    if not note.strip():
        raise ValidationError({"note": "请说明完成情况"})
    if not uploads:
        raise ValidationError({"files": "销号申请须附佐证材料"})
    gap = closeout_gap(task)
    if gap.unfinished and not shortfall_reason.strip():
        raise ValidationError(
            {"shortfall_reason": f"任务尚未完成（{gap.summary()}），请说明未完成的原因及申请销号的理由"}
        )
    for upload in uploads:  # check every file first: a rejected file must not leave others in storage
        try:
            check_upload(upload)
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}) from exc
    closeout = CloseOut.objects.create(
        task=task, unit=unit, note=note.strip(), shortfall_reason=shortfall_reason.strip(), applied_by=actor
    )
    for upload in uploads:
        add_evidence(upload=upload, actor=actor, owner=closeout)
    changes = {"note": [None, closeout.note]}
    if gap.unfinished:
        changes.update(
            {"未完成情况": [None, gap.summary()], "shortfall_reason": [None, closeout.shortfall_reason]}
        )
    audit.record(actor, AuditEvent.Action.CREATE, closeout, changes)
    messages.closeout_applied(closeout)
    return closeout


def _reject(closeout: CloseOut, fields: list, changes: dict, comment: str, actor) -> None:
    before = closeout.status
    closeout.status, closeout.comment = CloseOut.Status.REJECTED, comment.strip()
    closeout.decided_by, closeout.decided_at = actor, timezone.now()
    closeout.save(update_fields=[*fields, "status", "comment", "decided_by", "decided_at"])
    audit.record(actor, AuditEvent.Action.UPDATE, closeout, {"status": [before, closeout.status], **changes})
    messages.closeout_decided(closeout)


@transaction.atomic
def verify_closeout(closeout: CloseOut, *, method: str, passed: bool, note: str, actor) -> CloseOut:
    """核查 of the application ("谁验收、谁负责"), on site or by the documents, signed with the verifier's
    account. Passed → 已核查待审核; not passed → 未通过 (the unit applies again when it has done the work)."""
    if closeout.status != CloseOut.Status.APPLIED:
        raise ValidationError("只有待核查的销号申请可以核查")
    changes = procedure.verify(closeout, method=method, note=note, actor=actor)
    if not passed:
        _reject(closeout, procedure.VERIFY_FIELDS, changes, f"核查未通过：{closeout.verify_note}", actor)
        return closeout
    closeout.status = CloseOut.Status.VERIFIED
    closeout.save(update_fields=[*procedure.VERIFY_FIELDS, "status"])
    audit.record(actor, AuditEvent.Action.UPDATE, closeout, {"status": ["applied", "verified"], **changes})
    return closeout


@transaction.atomic
def decide_closeout(closeout: CloseOut, *, approve: bool, comment: str, actor, today=None) -> CloseOut:
    """审核 after 核查: approved → 公示 (or 销号 at once when no 公示 is configured); refused with a reason."""
    if closeout.status != CloseOut.Status.VERIFIED:
        raise ValidationError("须经核查通过后才能审核销号")
    if not approve and not comment.strip():
        raise ValidationError({"comment": "不予销号须说明理由"})
    if not approve:
        _reject(closeout, [], {}, comment, actor)
        return closeout
    today = today or timezone.localdate()
    until = procedure.publicity_end(today)
    closeout.decided_by, closeout.decided_at, closeout.comment = actor, timezone.now(), comment.strip()
    closeout.status = CloseOut.Status.PUBLICITY if until else CloseOut.Status.APPROVED
    closeout.publicity_until = until
    closeout.save(update_fields=["status", "decided_by", "decided_at", "comment", "publicity_until"])
    changes = {"status": ["verified", closeout.status]}
    if until:
        changes["publicity_until"] = [None, str(until)]
    audit.record(actor, AuditEvent.Action.UPDATE, closeout, changes)
    messages.closeout_decided(closeout)
    if not until:
        _close_task(closeout, today)
    return closeout


@transaction.atomic
def object_to_closeout(closeout: CloseOut, *, text: str, upheld: bool, actor) -> CloseOut:
    """An objection raised during the 公示, recorded by the office: upheld → 未通过 (the task stays open);
    not upheld → recorded, the 公示 runs on."""
    if closeout.status != CloseOut.Status.PUBLICITY:
        raise ValidationError("该销号申请不在公示期")
    text = procedure.add_objection(closeout, text)
    if upheld:
        _reject(
            closeout, ["publicity_objection"], {"公示异议": [None, text]}, f"公示期间异议成立：{text}", actor
        )
        return closeout
    closeout.save(update_fields=["publicity_objection"])
    audit.record(actor, AuditEvent.Action.UPDATE, closeout, {"公示异议": [None, text]})
    return closeout


def _close_task(closeout: CloseOut, day) -> None:
    Task.objects.filter(pk=closeout.task_id).update(closed_out_on=day)
    refresh_tasks(Task.objects.filter(pk=closeout.task_id), today=timezone.localdate())


def finish_closeout_publicity(today) -> int:
    """A step of `tick`: 销号 applications whose 公示 ended before `today` close their task (已销号) on the
    day after the 公示 ended. All in one transaction: the applications and their tasks written in bulk, one
    audit row each, the tasks' status refreshed together and the units told with one send_many."""
    closeouts = list(
        CloseOut.objects.filter(status=CloseOut.Status.PUBLICITY, publicity_until__lt=today).select_related(
            "task", "unit"
        )
    )
    if not closeouts:
        return 0
    by_day = defaultdict(list)
    with transaction.atomic():
        CloseOut.objects.filter(pk__in=[c.pk for c in closeouts]).update(status=CloseOut.Status.APPROVED)
        for closeout in closeouts:
            closeout.status, day = CloseOut.Status.APPROVED, procedure.closing_day(closeout)
            by_day[day].append(closeout.task_id)
            audit.record(
                None,
                AuditEvent.Action.UPDATE,
                closeout,
                {"status": ["publicity", "approved"], "销号日期": [None, str(day)]},
                actor_name="tick",
            )
        for day, task_ids in by_day.items():
            Task.objects.filter(pk__in=task_ids).update(closed_out_on=day)
        refresh_tasks(Task.objects.filter(pk__in=[c.task_id for c in closeouts]), today=today)
        messages.closeouts_decided(closeouts)
    return len(closeouts)
