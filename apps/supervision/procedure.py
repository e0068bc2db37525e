"""The 销号 procedure's steps shared by a task's 销号 application (CloseOut) and a rectification item:
核查 with method, opinion and the verifier's account; 公示 for PUBLICITY_WORKDAYS working days; objections
recorded during it. The callers own the statuses, the save and the audit row; these only validate and set
the shared fields (Verification) and say what changed."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.cycles.calendar import work_calendar

from .models import Verification, VerifyMethod

VERIFY_FIELDS = ["verify_method", "verify_note", "verified_by", "verified_at"]


def verify(obj: Verification, *, method: str, note: str, actor) -> dict:
    if method not in VerifyMethod.values:
        raise ValidationError({"method": "请选择核查方式"})
    if not note.strip():
        raise ValidationError({"note": "请填写核查意见"})
    obj.verify_method, obj.verify_note = method, note.strip()
    obj.verified_by, obj.verified_at = actor, timezone.now()
    return {"verify_method": [None, method], "verify_note": [None, obj.verify_note]}


def publicity_end(today: datetime.date) -> datetime.date | None:
    """The last day of a 公示 starting `today`, counted in working days; None when no 公示 is configured
    (销号 at once)."""
    if not settings.PUBLICITY_WORKDAYS:
        return None
    return work_calendar().add_workdays(today, settings.PUBLICITY_WORKDAYS)


def closing_day(obj: Verification) -> datetime.date:
    """A 公示 that ended without a sustained objection closes on the day after its last day."""
    return obj.publicity_until + datetime.timedelta(days=1)


def add_objection(obj: Verification, text: str) -> str:
    """Record an objection raised during 公示 (kept, one per line); returns the cleaned text."""
    if not text.strip():
        raise ValidationError({"text": "请填写异议内容及处理意见"})
    obj.publicity_objection = (
        obj.publicity_objection + "\n" if obj.publicity_objection else ""
    ) + text.strip()
    return text.strip()
