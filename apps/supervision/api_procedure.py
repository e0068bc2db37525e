"""The 销号 procedure over JSON, with the same permissions and actions as the pages: a rectification
item's 核查 and 公示 objections (its 审核 is `/rectifications/{id}/accept`); a task's 销号 application
(multipart/form-data, with its evidence) → 核查 → 审核 → 公示 objections; 延期申请 on a rectification
item, a 督办单 or a task, and their decision; 回头看 samples and their re-checks."""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from apps.orgs.schemas import Id, Int32, Pages
from apps.plans.access import get_task_for_user

from . import actions, actions_extensions, actions_recheck
from . import actions_inspections as actions_items
from .access import get_closeout_for_user, get_notice_for_user, lead_unit_of, visible_closeouts
from .access_extensions import can_ask_extension, get_extension_for_user
from .access_inspections import (
    can_supervise,
    can_supervise_for,
    get_recheck_for_user,
    get_rectification_for_user,
    supervised_units,
    visible_rechecks,
)
from .api_common import EvidenceOut, pick_one
from .api_rectification import RectificationOut
from .models import CloseOut, Recheck, RecheckEntry, Rectification, VerifyMethod

router = Router(tags=["销号程序"])


class VerifyIn(Schema):
    method: VerifyMethod
    passed: bool
    note: str


class DecideIn(Schema):
    approve: bool
    comment: str = ""


class PublicityObjectionIn(Schema):
    text: str
    upheld: bool = False


def _item(pk):
    return Rectification.objects.prefetch_related("co_units").get(pk=pk)


# ---- a rectification item's 核查 and 公示 ----


@router.post("/rectifications/{item_id}/verify", response=RectificationOut, tags=["整改台账"])
def verify_rectification(request, item_id: Id, data: VerifyIn):
    """核查 of an item 已完成待验收: passed → 已核查待审核; not passed → back to 推进中."""
    item = get_rectification_for_user(request.user, item_id, action="manage")
    actions_items.verify_rectification(
        item, method=data.method, passed=data.passed, note=data.note, actor=request.user
    )
    return _item(item.pk)


@router.post("/rectifications/{item_id}/objection", response=RectificationOut, tags=["整改台账"])
def object_to_rectification(request, item_id: Id, data: PublicityObjectionIn):
    """An objection raised during 公示: upheld → back to 推进中; not upheld → recorded, the 公示 runs on."""
    item = get_rectification_for_user(request.user, item_id, action="manage")
    actions_items.object_during_publicity(item, text=data.text, upheld=data.upheld, actor=request.user)
    return _item(item.pk)


# ---- a task's 销号 ----


class CloseOutOut(Schema):
    id: int
    task_id: int
    unit_id: int
    note: str
    shortfall_reason: str
    status: str
    applied_by_id: int
    applied_at: datetime.datetime
    verify_method: str
    verify_note: str
    verified_by_id: int | None
    verified_at: datetime.datetime | None
    decided_by_id: int | None
    decided_at: datetime.datetime | None
    comment: str
    publicity_until: datetime.date | None
    publicity_objection: str
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_evidence(obj):
        return list(obj.evidence.all())


class CloseOutIn(Schema):
    note: str
    shortfall_reason: str = ""


def _closeout(pk):
    return CloseOut.objects.prefetch_related("evidence").get(pk=pk)


@router.get("/tasks/{task_id}/closeouts", response=list[CloseOutOut], tags=["销号"])
def list_closeouts(request, task_id: Id):
    task = get_task_for_user(request.user, task_id)
    return list(visible_closeouts(request.user, task).prefetch_related("evidence").order_by("-applied_at"))


@router.post("/tasks/{task_id}/closeouts", response={201: CloseOutOut}, tags=["销号"])
def apply_closeout(request, task_id: Id, data: Form[CloseOutIn], files: File[list[UploadedFile]] = None):
    """multipart/form-data: the lead unit applies with `note` and at least one file in `files`;
    `shortfall_reason` when the task is short of 100% or of a target."""
    task = get_task_for_user(request.user, task_id)
    unit = lead_unit_of(request.user, task)
    if unit is None:
        raise PermissionDenied("只有牵头单位可以申请销号")
    closeout = actions.apply_closeout(
        task=task,
        unit=unit,
        note=data.note,
        shortfall_reason=data.shortfall_reason,
        uploads=files or [],
        actor=request.user,
    )
    return Status(201, _closeout(closeout.pk))


