"""领导批示 over JSON, with the same permissions and actions as the pages: the list with the page's filters
(mine = 我的批示, open, late, answered), one 批示, a 批示 on a task, a rectification item, a progress report or
a 督办单, and the named unit's answer."""

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from apps.cycles.access import get_report_for_user
from apps.orgs.schemas import Id, Pages
from apps.plans.access import get_task_for_user, jurisdiction_units

from . import actions_instructions as actions
from .access import get_notice_for_user
from .access_inspections import get_rectification_for_user
from .access_instructions import can_instruct, get_instruction_for_user, visible_instructions
from .api_common import api_fields, pick_one

router = Router(tags=["领导批示"])


class InstructionOut(Schema):
    id: int
    leader_id: int
    task_id: int | None
    rectification_id: int | None
    report_id: int | None
    notice_id: int | None
    unit_id: int
    text: str
    answer_by: datetime.date
    issued_at: datetime.datetime
    answer: str
    answered_at: datetime.datetime | None
    answered_by_id: int | None
    late: bool

    @staticmethod
    def resolve_late(obj):
        return obj.is_late(timezone.localdate())


class InstructionIn(Schema):
    unit_id: Id
    text: str
    answer_by: datetime.date


class AnswerIn(Schema):
    answer: str


def _filtered(items, status, user, today):
    """The page's filters: mine (我的批示), open (未办理), late (逾期: answered late or not answered by the
    date), answered (已办理)."""
    if status == "mine":
        return items.filter(leader=user)
    if status == "open":
        return items.filter(answered_at__isnull=True)
    if status == "late":
        return items.annotate(answered_on=TruncDate("answered_at")).filter(
            Q(answered_at__isnull=True, answer_by__lt=today) | Q(answered_on__gt=F("answer_by"))
        )
    if status == "answered":
        return items.filter(answered_at__isnull=False)
    return items


@router.get("/instructions", response=list[InstructionOut])
@paginate(Pages)
def list_instructions(
    request, status: Literal["mine", "open", "late", "answered"] | None = None, task: Id | None = None
):
    items = visible_instructions(request.user)
    if task:
        items = items.filter(task_id=task)
    return _filtered(items, status, request.user, timezone.localdate()).order_by("-issued_at", "-id")


@router.get("/instructions/{instruction_id}", response=InstructionOut)
def get_instruction(request, instruction_id: Id):
    return get_instruction_for_user(request.user, instruction_id)


@router.post("/instructions/{instruction_id}/answer", response=InstructionOut)
def answer(request, instruction_id: Id, data: AnswerIn):
    """办理情况, by the named unit's staff, once."""
    item = get_instruction_for_user(request.user, instruction_id, answer=True)
    return actions.answer_instruction(item, answer=data.answer, actor=request.user)


def _issue(request, data: InstructionIn, **subject):
    if not can_instruct(request.user):
        raise PermissionDenied("只有领导可以作出批示")
    unit = pick_one(jurisdiction_units(request.user), data.unit_id, "unit_id", "承办单位")
    with api_fields(unit="unit_id"):
        item = actions.issue_instruction(
            unit=unit, text=data.text, answer_by=data.answer_by, actor=request.user, **subject
        )
    return Status(201, item)


@router.post("/tasks/{task_id}/instructions", response={201: InstructionOut})
def instruct_on_task(request, task_id: Id, data: InstructionIn):
    return _issue(request, data, task=get_task_for_user(request.user, task_id))


@router.post("/rectifications/{item_id}/instructions", response={201: InstructionOut})
def instruct_on_rectification(request, item_id: Id, data: InstructionIn):
    return _issue(request, data, rectification=get_rectification_for_user(request.user, item_id))


@router.post("/reports/{report_id}/instructions", response={201: InstructionOut})
def instruct_on_report(request, report_id: Id, data: InstructionIn):
    return _issue(request, data, report=get_report_for_user(request.user, report_id))


@router.post("/notices/{notice_id}/instructions", response={201: InstructionOut})
def instruct_on_notice(request, notice_id: Id, data: InstructionIn):
    return _issue(request, data, notice=get_notice_for_user(request.user, notice_id))
