"""Downloading a 佐证材料: typed by its detected kind, never by the name it was uploaded under."""

import shutil
import tempfile
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.evidence import owners
from apps.evidence.actions import add_evidence
from luoshi.test import BaseTestCase

MEDIA = tempfile.mkdtemp(prefix="luoshi-test-media-")
PDF = b"%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF\n"
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def allow_alice(user, owner_id):
    if user.username != "alice":
        raise owners.Http404


@override_settings(MEDIA_ROOT=MEDIA)
@mock.patch.dict(owners._checks, {"orgs.user": allow_alice})
class EvidenceDownloadTestCase(BaseTestCase):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def download(self, name, content):
        evidence = add_evidence(upload=SimpleUploadedFile(name, content), actor=self.alice, owner=self.alice)
        self.login(self.alice)
        return evidence, self.client.get(f"/evidence/{evidence.pk}/")

    def test_it_serves_a_pdf_uploaded_as_html_as_a_pdf(self):
        evidence, response = self.download("poly.html", PDF)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="poly.pdf"')
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertTrue(evidence.file.name.endswith(".pdf"))

    def test_it_keeps_a_matching_extension_and_a_chinese_name(self):
        _, response = self.download("现场照片.JPEG", JPG)
        self.assertEqual(response["Content-Type"], "image/jpeg")
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertIn(
            "filename*=utf-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.JPEG", response["Content-Disposition"]
        )

    def test_it_keeps_the_owners_check(self):
        evidence, _ = self.download("验收报告.pdf", PDF)
        self.login(self.bob)
        self.assertEqual(self.client.get(f"/evidence/{evidence.pk}/").status_code, 404)
