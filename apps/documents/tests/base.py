"""A base for the view tests: uploads are written to a temporary MEDIA_ROOT, and drafts are made the way
the upload view makes them."""

import shutil
import tempfile

from django.test import override_settings

from apps.documents import actions
from apps.documents.models import Draft, SourceDocument
from apps.plans.models import Plan, Target, Task
from luoshi.test import BaseTestCase

from .helpers import seed_text


class DocumentsTestCase(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        media = tempfile.mkdtemp(prefix="luoshi-media-")
        cls.addClassCleanup(shutil.rmtree, media, ignore_errors=True)
        cls._media = override_settings(MEDIA_ROOT=media)
        cls._media.enable()
        cls.addClassCleanup(cls._media.disable)
        super().setUpClass()

    @classmethod
    def make_draft(cls, prefix="000", *, owner_unit=None, title="2026年全面深化改革工作要点", year=2026):
        return actions.create_draft(
            text=seed_text(prefix),
            filename=f"{prefix}.txt",
            raw=None,
            title=title,
            year=year,
            owner_unit=owner_unit or cls.city,
            actor=cls.coordinator,
        )

    def row_counts(self):
        return {
            "documents": SourceDocument.objects.count(),
            "drafts": Draft.objects.count(),
            "plans": Plan.objects.count(),
            "tasks": Task.objects.count(),
            "targets": Target.objects.count(),
        }


HTMX = {"HTTP_HX_REQUEST": "true"}


class DraftTestCase(DocumentsTestCase):
    """A coordinator logged in over a draft made from seed 000."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = cls.make_draft("000")

    def setUp(self):
        self.login(self.coordinator)
