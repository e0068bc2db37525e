"""Writes of 领导批示: written by a leader, answered by the named unit. Atomic and audited."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.notify.outbox import send, unit_users
from apps.orgs.models import Role

from .models import Instruction


@transaction.atomic
def issue_instruction(
    *,
    unit,
    text: str,
    answer_by: datetime.date,
    actor,
    task=None,
    rectification=None,
    report=None,
    notice=None,
):
    """On exactly one subject: a task, a rectification item, a progress report or a 督办单 (the last two
    also carry their task, so the task page lists them)."""
    if sum(x is not None for x in (task, rectification, report, notice)) != 1:
        raise ValidationError("批示须针对一项任务、进展报告、督办单或整改事项")
    task = task or getattr(report or notice, "task", None)
    if not text.strip():
        raise ValidationError({"text": "请填写批示内容"})
    if answer_by < timezone.localdate():
        raise ValidationError({"answer_by": "办理时限不能早于今天"})
    item = Instruction.objects.create(
        leader=actor,
        task=task,
        rectification=rectification,
        report=report,
        notice=notice,
        unit=unit,
        text=text.strip(),
        answer_by=answer_by,
    )
    audit.record(
        actor,
        AuditEvent.Action.CREATE,
        item,
        {"unit": [None, str(unit)], "text": [None, item.text], "answer_by": [None, str(answer_by)]},
    )
    send(
        users=unit_users([unit.pk], Role.REPORTER, Role.APPROVER),
        units=[unit],
        key=f"instruction:{item.pk}",
        subject="【领导批示】",
        text=f"【领导批示】{actor.full_name or actor.username}批示《{item.subject}》：{item.text}。请于 {answer_by:%Y-%m-%d} 前报告办理情况",
        link=f"/instructions/{item.pk}/",
    )
    return item


@transaction.atomic
def answer_instruction(item: Instruction, *, answer: str, actor) -> Instruction:
    if item.answered_at:
        raise ValidationError("已报告过办理情况")
    if not answer.strip():
        raise ValidationError({"answer": "请填写办理情况"})
    item.answer, item.answered_at, item.answered_by = answer.strip(), timezone.now(), actor
    item.save(update_fields=["answer", "answered_at", "answered_by"])
    audit.record(actor, AuditEvent.Action.UPDATE, item, {"answer": [None, item.answer]})
    send(
        users=[item.leader],
        units=[],
        key=f"instruction-answered:{item.pk}",
        text=f"{item.unit}报告了批示《{item.subject}》的办理情况",
        link=f"/instructions/{item.pk}/",
    )
    return item
