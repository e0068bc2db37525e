"""A progress report through its pages: fill (autosave), submit, approve, accept or return, evidence."""

import datetime
import io
import shutil
import tempfile
import zipfile
from pathlib import Path

import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.audit.models import AuditEvent
from apps.cycles import actions
from apps.cycles.models import Cycle, Report, ReportVersion
from apps.evidence.models import Evidence
from apps.notify.models import Notification
from luoshi.test import BaseTestCase

MEDIA = tempfile.mkdtemp(prefix="luoshi-test-media-")
NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)


def tearDownModule():
    shutil.rmtree(MEDIA, ignore_errors=True)


def zip_with(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(name, "<x/>")
    return buffer.getvalue()


PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@override_settings(MEDIA_ROOT=MEDIA)
class ReportTestCase(BaseTestCase):
    """November's cycle is open: 市发改委 (alice, approver) and 市住建局 (bob) each have a report."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.milestone.done_on = datetime.date(2026, 6, 28)
        cls.milestone.save(update_fields=["done_on"])
        cls.cycle = Cycle.objects.create(
            plan=cls.plan,
            kind="month",
            label="2026年11月",
            period_start=datetime.date(2026, 11, 1),
            period_end=datetime.date(2026, 11, 30),
            opens_on=datetime.date(2026, 11, 15),
            due_on=datetime.date(2026, 11, 25),
        )
        actions.open_cycle(cls.cycle)
        cls.report = Report.objects.get(cycle=cls.cycle, unit=cls.fgw)
        cls.co_report = Report.objects.get(cycle=cls.cycle, unit=cls.zjj)

    def url(self, action=""):
        return f"/reports/{self.report.pk}/{action + '/' if action else ''}"

    def fill(self, **extra):
        data = {
            "narrative": "已建成高标准农田18万亩",
            "percent": 90,
            "problems": "",
            "next_steps": "",
            f"actual_{self.target.pk}": "18",
            "version": self.report.version,
        }
        data.update(extra)
        return data

    def set_status(self, status, **fields):
        Report.objects.filter(pk=self.report.pk).update(status=status, **fields)
        self.report.refresh_from_db()


class ReportDetailTestCase(ReportTestCase):
    def test_it_shows_the_form_to_the_reporter(self):
        self.login(self.alice)
        response = self.client.get(self.url())
        self.assertContains(response, 'id="report-form"')
        self.assertContains(response, "2026年11月进展报告")

    def test_it_lets_the_unit_approver_fill_too(self):
        self.login(self.approver)
        self.assertContains(self.client.get(self.url()), 'id="report-form"')

    def test_it_shows_oversight_a_read_only_report(self):
        self.login(self.leader)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'id="report-form"')
        self.assertNotContains(response, 'id="accept-report"')

    def test_it_hides_the_lead_units_report_from_the_co_unit(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_it_hides_the_co_units_report_from_the_lead_unit(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(f"/reports/{self.co_report.pk}/").status_code, 404)

    def test_it_hides_the_report_from_an_outsider(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_it_requires_login(self):
        response = self.client.get(self.url())
        self.assertRedirects(response, f"/login/?next={self.url()}", fetch_redirect_response=False)


class ReportReviewTestCase(ReportTestCase):
    def submit(self):
        self.login(self.alice)
        self.client.post(self.url("submit"), self.fill())
        self.report.refresh_from_db()

    def approve(self):
        self.login(self.approver)
        self.client.post(self.url("approve"))
        self.report.refresh_from_db()

    def test_it_lets_the_unit_approver_approve(self):
        self.submit()
        self.login(self.approver)
        response = self.client.post(self.url("approve"), follow=True)
        self.assertContains(response, "已审核通过并上报牵头机关")
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.APPROVED)

    def test_it_refuses_to_approve_a_report_not_submitted(self):
        self.login(self.approver)
        response = self.client.post(self.url("approve"), follow=True)
        self.assertContains(response, "只有待单位审核的报告可以审核上报")
        self.assertEqual(Report.objects.get(pk=self.report.pk).status, Report.Status.PENDING)

    def test_it_refuses_approval_by_the_reporter(self):
        self.submit()
        self.login(self.alice)
        self.assertEqual(self.client.post(self.url("approve")).status_code, 403)

    @time_machine.travel(NOW, tick=False)
    def test_it_updates_the_task_when_the_coordinator_accepts(self):
        self.submit()
        self.approve()
        self.login(self.coordinator)
        response = self.client.post(self.url("accept"), follow=True)
        self.assertContains(response, "已采纳")
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.ACCEPTED)
        self.assertIsNotNone(self.report.accepted_at)
        self.task.refresh_from_db()
        self.assertEqual(self.task.percent, 90)
        self.assertEqual((self.task.status, self.task.rag), ("on_track", "green"))

    @time_machine.travel(NOW, tick=False)
    def test_it_keeps_the_accepted_progress_on_the_task_for_the_ledger(self):
        self.submit()
        self.approve()
        self.login(self.coordinator)
        self.client.post(self.url("accept"))
        self.task.refresh_from_db()
        self.assertEqual(self.task.progress_note, self.report.narrative)

    @time_machine.travel(NOW, tick=False)
    def test_it_keeps_the_later_periods_progress_when_an_earlier_report_is_accepted_last(self):
        later = Cycle.objects.create(
            plan=self.plan,
            kind="month",
            label="下一期",
            period_start=self.report.cycle.period_end + datetime.timedelta(days=1),
            period_end=self.report.cycle.period_end + datetime.timedelta(days=30),
            opens_on=self.report.cycle.opens_on,
            due_on=self.report.cycle.due_on,
            status=Cycle.Status.OPEN,
        )
        Report.objects.create(
            cycle=later, task=self.task, unit=self.fgw, status=Report.Status.ACCEPTED, narrative="后一期进展"
        )
        self.submit()
        self.approve()
        self.login(self.coordinator)
        self.client.post(self.url("accept"))
        self.task.refresh_from_db()
        self.assertEqual(self.task.progress_note, "后一期进展")

    @time_machine.travel(NOW, tick=False)
    def test_it_keeps_the_task_percent_when_a_co_units_report_is_accepted(self):
        Report.objects.filter(pk=self.co_report.pk).update(
            status=Report.Status.APPROVED, narrative="配合完成", percent=40
        )
        self.login(self.coordinator)
        self.client.post(f"/reports/{self.co_report.pk}/accept/")
        self.assertEqual(Report.objects.get(pk=self.co_report.pk).status, Report.Status.ACCEPTED)
        self.task.refresh_from_db()
        self.assertIsNone(self.task.percent)

    def test_it_refuses_acceptance_by_leader_and_inspector(self):
        self.submit()
        self.approve()
        for user in (self.leader, self.inspector, self.approver):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.post(self.url("accept")).status_code, 403)
        self.assertEqual(Report.objects.get(pk=self.report.pk).status, Report.Status.APPROVED)

    def test_it_shows_the_accept_button_only_to_the_coordinator(self):
        self.submit()
        self.approve()
        self.login(self.coordinator)
        self.assertContains(self.client.get(self.url()), 'id="accept-report"')
        self.login(self.leader)
        self.assertNotContains(self.client.get(self.url()), 'id="accept-report"')

    def test_it_lets_the_approver_return_with_a_comment_that_alice_then_sees(self):
        self.submit()
        self.login(self.approver)
        response = self.client.post(self.url("return"), {"comment": "请补充资金到位情况"}, follow=True)
        self.assertContains(response, "已退回，填报单位将收到通知")
        self.report.refresh_from_db()
        self.assertEqual(
            (self.report.status, self.report.comment), (Report.Status.RETURNED, "请补充资金到位情况")
        )

        self.login(self.alice)
        page = self.client.get(self.url())
        self.assertContains(page, "退回理由")
        self.assertContains(page, "请补充资金到位情况")
        self.assertContains(page, 'id="report-form"')
        self.assertTrue(
            Notification.objects.filter(user=self.alice, text__contains="请补充资金到位情况").exists()
        )

    def test_it_lets_alice_fix_and_resubmit_a_returned_report(self):
        self.submit()
        self.login(self.approver)
        self.client.post(self.url("return"), {"comment": "请补充资金到位情况"})
        self.report.refresh_from_db()

        self.login(self.alice)
        self.client.post(self.url("submit"), self.fill(narrative="已建成18万亩，到位资金2亿元"))
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.SUBMITTED)
        self.assertEqual(self.report.narrative, "已建成18万亩，到位资金2亿元")

    def test_it_lets_the_coordinator_return_an_approved_report(self):
        self.submit()
        self.approve()
        self.login(self.coordinator)
        self.client.post(self.url("return"), {"comment": "数据与统计局口径不一致"})
        self.report.refresh_from_db()
        self.assertEqual(
            (self.report.status, self.report.comment), (Report.Status.RETURNED, "数据与统计局口径不一致")
        )

    def test_it_refuses_a_return_by_the_coordinator_before_unit_approval(self):
        self.submit()
        self.login(self.coordinator)
        self.assertEqual(self.client.post(self.url("return"), {"comment": "退回"}).status_code, 403)

    def test_it_requires_a_comment_to_return(self):
        self.submit()
        self.login(self.approver)
        response = self.client.post(self.url("return"), {"comment": ""})
        self.assertContains(response, "请填写退回理由", status_code=400)
        self.assertEqual(Report.objects.get(pk=self.report.pk).status, Report.Status.SUBMITTED)

    def test_it_writes_a_version_and_an_audit_row_with_the_actor_at_every_step(self):
        self.submit()
        self.login(self.approver)
        self.client.post(self.url("return"), {"comment": "请补充"})
        self.report.refresh_from_db()
        self.submit()
        self.approve()
        self.login(self.coordinator)
        self.client.post(self.url("return"), {"comment": "再补充"})
        self.report.refresh_from_db()
        self.submit()
        self.approve()
        self.login(self.coordinator)
        self.client.post(self.url("accept"))

        steps = list(
            ReportVersion.objects.filter(report=self.report)
            .exclude(status="draft")  # the autosaves between the steps
            .order_by("at", "id")
            .values_list("status", "by__username")
        )
        self.assertEqual(
            steps,
            [
                ("submitted", "alice"),
                ("returned", "approver"),
                ("submitted", "alice"),
                ("approved", "approver"),
                ("returned", "coordinator"),
                ("submitted", "alice"),
                ("approved", "approver"),
                ("accepted", "coordinator"),
            ],
        )
        versions = list(
            ReportVersion.objects.filter(report=self.report)
            .order_by("at", "id")
            .values_list("version", flat=True)
        )
        self.assertEqual(versions, sorted(set(versions)))
        transitions = [
            (e.changes["status"][1], e.actor.username)
            for e in AuditEvent.objects.filter(object_type="report", object_id=self.report.pk).order_by(
                "at", "id"
            )
            if "status" in e.changes
        ]
        self.assertEqual(transitions, steps)
        returned = ReportVersion.objects.filter(report=self.report, status="returned").order_by("at", "id")
        self.assertEqual([v.data["comment"] for v in returned], ["请补充", "再补充"])

    def test_it_lists_the_versions_on_the_page(self):
        self.submit()
        self.approve()
        self.login(self.alice)
        response = self.client.get(self.url())
        self.assertContains(response, "版本记录")
        self.assertContains(response, "待牵头机关审核")
        self.assertContains(response, "待单位审核")


class EvidenceTestCase(ReportTestCase):
    def upload(self, name, content, user=None):
        self.login(user or self.alice)
        return self.client.post(
            self.url("evidence"), {"file": SimpleUploadedFile(name, content)}, follow=True
        )

    def stored_files(self):
        return [p for p in Path(MEDIA).rglob("*") if p.is_file()]

    def test_it_accepts_each_allowed_type_by_its_content(self):
        # the names lie on purpose: the kind comes from the bytes
        files = [
            ("材料一.dat", PDF, "pdf"),
            ("现场照片", PNG, "png"),
            ("现场照片2.png", JPG, "jpg"),
            ("验收报告.bin", zip_with("word/document.xml"), "docx"),
            ("台账明细.zip", zip_with("xl/workbook.xml"), "xlsx"),
        ]
        for name, content, kind in files:
            with self.subTest(kind=kind):
                response = self.upload(name, content)
                self.assertContains(response, "佐证材料已上传")
                evidence = Evidence.objects.get(name=name)
                self.assertEqual(
                    (evidence.kind, evidence.size, evidence.owner), (kind, len(content), self.report)
                )
                self.assertEqual(evidence.uploaded_by, self.alice)

    def test_it_refuses_an_exe_named_pdf_and_stores_nothing(self):
        before = self.stored_files()
        response = self.upload("整改报告.pdf", EXE)
        self.assertContains(response, "不是允许的类型")
        self.assertContains(response, "系统按文件内容判断而非扩展名")
        self.assertFalse(Evidence.objects.exists())
        self.assertEqual(self.stored_files(), before)

    def test_it_refuses_a_zip_that_is_neither_word_nor_excel(self):
        response = self.upload("材料.docx", zip_with("payload.js"))
        self.assertContains(response, "不是允许的类型")
        self.assertFalse(Evidence.objects.exists())

    @override_settings(EVIDENCE_MAX_BYTES=1024 * 1024)
    def test_it_refuses_an_oversize_file(self):
        response = self.upload("扫描件.pdf", PDF + b"0" * (1024 * 1024))
        self.assertContains(response, "超过 1 MB 的上限")
        self.assertFalse(Evidence.objects.exists())

    def test_it_refuses_evidence_once_the_report_is_submitted(self):
        self.set_status(Report.Status.ACCEPTED, narrative="已采纳的内容", percent=90)
        response = self.upload("补充材料.pdf", PDF)
        self.assertContains(response, "该报告已提交，不能再上传佐证材料")
        self.assertFalse(Evidence.objects.exists())

    def test_it_accepts_evidence_on_a_returned_report(self):
        self.set_status(Report.Status.RETURNED, comment="请补充佐证")
        self.assertContains(self.upload("补充材料.pdf", PDF), "佐证材料已上传")

    def test_it_asks_for_a_file(self):
        self.login(self.alice)
        response = self.client.post(self.url("evidence"), {}, follow=True)
        self.assertContains(response, "请选择要上传的文件")

    def test_it_writes_an_audit_row(self):
        self.upload("材料.pdf", PDF)
        event = AuditEvent.objects.get(object_type="evidence")
        self.assertEqual((event.actor, event.changes["kind"]), (self.alice, [None, "pdf"]))

    def test_it_refuses_uploads_from_other_units(self):
        self.assertEqual(self.upload("材料.pdf", PDF, user=self.bob).status_code, 404)
        self.assertEqual(self.upload("材料.pdf", PDF, user=self.charlie).status_code, 404)
        self.assertFalse(Evidence.objects.exists())

    def test_it_serves_the_file_to_those_who_see_the_report(self):
        self.upload("验收报告.pdf", PDF)
        evidence = Evidence.objects.get()
        for user in (self.alice, self.approver, self.coordinator, self.leader, self.inspector, self.admin):
            with self.subTest(user=user.username):
                self.login(user)
                response = self.client.get(f"/evidence/{evidence.pk}/")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(b"".join(response.streaming_content), PDF)
                self.assertIn("attachment", response["Content-Disposition"])

    def test_it_hides_the_file_from_everyone_else(self):
        self.upload("验收报告.pdf", PDF)
        evidence = Evidence.objects.get()
        for user in (self.bob, self.charlie, self.county_leader, self.county_coordinator):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(f"/evidence/{evidence.pk}/").status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(f"/evidence/{evidence.pk}/").status_code, 302)

    def test_it_lists_the_evidence_on_the_report(self):
        self.upload("验收报告.pdf", PDF)
        self.login(self.coordinator)
        self.assertContains(self.client.get(self.url()), "验收报告.pdf")


class UploadKeepsTextTestCase(ReportTestCase):
    """Uploading evidence while the text is not yet autosaved: the upload button sits in the report form,
    so what was typed is saved first, or kept on the page when it cannot be."""

    def upload_with_text(self, **extra):
        self.login(self.alice)
        data = {**self.fill(tab="tab-1", **extra), "file": SimpleUploadedFile("验收报告.pdf", PDF)}
        return self.client.post(self.url("evidence"), data, follow=True)

    def test_it_puts_the_upload_button_in_the_report_form(self):
        self.login(self.alice)
        response = self.client.get(self.url())
        html = response.content.decode()
        report_form = html[
            html.index('id="report-form"') : html.index("</form>", html.index('id="report-form"'))
        ]
        self.assertIn(f'formaction="{self.url("evidence")}" formenctype="multipart/form-data"', report_form)
        self.assertIn('type="file" name="file"', report_form)

    def test_it_saves_the_typed_text_before_storing_the_file(self):
        response = self.upload_with_text(narrative="刚输入、尚未自动保存的进展")
        self.assertContains(response, "佐证材料已上传")
        self.report.refresh_from_db()
        self.assertEqual((self.report.narrative, self.report.version), ("刚输入、尚未自动保存的进展", 2))
        self.assertEqual(Evidence.objects.get().owner, self.report)

    def test_it_keeps_the_text_and_stores_nothing_when_the_page_is_stale(self):
        Report.objects.filter(pk=self.report.pk).update(version=3, updated_by=self.approver)
        response = self.upload_with_text(narrative="alice 在旧页面上输入的文字", version=1)
        self.assertContains(response, "您的修改没有保存", status_code=409)
        self.assertContains(response, "alice 在旧页面上输入的文字", status_code=409)
        self.assertFalse(Evidence.objects.exists())

    def test_it_keeps_the_text_and_stores_nothing_when_the_input_is_invalid(self):
        response = self.upload_with_text(narrative="刚输入的进展", percent=150)
        self.assertContains(response, "完成进度应在 0 到 100 之间", status_code=400)
        self.assertContains(response, "刚输入的进展", status_code=400)
        self.assertFalse(Evidence.objects.exists())

    def test_it_warns_before_leaving_a_page_with_unsaved_text(self):
        self.login(self.alice)
        self.assertContains(self.client.get(self.url()), '<script src="/static/js/report.js" defer></script>')
        script = (settings.BASE_DIR / "static/js/report.js").read_text()
        self.assertIn('addEventListener("beforeunload"', script)
