"""The PDF download: converted by LibreOffice when `soffice` is on PATH (subprocess.run stood in for it),
and without it the page says so and the link leads back there — never a 500."""

import subprocess
import tempfile
from pathlib import Path
from unittest import mock

import time_machine
from django.test import override_settings

from apps.briefings import actions, pdf

from .base import NOW, TODAY, BriefingTestCase

PDF = b"%PDF-1.7 converted"


def fake_soffice(command, **kwargs):
    """What `soffice --convert-to pdf --outdir DIR FILE` leaves: DIR/<FILE's stem>.pdf."""
    source = Path(command[-1])
    outdir = Path(command[command.index("--outdir") + 1])
    (outdir / f"{source.stem}.pdf").write_bytes(PDF + b" from " + source.read_bytes()[:2])
    return subprocess.CompletedProcess(command, 0, b"", b"")


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"))
@time_machine.travel(NOW, tick=False)
class PdfTestCase(BriefingTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with time_machine.travel(NOW, tick=False):
            draft = actions.generate(cls.plan, 2026, 11, actor=cls.coordinator, today=TODAY)
            cls.briefing = actions.publish(draft, actor=cls.coordinator, today=TODAY)

    def setUp(self):
        self.login(self.alice)

    def test_it_says_on_the_page_that_pdf_needs_libreoffice_when_it_is_missing(self):
        with mock.patch("shutil.which", return_value=None):
            response = self.client.get(f"/briefings/{self.briefing.pk}/")
        self.assertContains(response, "服务器未安装 LibreOffice，无法生成 PDF；可下载 Word 版")
        self.assertNotContains(response, "下载 PDF")

    def test_it_sends_the_pdf_link_back_to_the_page_with_the_reason_when_libreoffice_is_missing(self):
        with mock.patch("shutil.which", return_value=None), mock.patch("subprocess.run") as run:
            response = self.client.get(f"/briefings/{self.briefing.pk}/pdf/", follow=True)
        run.assert_not_called()
        self.assertEqual(response.redirect_chain, [(f"/briefings/{self.briefing.pk}/", 302)])
        self.assertContains(response, "服务器未安装 LibreOffice")

    def test_it_offers_the_pdf_link_when_libreoffice_is_installed(self):
        with mock.patch("shutil.which", return_value="/usr/bin/soffice"):
            response = self.client.get(f"/briefings/{self.briefing.pk}/")
        self.assertContains(response, f'href="/briefings/{self.briefing.pk}/pdf/"')
        self.assertNotContains(response, "服务器未安装 LibreOffice")

    def test_it_converts_the_kept_docx_with_soffice_headless_without_a_shell(self):
        with (
            mock.patch("shutil.which", return_value="/usr/bin/soffice"),
            mock.patch("subprocess.run", side_effect=fake_soffice) as run,
        ):
            response = self.client.get(f"/briefings/{self.briefing.pk}/pdf/")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response.content, PDF + b" from PK")  # a .docx is a zip: it starts with PK
        self.assertIn(".pdf", response["Content-Disposition"])
        command, kwargs = run.call_args.args[0], run.call_args.kwargs
        self.assertEqual(command[0], "/usr/bin/soffice")
        self.assertEqual(command[2:6], ["--headless", "--convert-to", "pdf", "--outdir"])
        self.assertEqual((kwargs["timeout"], kwargs.get("shell", False)), (60, False))

    def test_it_converts_the_file_kept_at_publication(self):
        with self.briefing.file.open("rb") as handle:
            kept = handle.read()
        with (
            mock.patch("shutil.which", return_value="/usr/bin/soffice"),
            mock.patch.object(pdf, "convert", return_value=PDF) as convert,
        ):
            self.client.get(f"/briefings/{self.briefing.pk}/pdf/")
        self.assertEqual(convert.call_args.args[0], kept)

    def test_it_reports_a_conversion_that_times_out_on_the_page(self):
        timeout = subprocess.TimeoutExpired("soffice", 60)
        with (
            mock.patch("shutil.which", return_value="/usr/bin/soffice"),
            mock.patch("subprocess.run", side_effect=timeout),
        ):
            response = self.client.get(f"/briefings/{self.briefing.pk}/pdf/", follow=True)
        self.assertContains(response, "PDF 转换超过 60 秒未完成")

    def test_it_reports_a_conversion_that_leaves_no_file_on_the_page(self):
        done = subprocess.CompletedProcess([], 0, b"", b"")
        with (
            mock.patch("shutil.which", return_value="/usr/bin/soffice"),
            mock.patch("subprocess.run", return_value=done),
        ):
            response = self.client.get(f"/briefings/{self.briefing.pk}/pdf/", follow=True)
        self.assertContains(response, "PDF 转换失败，请下载 Word 版")
