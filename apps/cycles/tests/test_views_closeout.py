import datetime
import os
import shutil
import tempfile
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.audit.models import AuditEvent
from apps.cycles import actions
from luoshi.test import BaseTestCase

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 32


def pdf(name="验收报告.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def exe(name="验收报告.pdf"):
    return SimpleUploadedFile(name, EXE, content_type="application/pdf")


def events(obj, action=None):
    rows = AuditEvent.objects.filter(object_type=obj._meta.model_name, object_id=obj.pk)
    return rows.filter(action=action) if action else rows


class CloseOutTestCase(BaseTestCase):
    def setUp(self):
        self.media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        media = override_settings(MEDIA_ROOT=self.media)
        media.enable()
        self.addCleanup(media.disable)
        traveller = time_machine.travel(NOW, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)

    def stored_files(self):
        return [name for _, _, names in os.walk(self.media) for name in names]

    def apply(self, **kwargs):
        return actions.apply_closeout(
            task=self.task,
            unit=self.fgw,
            note=kwargs.get("note", "已建成高标准农田21万亩"),
            uploads=kwargs.get("uploads") or [pdf()],
            actor=self.alice,
        )
