"""督办 notices over JSON, with the same permissions as the pages."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from apps.orgs.schemas import Id, Pages

from . import actions
from .access import get_notice_for_user, get_task_for_notice, visible_notices
from .models import Notice

router = Router()


class NoticeOut(Schema):
    id: int
    task_id: int
    unit_id: int
    level: int
    reason: str
    reply_by: datetime.date
    issued_at: datetime.datetime
    reply: str
    replied_at: datetime.datetime | None
    closed_at: datetime.datetime | None


class NoticeIn(Schema):
    task_id: Id
    unit_id: Id
    level: Notice.Level
    reason: str
    reply_by: datetime.date


class ReplyIn(Schema):
    reply: str


@router.get("/notices", response=list[NoticeOut], tags=["督办"])
@paginate(Pages)
def list_notices(request, task: Id | None = None, open: bool | None = None):
    notices = visible_notices(request.user).order_by("-issued_at", "-id")
    if task:
        notices = notices.filter(task_id=task)
    if open is not None:
        notices = notices.filter(closed_at__isnull=open)
    return notices


@router.get("/notices/{notice_id}", response=NoticeOut, tags=["督办"])
def get_notice(request, notice_id: Id):
    return get_notice_for_user(request.user, notice_id)


@router.post("/notices", response={201: NoticeOut}, tags=["督办"])
def post_notice(request, data: NoticeIn):
    task = get_task_for_notice(request.user, data.task_id)
    unit = get_object_or_404(task.units.all(), pk=data.unit_id)
    notice = actions.issue_notice(
        task=task, unit=unit, level=data.level, reason=data.reason, reply_by=data.reply_by, actor=request.user
    )
    return Status(201, notice)


@router.post("/notices/{notice_id}/reply", response=NoticeOut, tags=["督办"])
def reply(request, notice_id: Id, data: ReplyIn):
    notice = get_notice_for_user(request.user, notice_id, action="reply")
    return actions.reply_notice(notice, reply=data.reply, actor=request.user)


@router.post("/notices/{notice_id}/close", response=NoticeOut, tags=["督办"])
def close(request, notice_id: Id):
    notice = get_notice_for_user(request.user, notice_id, action="manage")
    return actions.close_notice(notice, actor=request.user)
