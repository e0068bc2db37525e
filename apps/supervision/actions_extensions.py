"""延期申请 on a rectification item (整改时限), a 督办单 (回复期限) or a task (完成时限): asked by the
responsible unit before the time limit passes (on its last day at the latest) with a reason and a later
date; after it, refused outright and the original date counts. Granted → the time limit moves, audited
on the subject too."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.cycles.status import refresh_tasks
from apps.plans.models import Task

from .models import Extension, Notice, Rectification


def _limit(subject) -> tuple[str, str, str | None]:
    """(the date field, its name, why no extension can be asked now or None)."""
    if isinstance(subject, Rectification):
        if subject.kind != Rectification.Kind.DEADLINE or subject.due_date is None:
            return "due_date", "整改时限", "持续整改事项没有整改时限，无需延期"
        if subject.status not in (Rectification.Status.NOT_STARTED, Rectification.Status.IN_PROGRESS):
            return "due_date", "整改时限", f"该事项{subject.get_status_display()}，不能申请延期"
        return "due_date", "整改时限", None
    if isinstance(subject, Notice):
        if subject.replied_at or subject.closed_at:
            return "reply_by", "回复期限", "该督办单已回复或办结，不能申请延期"
        return "reply_by", "回复期限", None
    if isinstance(subject, Task):
        if subject.is_archived or subject.closed_out_on:
            return "due_date", "完成时限", "任务已归档或已销号，不能申请延期"
        if subject.due_date is None:
            return "due_date", "完成时限", "该任务没有完成时限，无需延期"
        return "due_date", "完成时限", None
    raise TypeError(subject)


def _subject_kwargs(subject) -> dict:
    key = {Rectification: "item", Notice: "notice", Task: "task"}[type(subject)]
    return {key: subject}


@transaction.atomic
def ask_extension(subject, *, new_date: datetime.date, reason: str, actor, today=None) -> Extension:
    today = today or timezone.localdate()
    field, name, refusal = _limit(subject)
    if refusal:
        raise ValidationError(refusal)
    limit = getattr(subject, field)
    if today > limit:
        raise ValidationError(f"{name}（{limit:%Y-%m-%d}）已过，不能再申请延期；逾期按原时限计")
    if Extension.objects.filter(**_subject_kwargs(subject), status=Extension.Status.ASKED).exists():
        raise ValidationError("已有待审批的延期申请")
    if new_date <= limit:
        raise ValidationError({"new_date": f"延期后的时限应晚于原{name}"})
    if not reason.strip():
        raise ValidationError({"reason": "请写明申请延期的原因"})
    extension = Extension.objects.create(
        **_subject_kwargs(subject),
        original_date=limit,
        new_date=new_date,
        reason=reason.strip(),
        asked_by=actor,
    )
    audit.record(
        actor,
        AuditEvent.Action.CREATE,
        extension,
        {
            "original_date": [None, str(limit)],
            "new_date": [None, str(new_date)],
            "reason": [None, extension.reason],
        },
    )
    return extension


@transaction.atomic
def decide_extension(extension: Extension, *, grant: bool, comment: str, actor) -> Extension:
    if extension.status != Extension.Status.ASKED:
        raise ValidationError("该延期申请已审批")
    if not grant and not comment.strip():
        raise ValidationError({"comment": "不同意延期须说明理由"})
    extension.status = Extension.Status.GRANTED if grant else Extension.Status.REFUSED
    extension.decided_by, extension.decided_at, extension.comment = actor, timezone.now(), comment.strip()
    extension.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    audit.record(actor, AuditEvent.Action.UPDATE, extension, {"status": ["asked", extension.status]})
    if grant:
        subject = extension.subject
        field, _, _ = _limit(subject)
        before = getattr(subject, field)
        setattr(subject, field, extension.new_date)
        subject.save(update_fields=[field])
        audit.record(
            actor,
            AuditEvent.Action.UPDATE,
            subject,
            {field: [str(before), str(extension.new_date)], "延期": [None, "同意延期"]},
        )
        if isinstance(subject, Task):
            refresh_tasks(Task.objects.filter(pk=subject.pk), today=timezone.localdate())
    return extension
