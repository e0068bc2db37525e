"""Storing a supporting file: its type judged by content, its size capped, an audit row per file."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from lib.filetypes import ALLOWED, served_name, sniff

from .models import Evidence
from .photo_time import SCAN_BYTES, photo_taken_at


def check_upload(upload) -> str:
    """The file's kind, judged by its content; ValidationError when too large or not an allowed type."""
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            f"文件“{upload.name}”超过 {settings.EVIDENCE_MAX_BYTES // 1024 // 1024} MB 的上限"
        )
    head = upload.read()
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise ValidationError(
            f"文件“{upload.name}”不是允许的类型（{'、'.join(ALLOWED.values())}），系统按文件内容判断而非扩展名"
        )
    return kind


def add_evidence(*, upload, actor, owner) -> Evidence:
    """Attach `upload` to `owner` (any saved model instance). Call inside the owner's own transaction."""
    kind = check_upload(upload)
    evidence = Evidence(
        owner=owner,
        name=upload.name[:255],
        kind=kind,
        size=upload.size,
        uploaded_by=actor,
        taken_at=taken_at(upload) if kind == "jpg" else None,
    )
    # stored under an extension of its detected kind, so that nothing serving the media folder directly
    # can take a PDF named poly.html for a page
    evidence.file.save(served_name(upload.name, kind), upload, save=False)
    evidence.save()
    changes = {"name": [None, evidence.name], "kind": [None, kind]}
    if evidence.taken_at:
        changes["taken_at"] = [None, timezone.localtime(evidence.taken_at).isoformat()]
    audit.record(actor, AuditEvent.Action.CREATE, evidence, changes)
    return evidence


def taken_at(upload):
    """When the photo was taken (EXIF DateTimeOriginal, in the site's time zone unless it names its own
    offset), read from the file's first bytes; None when the file does not say or says nonsense."""
    upload.seek(0)
    head = upload.read(SCAN_BYTES)
    upload.seek(0)
    return photo_taken_at(head, tz=timezone.get_current_timezone(), now=timezone.now())