@router.get("/closeouts/{closeout_id}", response=CloseOutOut, tags=["销号"])
def get_closeout(request, closeout_id: Id):
    return _closeout(get_closeout_for_user(request.user, closeout_id).pk)


@router.post("/closeouts/{closeout_id}/verify", response=CloseOutOut, tags=["销号"])
def verify_closeout(request, closeout_id: Id, data: VerifyIn):
    """核查 (the plan's 牵头机关 or a 督查员 of its jurisdiction): passed → 已核查待审核; not → 未通过."""
    closeout = get_closeout_for_user(request.user, closeout_id, action="verify")
    actions.verify_closeout(
        closeout, method=data.method, passed=data.passed, note=data.note, actor=request.user
    )
    return _closeout(closeout.pk)


@router.post("/closeouts/{closeout_id}/decide", response=CloseOutOut, tags=["销号"])
def decide_closeout(request, closeout_id: Id, data: DecideIn):
    """审核 by the plan's 牵头机关 after 核查: approved → 公示 (or 已销号 when no 公示 is configured)."""
    closeout = get_closeout_for_user(request.user, closeout_id, action="decide")
    actions.decide_closeout(closeout, approve=data.approve, comment=data.comment, actor=request.user)
    return _closeout(closeout.pk)


@router.post("/closeouts/{closeout_id}/objection", response=CloseOutOut, tags=["销号"])
def object_to_closeout(request, closeout_id: Id, data: PublicityObjectionIn):
    """An objection raised during 公示: upheld → 未通过; not upheld → recorded, the 公示 runs on."""
    closeout = get_closeout_for_user(request.user, closeout_id, action="decide")
    actions.object_to_closeout(closeout, text=data.text, upheld=data.upheld, actor=request.user)
    return _closeout(closeout.pk)


# ---- 延期申请 ----


class ExtensionOut(Schema):
    id: int
    item_id: int | None
    notice_id: int | None
    task_id: int | None
    original_date: datetime.date
    new_date: datetime.date
    reason: str
    status: str
    asked_by_id: int
    asked_at: datetime.datetime
    decided_by_id: int | None
    decided_at: datetime.datetime | None
    comment: str


class ExtensionIn(Schema):
    new_date: datetime.date
    reason: str


class ExtensionDecisionIn(Schema):
    grant: bool
    comment: str = ""


def _ask(request, subject, data: ExtensionIn):
    if not can_ask_extension(request.user, subject):
        raise PermissionDenied("只有责任单位可以申请延期")
    extension = actions_extensions.ask_extension(
        subject, new_date=data.new_date, reason=data.reason, actor=request.user
    )
    return Status(201, extension)


@router.get("/rectifications/{item_id}/extensions", response=list[ExtensionOut], tags=["延期申请"])
def list_item_extensions(request, item_id: Id):
    item = get_rectification_for_user(request.user, item_id)
    return list(item.extensions.order_by("-asked_at", "-id"))


@router.post("/rectifications/{item_id}/extensions", response={201: ExtensionOut}, tags=["延期申请"])
def ask_item_extension(request, item_id: Id, data: ExtensionIn):
    """By the item's lead unit, up to its 整改时限."""
    return _ask(request, get_rectification_for_user(request.user, item_id), data)


@router.get("/notices/{notice_id}/extensions", response=list[ExtensionOut], tags=["延期申请"])
def list_notice_extensions(request, notice_id: Id):
    notice = get_notice_for_user(request.user, notice_id)
    return list(notice.extensions.order_by("-asked_at", "-id"))


@router.post("/notices/{notice_id}/extensions", response={201: ExtensionOut}, tags=["延期申请"])
def ask_notice_extension(request, notice_id: Id, data: ExtensionIn):
    """By the unit the 督办单 went to, up to its 回复期限."""
    return _ask(request, get_notice_for_user(request.user, notice_id), data)


