"""The 整改台账 over JSON, with the same permissions and actions as the pages."""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from apps.orgs.models import Unit
from apps.orgs.schemas import Id, Pages

from . import actions_inspections as actions
from .access_inspections import can_supervise, can_supervise_for, get_rectification_for_user, supervised_units
from .models import Rectification
from .rectification_query import filtered_items

router = Router()


class RectificationOut(Schema):
    id: int
    code: str
    source: str
    source_ref: str
    owner_unit_id: int
    finding_id: int | None
    category: str
    description: str
    requirement: str
    goal: str
    measures: str
    lead_unit_id: int
    co_unit_ids: list[int]
    leader: str
    person: str
    kind: str
    due_date: datetime.date | None
    status: str
    progress: str
    closed_on: datetime.date | None

    @staticmethod
    def resolve_co_unit_ids(obj):
        return [u.pk for u in obj.co_units.all()]


class RectificationIn(Schema):
    owner_unit_id: Id
    source: Rectification.Source
    description: str
    lead_unit_id: Id
    co_unit_ids: list[Id] = []
    code: str = ""
    source_ref: str = ""
    category: str = ""
    requirement: str = ""
    goal: str = ""
    measures: str = ""
    leader: str = ""
    person: str = ""
    kind: Rectification.Kind = Rectification.Kind.DEADLINE
    due_date: datetime.date | None = None


class ProgressIn(Schema):
    progress: str
    done: bool = False


class AcceptIn(Schema):
    approve: bool
    comment: str = ""


def _one(pk):
    return Rectification.objects.prefetch_related("co_units").get(pk=pk)


@router.get("/rectifications", response=list[RectificationOut], tags=["整改台账"])
@paginate(Pages)
def list_rectifications(
    request, source: str = "", unit: Id | None = None, status: str = "", overdue: bool = False
):
    query = {
        "source": source,
        "status": status,
        **({"unit": unit} if unit else {}),
        **({"overdue": "on"} if overdue else {}),
    }
    items, _ = filtered_items(request.user, {k: v for k, v in query.items() if v}, timezone.localdate())
    return items.prefetch_related("co_units").order_by("id")


@router.get("/rectifications/{item_id}", response=RectificationOut, tags=["整改台账"])
def get_rectification(request, item_id: Id):
    return _one(get_rectification_for_user(request.user, item_id).pk)


@router.post("/rectifications", response={201: RectificationOut}, tags=["整改台账"])
def post_rectification(request, data: RectificationIn):
    if not can_supervise(request.user):
        raise PermissionDenied("只有牵头机关或督查员可以新建整改事项")
    units = supervised_units(request.user)
    owner = get_object_or_404(units, pk=data.owner_unit_id)
    if not can_supervise_for(request.user, owner):
        raise PermissionDenied("只能为本辖区交办整改事项")
    lead = get_object_or_404(units, pk=data.lead_unit_id)
    co = list(Unit.objects.filter(pk__in=data.co_unit_ids))
    fields = data.dict(exclude={"owner_unit_id", "lead_unit_id", "co_unit_ids"})
    item = actions.create_rectification(
        Rectification(owner_unit=owner, lead_unit=lead, **fields), co_units=co, actor=request.user
    )
    return Status(201, _one(item.pk))


@router.post("/rectifications/{item_id}/progress", response=RectificationOut, tags=["整改台账"])
def post_progress(request, item_id: Id, data: ProgressIn):
    item = get_rectification_for_user(request.user, item_id, action="report")
    actions.report_progress(item, text=data.progress, done=data.done, actor=request.user)
    return _one(item.pk)


@router.post("/rectifications/{item_id}/accept", response=RectificationOut, tags=["整改台账"])
def post_accept(request, item_id: Id, data: AcceptIn):
    item = get_rectification_for_user(request.user, item_id, action="manage")
    actions.close_rectification(item, approve=data.approve, comment=data.comment, actor=request.user)
    return _one(item.pk)


@router.post("/rectifications/{item_id}/evidence", response=RectificationOut, tags=["整改台账"])
def post_evidence(request, item_id: Id, files: File[list[UploadedFile]]):
    """multipart/form-data `files`: evidence for the lead unit's next progress report or 验收 request
    (`POST …/progress` with `done: true` then finds it)."""
    item = get_rectification_for_user(request.user, item_id, action="report")
    actions.add_rectification_evidence(item, uploads=files, actor=request.user)
    return _one(item.pk)
