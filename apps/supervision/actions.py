"""Writes of 督办 and 销号. Each is atomic, validated here for form and API, and leaves an audit row with
the acting user."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.cycles.status import refresh_tasks
from apps.evidence.actions import add_evidence, check_upload
from apps.plans.models import Task

from . import messages
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
    )
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
    if task.closeouts.filter(status=CloseOut.Status.APPLIED).exists():
        raise ValidationError("该任务已有待审核的销号申请")
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


@transaction.atomic
def decide_closeout(closeout: CloseOut, *, approve: bool, comment: str, actor) -> CloseOut:
    if closeout.status != CloseOut.Status.APPLIED:
        raise ValidationError("该申请已审核")
    if not approve and not comment.strip():
        raise ValidationError({"comment": "不予销号须说明理由"})
    closeout.status = CloseOut.Status.APPROVED if approve else CloseOut.Status.REJECTED
    closeout.decided_by, closeout.decided_at, closeout.comment = actor, timezone.now(), comment.strip()
    closeout.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    audit.record(actor, AuditEvent.Action.UPDATE, closeout, {"status": ["applied", closeout.status]})
    messages.closeout_decided(closeout)
    if approve:
        today = timezone.localdate()
        Task.objects.filter(pk=closeout.task_id).update(closed_out_on=today)
        refresh_tasks(Task.objects.filter(pk=closeout.task_id), today=today)
    return closeout