@router.get("/tasks/{task_id}/extensions", response=list[ExtensionOut], tags=["延期申请"])
def list_task_extensions(request, task_id: Id):
    task = get_task_for_user(request.user, task_id)
    return list(task.extensions.order_by("-asked_at", "-id"))


@router.post("/tasks/{task_id}/extensions", response={201: ExtensionOut}, tags=["延期申请"])
def ask_task_extension(request, task_id: Id, data: ExtensionIn):
    """By the task's lead unit, up to its 完成时限."""
    return _ask(request, get_task_for_user(request.user, task_id), data)


@router.get("/extensions/{extension_id}", response=ExtensionOut, tags=["延期申请"])
def get_extension(request, extension_id: Id):
    return get_extension_for_user(request.user, extension_id)


@router.post("/extensions/{extension_id}/decide", response=ExtensionOut, tags=["延期申请"])
def decide_extension(request, extension_id: Id, data: ExtensionDecisionIn):
    """By the issuing side: granted → the time limit moves; refused (with a reason) → it stands."""
    extension = get_extension_for_user(request.user, extension_id, decide=True)
    return actions_extensions.decide_extension(
        extension, grant=data.grant, comment=data.comment, actor=request.user
    )


# ---- 回头看 ----


class RecheckEntryOut(Schema):
    id: int
    item_id: int
    result: str
    note: str
    checked_by_id: int | None
    checked_at: datetime.datetime | None


class RecheckOut(Schema):
    id: int
    owner_unit_id: int
    closed_from: datetime.date
    closed_to: datetime.date
    population: int
    seed: int
    drawn_by_id: int
    drawn_at: datetime.datetime
    entries: list[RecheckEntryOut]

    @staticmethod
    def resolve_entries(obj):
        return list(obj.entries.all())


class DrawIn(Schema):
    owner_unit_id: Id
    closed_from: datetime.date
    closed_to: datetime.date
    size: Int32 | None = None
    percent: float | None = None
    seed: Int32 | None = None


class RecordIn(Schema):
    result: RecheckEntry.Result
    note: str = ""


def _recheck(pk):
    return Recheck.objects.prefetch_related("entries").get(pk=pk)


@router.get("/rechecks", response=list[RecheckOut], tags=["回头看"])
@paginate(Pages)
def list_rechecks(request):
    return visible_rechecks(request.user).prefetch_related("entries").order_by("-drawn_at", "-id")


@router.get("/rechecks/{recheck_id}", response=RecheckOut, tags=["回头看"])
def get_recheck(request, recheck_id: Id):
    return _recheck(get_recheck_for_user(request.user, recheck_id).pk)


@router.post("/rechecks", response={201: RecheckOut}, tags=["回头看"])
def draw_recheck(request, data: DrawIn):
    """A reproducible random sample (`size` or `percent`, one of them) of the items the unit's ledger
    closed in the period; the seed is kept (give an earlier one to draw the same sample again)."""
    if not can_supervise(request.user):
        raise PermissionDenied("只有牵头机关或督查员可以组织回头看")
    owner = pick_one(supervised_units(request.user), data.owner_unit_id, "owner_unit_id", "交办单位")
    if not can_supervise_for(request.user, owner):
        raise PermissionDenied("只能对本辖区交办的事项开展回头看")
    recheck = actions_recheck.draw(
        owner_unit=owner,
        **data.dict(include={"closed_from", "closed_to", "size", "percent", "seed"}),
        actor=request.user,
    )
    return Status(201, _recheck(recheck.pk))


@router.post("/rechecks/{recheck_id}/entries/{entry_id}", response=RecheckEntryOut, tags=["回头看"])
def record_recheck(request, recheck_id: Id, entry_id: Id, data: RecordIn):
    """The re-check of one sampled item: 问题反弹 or 虚假整改 reopens it (flagged for 考核)."""
    recheck = get_recheck_for_user(request.user, recheck_id, manage=True)
    entry = get_object_or_404(recheck.entries.select_related("item"), pk=entry_id)
    return actions_recheck.record(entry, result=data.result, note=data.note, actor=request.user)
