import io
import tempfile

import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from docx import Document

from apps.audit.models import AuditEvent
from apps.briefings import actions
from apps.briefings.models import Briefing

from .base import NOW, TODAY, BriefingTestCase


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"))
@time_machine.travel(NOW, tick=False)
class BriefingPagesTestCase(BriefingTestCase):
    def generate(self):
        self.login(self.coordinator)
        response = self.client.post(f"/plans/{self.plan.pk}/briefings/generate/", {"period": "2026-11"})
        return Briefing.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))

    def test_it_generates_a_draft_with_the_ledgers_figures_and_audits_it(self):
        briefing = self.generate()
        self.assertEqual((briefing.status, briefing.number, briefing.data["total"]), ("draft", None, 6))
        self.assertTrue(AuditEvent.objects.filter(object_type="briefing", object_id=briefing.pk).exists())

    def test_it_refreshes_the_months_draft_instead_of_making_another(self):
        first = self.generate()
        second = self.generate()
        self.assertEqual(first.pk, second.pk)
        self.assertEqual(Briefing.objects.count(), 1)

    def test_it_refuses_a_month_not_yet_begun(self):
        self.login(self.coordinator)
        response = self.client.post(
            f"/plans/{self.plan.pk}/briefings/generate/", {"period": "2027-01"}, follow=True
        )
        self.assertContains(response, "尚未开始")
        self.assertFalse(Briefing.objects.exists())

    def test_it_shows_the_text_and_tables_on_the_preview(self):
        briefing = self.generate()
        response = self.client.get(f"/briefings/{briefing.pk}/")
        self.assertContains(response, "一、总体情况")
        self.assertContains(response, "附件1　滞后事项清单")
        self.assertContains(response, "拆迁协议签订进度慢，资金缺口较大")

    def test_it_keeps_the_edited_texts_in_the_document(self):
        briefing = self.generate()
        data = {
            "title": "关于11月重点任务的通报",
            "office": "市政府督查室",
            "problems_extra": "个别单位重视不够。",
            "copy_to": "市委办公室",
        }
        self.client.post(f"/briefings/{briefing.pk}/edit/", {**data, "requirements": "一是加快进度。"})
        response = self.client.get(f"/briefings/{briefing.pk}/download/")
        text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
        self.assertIn("一是加快进度。", text)
        self.assertIn("个别单位重视不够。", text)
        self.assertIn("抄送：市委办公室。", text)

    def test_it_numbers_published_briefings_per_year_of_the_issuing_unit(self):
        october = actions.generate(self.plan, 2026, 10, actor=self.coordinator, today=TODAY)
        actions.publish(october, actor=self.coordinator, today=TODAY)
        briefing = self.generate()
        self.client.post(f"/briefings/{briefing.pk}/publish/")
        briefing.refresh_from_db()
        self.assertEqual(
            (briefing.status, briefing.number, briefing.published_by), ("published", 2, self.coordinator)
        )
        self.assertTrue(briefing.file.name.endswith(".docx"))

    def test_it_downloads_the_kept_file_of_a_published_briefing(self):
        briefing = actions.publish(self.generate(), actor=self.coordinator, today=TODAY)
        response = self.client.get(f"/briefings/{briefing.pk}/download/")
        with briefing.file.open("rb") as handle:
            self.assertEqual(response.content, handle.read())
        self.assertIn(
            "2026年第1期", "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
        )

    def test_it_refuses_to_edit_a_published_briefing(self):
        briefing = actions.publish(self.generate(), actor=self.coordinator, today=TODAY)
        data = {"title": "改", "office": "市政府督查室", "problems_extra": "", "requirements": ""}
        response = self.client.post(f"/briefings/{briefing.pk}/edit/", data)
        self.assertEqual(response.status_code, 400)
        briefing.refresh_from_db()
        self.assertNotEqual(briefing.title, "改")


@time_machine.travel(NOW, tick=False)
class BriefingCommandTestCase(BriefingTestCase):
    def test_it_writes_the_months_docx(self):
        out = tempfile.mkdtemp() + "/tb.docx"
        call_command(
            "briefing",
            plan=str(self.plan.pk),
            period="2026-11",
            kind="monthly",
            output=out,
            stdout=io.StringIO(),
        )
        self.assertIn("一、总体情况", [p.text for p in Document(out).paragraphs])

    def test_it_fails_with_a_chinese_message_on_bad_arguments(self):
        out = tempfile.mkdtemp() + "/tb.docx"
        cases = [
            ({"plan": "999", "period": "2026-11", "kind": "monthly", "output": out}, "计划"),
            ({"plan": str(self.plan.pk), "period": "2026/11", "kind": "monthly", "output": out}, "期次"),
            ({"plan": str(self.plan.pk), "period": "2026-11", "kind": "yearly", "output": out}, "类型"),
            (
                {
                    "plan": str(self.plan.pk),
                    "period": "2026-11",
                    "kind": "monthly",
                    "output": "/nonexistent/x.docx",
                },
                "目录",
            ),
        ]
        for options, word in cases:
            with self.subTest(options=options), self.assertRaisesMessage(CommandError, word):
                call_command("briefing", **options)
