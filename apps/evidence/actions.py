"""Storing a supporting file: its type judged by content, its size capped, an audit row per file."""

from django.conf import settings
from django.core.exceptions import ValidationError

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from lib.filetypes import ALLOWED, sniff

from .models import Evidence


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
    evidence = Evidence(owner=owner, name=upload.name[:255], kind=kind, size=upload.size, uploaded_by=actor)
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    audit.record(
        actor, AuditEvent.Action.CREATE, evidence, {"name": [None, evidence.name], "kind": [None, kind]}
    )
    return evidence
