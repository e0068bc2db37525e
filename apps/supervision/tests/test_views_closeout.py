import datetime
import os
import shutil
import tempfile
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.audit.models import AuditEvent
from apps.cycles.models import Cycle, Report, TargetActual
from apps.evidence.models import Evidence
from apps.plans.models import Task
from apps.supervision import actions as supervision_actions
from apps.supervision.models import CloseOut
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
    """The task is finished: October's accepted report of the lead unit says 100% and 21万亩 (target ≥ 20)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cycle = Cycle.objects.create(
            plan=cls.plan,
            kind="month",
            label="2026年10月",
            period_start=datetime.date(2026, 10, 1),
            period_end=datetime.date(2026, 10, 31),
            opens_on=datetime.date(2026, 10, 15),
            due_on=datetime.date(2026, 10, 26),
            status=Cycle.Status.CLOSED,
        )
        cls.accepted = Report.objects.create(
            cycle=cycle, task=cls.task, unit=cls.fgw, is_lead=True, status=Report.Status.ACCEPTED, percent=100
        )
        TargetActual.objects.create(report=cls.accepted, target=cls.target, value=Decimal("21"))
        Task.objects.filter(pk=cls.task.pk).update(percent=100)

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
        return supervision_actions.apply_closeout(
            task=self.task,
            unit=self.fgw,
            note=kwargs.get("note", "已建成高标准农田21万亩"),
            uploads=kwargs.get("uploads") or [pdf()],
            actor=self.alice,
        )

    def verified(self, **kwargs):
        """An application the coordinator checked by the documents and passed: waiting for 审核."""
        return supervision_actions.verify_closeout(
            self.apply(**kwargs), method="documents", passed=True, note="资料齐全", actor=self.coordinator
        )

    def closed_out(self):
        """An application through 审核 and a 公示 that ended without objection."""
        closeout = supervision_actions.decide_closeout(
            self.verified(), approve=True, comment="", actor=self.coordinator
        )
        supervision_actions.finish_closeout_publicity(closeout.publicity_until + datetime.timedelta(days=1))
        closeout.refresh_from_db()
        return closeout


class CloseOutCreateTestCase(CloseOutTestCase):
    def url(self):
        return f"/tasks/{self.task.pk}/closeout/new/"

    def test_it_shows_a_multipart_form(self):
        self.login(self.alice)
        response = self.client.get(self.url())
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertContains(response, 'name="files"')
        self.assertContains(response, "multiple")

    def test_it_creates_the_application(self):
        self.login(self.alice)
        response = self.client.post(self.url(), {"note": "已建成21万亩", "files": [pdf()]})
        closeout = CloseOut.objects.get()
        self.assertRedirects(response, f"/closeouts/{closeout.pk}/")
        self.assertEqual(
            (closeout.unit, closeout.status, closeout.applied_by, closeout.note),
            (self.fgw, CloseOut.Status.APPLIED, self.alice, "已建成21万亩"),
        )

    def test_it_stores_every_file_with_its_kind(self):
        self.login(self.alice)
        files = [pdf(), SimpleUploadedFile("现场照片.png", PNG)]
        self.client.post(self.url(), {"note": "已建成21万亩", "files": files})
        self.assertEqual(
            sorted(Evidence.objects.values_list("name", "kind")),
            [("现场照片.png", "png"), ("验收报告.pdf", "pdf")],
        )
        self.assertEqual(len(self.stored_files()), 2)

    def test_it_records_the_application_and_its_files(self):
        self.login(self.alice)
        self.client.post(self.url(), {"note": "已建成21万亩", "files": [pdf()]})
        closeout = CloseOut.objects.get()
        self.assertEqual(events(closeout, AuditEvent.Action.CREATE).get().actor, self.alice)
        self.assertEqual(events(closeout.evidence.get(), AuditEvent.Action.CREATE).get().actor, self.alice)

    def test_it_lets_the_lead_units_approver_apply(self):
        self.login(self.approver)
        self.client.post(self.url(), {"note": "已建成21万亩", "files": [pdf()]})
        self.assertEqual(CloseOut.objects.get().applied_by, self.approver)

    def test_it_requires_a_file(self):
        self.login(self.alice)
        response = self.client.post(self.url(), {"note": "已建成21万亩"})
        self.assertContains(response, "销号申请须附佐证材料，请至少上传一个文件", status_code=400)
        self.assertFalse(CloseOut.objects.exists())

    def test_it_requires_a_note(self):
        self.login(self.alice)
        response = self.client.post(self.url(), {"note": "", "files": [pdf()]})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(CloseOut.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_it_refuses_a_file_by_its_content_not_its_name(self):
        self.login(self.alice)
        response = self.client.post(self.url(), {"note": "已建成21万亩", "files": [exe()]})
        self.assertContains(response, "不是允许的类型", status_code=400)
        self.assertContains(response, "系统按文件内容判断而非扩展名", status_code=400)
        self.assertIn("不是允许的类型", response.context["form"].errors["files"][0])

    def test_it_creates_nothing_when_one_file_is_refused(self):
        self.login(self.alice)
        files = [pdf("验收报告.pdf"), exe("照片.pdf")]
        response = self.client.post(self.url(), {"note": "已建成21万亩", "files": files})
        self.assertContains(response, "文件“照片.pdf”不是允许的类型", status_code=400)
        self.assertFalse(CloseOut.objects.exists())
        self.assertFalse(Evidence.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(object_type__in=["closeout", "evidence"]).exists())

    def test_it_stores_no_file_when_one_file_is_refused(self):
        self.login(self.alice)
        self.client.post(self.url(), {"note": "已建成21万亩", "files": [pdf(), exe("照片.pdf")]})
        self.assertEqual(self.stored_files(), [])

    def test_it_refuses_a_second_pending_application(self):
        self.apply()
        self.login(self.alice)
        response = self.client.post(self.url(), {"note": "再申请一次", "files": [pdf()]}, follow=True)
        self.assertContains(response, "该任务已有办理中的销号申请")
        self.assertEqual(CloseOut.objects.count(), 1)

    def test_it_refuses_a_task_already_closed_out(self):
        self.closed_out()
        self.login(self.alice)
        response = self.client.post(self.url(), {"note": "再申请一次", "files": [pdf()]}, follow=True)
        self.assertContains(response, "该任务已销号")
        self.assertEqual(CloseOut.objects.count(), 1)

    def test_it_allows_a_new_application_after_a_rejection(self):
        supervision_actions.decide_closeout(
            self.verified(), approve=False, comment="缺验收报告", actor=self.coordinator
        )
        self.login(self.alice)
        self.client.post(self.url(), {"note": "补充了验收报告", "files": [pdf()]})
        self.assertEqual(CloseOut.objects.filter(status=CloseOut.Status.APPLIED).get().note, "补充了验收报告")

    def test_it_checks_every_role(self):
        expected = {
            None: 302,
            self.alice: 200,
            self.approver: 200,
            self.bob: 403,  # co-operating unit: sees the task, may not apply
            self.charlie: 404,
            self.coordinator: 403,
            self.leader: 403,
            self.inspector: 403,
            self.admin: 403,
            self.county_leader: 404,
            self.county_coordinator: 404,
        }
        self.assertStatusFor(self.url(), expected)

    def test_it_refuses_posts_from_the_co_unit(self):
        self.login(self.bob)
        response = self.client.post(self.url(), {"note": "我们也完成了", "files": [pdf()]})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(CloseOut.objects.exists())
        self.assertEqual(self.stored_files(), [])


class CloseOutDetailTestCase(CloseOutTestCase):
    def test_it_shows_the_note_and_the_evidence_links(self):
        closeout = self.apply()
        evidence = closeout.evidence.get()
        self.login(self.coordinator)
        response = self.client.get(f"/closeouts/{closeout.pk}/")
        self.assertContains(response, "已建成高标准农田21万亩")
        self.assertContains(response, f'<a href="/evidence/{evidence.pk}/">验收报告.pdf</a>', html=True)

    def test_it_shows_the_decision_buttons_to_the_coordinator(self):
        closeout = self.verified()
        self.login(self.coordinator)
        response = self.client.get(f"/closeouts/{closeout.pk}/")
        self.assertContains(response, 'id="approve-closeout"')
        self.assertContains(response, 'id="reject-closeout"')

    def test_it_hides_the_decision_buttons_from_the_applicant(self):
        closeout = self.apply()
        self.login(self.alice)
        self.assertNotContains(self.client.get(f"/closeouts/{closeout.pk}/"), 'id="approve-closeout"')

    def test_it_hides_the_decision_buttons_once_decided(self):
        closeout = self.closed_out()
        self.login(self.coordinator)
        response = self.client.get(f"/closeouts/{closeout.pk}/")
        self.assertNotContains(response, 'id="approve-closeout"')
        self.assertContains(response, "已销号")

    def test_it_checks_every_role(self):
        closeout = self.apply()
        expected = {
            None: 302,
            self.alice: 200,
            self.approver: 200,
            self.bob: 404,
            self.charlie: 404,
            self.coordinator: 200,
            self.leader: 200,
            self.inspector: 200,
            self.admin: 200,
            self.county_leader: 404,
            self.county_coordinator: 404,
        }
        self.assertStatusFor(f"/closeouts/{closeout.pk}/", expected)

    def test_it_lets_those_who_see_the_application_download_its_evidence(self):
        evidence = self.apply().evidence.get()
        expected = {None: 302, self.alice: 200, self.coordinator: 200, self.bob: 404, self.charlie: 404}
        self.assertStatusFor(f"/evidence/{evidence.pk}/", expected)

    def test_it_serves_the_evidence_file(self):
        evidence = self.apply().evidence.get()
        self.login(self.coordinator)
        response = self.client.get(f"/evidence/{evidence.pk}/")
        self.assertEqual(b"".join(response.streaming_content), PDF)


class CloseOutDecideTestCase(CloseOutTestCase):
    def decide(self, closeout, decision, comment=""):
        return self.client.post(
            f"/closeouts/{closeout.pk}/decide/", {"decision": decision, "comment": comment}
        )

    def test_it_approves(self):
        closeout = self.verified()
        self.login(self.coordinator)
        response = self.decide(closeout, "approve")
        self.assertRedirects(response, f"/closeouts/{closeout.pk}/")
        closeout.refresh_from_db()
        self.assertEqual(
            (closeout.status, closeout.decided_by), (CloseOut.Status.PUBLICITY, self.coordinator)
        )

    def test_it_publishes_for_five_working_days(self):
        closeout = self.verified()  # Monday 23 November
        self.login(self.coordinator)
        self.decide(closeout, "approve")
        closeout.refresh_from_db()
        self.assertEqual(closeout.publicity_until, datetime.date(2026, 11, 30))

    def test_it_leaves_the_task_open_during_the_publicity(self):
        closeout = self.verified()
        self.login(self.coordinator)
        self.decide(closeout, "approve")
        self.task.refresh_from_db()
        self.assertIsNone(self.task.closed_out_on)

    @override_settings(PUBLICITY_WORKDAYS=0)
    def test_it_closes_the_task_at_once_without_a_publicity(self):
        closeout = self.verified()
        self.login(self.coordinator)
        self.decide(closeout, "approve")
        self.task.refresh_from_db()
        self.assertEqual((self.task.status, self.task.rag), ("closed", "green"))

    def test_it_records_the_decision(self):
        closeout = self.verified()
        self.login(self.coordinator)
        self.decide(closeout, "approve")
        event = events(closeout, AuditEvent.Action.UPDATE).order_by("-id").first()
        self.assertEqual(
            (event.actor, event.changes),
            (
                self.coordinator,
                {"status": ["verified", "publicity"], "publicity_until": [None, "2026-11-30"]},
            ),
        )

    def test_it_requires_a_comment_to_reject(self):
        closeout = self.verified()
        self.login(self.coordinator)
        response = self.decide(closeout, "reject")
        self.assertContains(response, "不予销号须说明理由", status_code=400)
        closeout.refresh_from_db()
        self.assertEqual(closeout.status, CloseOut.Status.VERIFIED)

    def test_it_rejects_with_a_comment(self):
        closeout = self.verified()
        self.login(self.coordinator)
        self.decide(closeout, "reject", "缺少验收报告")
        closeout.refresh_from_db()
        self.assertEqual((closeout.status, closeout.comment), (CloseOut.Status.REJECTED, "缺少验收报告"))

    def test_it_leaves_the_task_open_on_rejection(self):
        closeout = self.verified()
        self.login(self.coordinator)
        self.decide(closeout, "reject", "缺少验收报告")
        self.task.refresh_from_db()
        self.assertNotEqual(self.task.status, "closed")

    def test_it_decides_only_once(self):
        closeout = self.verified()
        self.login(self.coordinator)
        self.decide(closeout, "approve")
        response = self.client.post(
            f"/closeouts/{closeout.pk}/decide/", {"decision": "reject", "comment": "改主意"}, follow=True
        )
        self.assertContains(response, "须经核查通过后才能审核销号")
        closeout.refresh_from_db()
        self.assertEqual(closeout.status, CloseOut.Status.PUBLICITY)

    def test_it_requires_post(self):
        closeout = self.verified()
        self.login(self.coordinator)
        self.assertEqual(self.client.get(f"/closeouts/{closeout.pk}/decide/").status_code, 405)

    def test_it_checks_every_role(self):
        closeout = self.verified()
        expected = {
            None: 302,
            self.alice: 403,
            self.approver: 403,
            self.bob: 404,
            self.charlie: 404,
            self.leader: 403,
            self.inspector: 403,
            self.admin: 403,
            self.county_leader: 404,
            self.county_coordinator: 404,
        }
        url = f"/closeouts/{closeout.pk}/decide/"
        self.assertStatusFor(url, expected, method="post", data={"decision": "approve"})
        closeout.refresh_from_db()
        self.assertEqual(closeout.status, CloseOut.Status.VERIFIED)


class CloseOutGapTestCase(CloseOutTestCase):
    """销号 of unfinished work: the application shows progress and each target's actual against its
    value; short of 100% or of a target it needs a stated reason, and the coordinator sees the gap."""

    def unfinished(self, percent=85, actual=None):
        Report.objects.filter(pk=self.accepted.pk).update(percent=percent)
        Task.objects.filter(pk=self.task.pk).update(percent=percent)
        TargetActual.objects.filter(report=self.accepted).delete()
        if actual is not None:
            TargetActual.objects.create(report=self.accepted, target=self.target, value=Decimal(actual))

    def url(self):
        return f"/tasks/{self.task.pk}/closeout/new/"

    def test_it_shows_the_progress_and_each_targets_actual_on_the_application(self):
        self.unfinished(actual="18")
        self.login(self.alice)
        response = self.client.get(self.url())
        self.assertContains(response, "当前进度 85%")
        self.assertContains(response, "高标准农田 ≥ 20万亩：实际 18万亩，未达到")

    def test_it_shows_a_target_without_a_reported_value_as_unmet(self):
        self.unfinished()
        self.login(self.alice)
        self.assertContains(self.client.get(self.url()), "高标准农田 ≥ 20万亩：未报实际值，未达到")

    def test_it_refuses_unfinished_work_without_a_reason(self):
        self.unfinished()
        self.login(self.alice)
        response = self.client.post(self.url(), {"note": "基本完成", "files": [pdf()]})
        self.assertEqual(response.status_code, 400)
        self.assertIn("请说明", response.context["form"].errors["shortfall_reason"][0])
        self.assertFalse(CloseOut.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_it_refuses_a_met_percent_with_an_unmet_target_without_a_reason(self):
        self.unfinished(percent=100, actual="18")
        self.login(self.alice)
        response = self.client.post(self.url(), {"note": "已完成", "files": [pdf()]})
        self.assertIn("shortfall_reason", response.context["form"].errors)

    def test_it_accepts_unfinished_work_with_a_stated_reason(self):
        self.unfinished(actual="18")
        self.login(self.alice)
        reason = "剩余2万亩因用地调整不再实施，经市政府同意调减"
        self.client.post(self.url(), {"note": "基本完成", "shortfall_reason": reason, "files": [pdf()]})
        self.assertEqual(CloseOut.objects.get().shortfall_reason, reason)

    def test_it_needs_no_reason_for_finished_work(self):
        self.login(self.alice)
        response = self.client.get(self.url())
        self.assertContains(response, "当前进度 100%")
        self.assertContains(response, "高标准农田 ≥ 20万亩：实际 21万亩，已达到")
        self.client.post(self.url(), {"note": "已建成21万亩", "files": [pdf()]})
        self.assertEqual(CloseOut.objects.get().shortfall_reason, "")

    def test_it_shows_the_coordinator_the_gap_and_the_reason(self):
        self.unfinished(actual="18")
        closeout = supervision_actions.apply_closeout(
            task=self.task,
            unit=self.fgw,
            note="基本完成",
            shortfall_reason="用地调整",
            uploads=[pdf()],
            actor=self.alice,
        )
        self.login(self.coordinator)
        response = self.client.get(f"/closeouts/{closeout.pk}/")
        self.assertContains(response, "尚未完成：进度 85%，1 项指标未达到目标值")
        self.assertContains(response, "高标准农田 ≥ 20万亩：实际 18万亩，未达到")
        self.assertContains(response, "用地调整")

    def test_it_shows_no_warning_for_finished_work(self):
        closeout = self.apply()
        self.login(self.coordinator)
        self.assertNotContains(self.client.get(f"/closeouts/{closeout.pk}/"), "尚未完成")
