"""A unit writes a case (with tasks and files), edits it while 草稿 or 退回修改, and submits it complete;
the case page shows what it holds and its history."""

import datetime

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.audit.models import AuditEvent
from apps.cases import actions
from apps.cases.models import Case
from apps.notify.models import Notification

from .base import CASE, CaseTestCase, pdf

NOW = datetime.datetime(2026, 11, 20, 10, 0)


def form(**fields):
    return {"year": 2026, **CASE, **fields}


@time_machine.travel(NOW, tick=False)
class WriteCaseTestCase(CaseTestCase):
    def create(self, user=None, **fields):
        self.login(user or self.alice)
        return self.client.post(
            "/cases/new/", {"unit": self.fgw.pk, "tasks": [self.task.pk], **form(**fields)}
        )

    def test_it_saves_a_new_case_as_a_draft_of_the_unit(self):
        response = self.create()
        case = Case.objects.get()
        self.assertRedirects(response, f"/cases/{case.pk}/", fetch_redirect_response=False)
        self.assertEqual((case.unit, case.status, case.created_by), (self.fgw, Case.Status.DRAFT, self.alice))
        self.assertEqual(list(case.tasks.all()), [self.task])

    def test_it_keeps_the_uploaded_files_as_evidence(self):
        self.login(self.alice)
        self.client.post(
            "/cases/new/", {"unit": self.fgw.pk, **form(), "files": [pdf("一.pdf"), pdf("二.pdf")]}
        )
        self.assertEqual(sorted(e.name for e in Case.objects.get().evidence.all()), ["一.pdf", "二.pdf"])

    def test_it_refuses_a_file_that_is_not_an_allowed_type(self):
        self.login(self.alice)
        bad = SimpleUploadedFile("脚本.pdf", b"#!/bin/sh\necho hi\n", content_type="application/pdf")
        response = self.client.post("/cases/new/", {"unit": self.fgw.pk, **form(), "files": [bad]})
        self.assertContains(response, "不是允许的类型", status_code=400)
        self.assertFalse(Case.objects.exists())

    def test_it_offers_only_the_users_own_unit_and_tasks(self):
        self.login(self.charlie)
        response = self.client.post("/cases/new/", {"unit": self.fgw.pk, **form()})
        self.assertEqual(response.status_code, 400)
        self.assertIn("unit", response.context["form"].errors)
        response = self.client.post("/cases/new/", {"unit": self.tjj.pk, "tasks": [self.task.pk], **form()})
        self.assertIn("tasks", response.context["form"].errors)

    def test_it_labels_every_field_and_proposes_the_users_unit_and_this_year(self):
        self.login(self.alice)
        response = self.client.get("/cases/new/")
        self.assertEqual(response.context["form"]["unit"].value(), self.fgw.pk)
        self.assertEqual(response.context["form"]["year"].value(), 2026)
        for label in (
            "标题",
            "报送单位",
            "年度",
            "领域",
            "内容摘要",
            "主要做法",
            "取得成效",
            "相关任务",
            "佐证材料",
        ):
            self.assertContains(response, f"{label}")

    def test_it_suggests_the_areas_of_earlier_cases(self):
        self.make_case(area="乡村振兴")
        self.login(self.alice)
        self.assertContains(self.client.get("/cases/new/"), '<option value="乡村振兴">')

    def test_it_edits_a_draft_and_records_what_changed(self):
        case = self.make_case()
        self.login(self.alice)
        response = self.client.post(f"/cases/{case.pk}/edit/", {"unit": self.fgw.pk, **form(title="新标题")})
        self.assertRedirects(response, f"/cases/{case.pk}/", fetch_redirect_response=False)
        case.refresh_from_db()
        self.assertEqual(case.title, "新标题")
        self.assertEqual(list(case.tasks.all()), [])
        event = AuditEvent.objects.filter(object_type="case", object_id=case.pk).latest("id")
        self.assertEqual(event.changes["title"], [CASE["title"], "新标题"])
        self.assertEqual(event.changes["tasks"], ["1.1 建成高标准农田20万亩", None])

    def test_it_refuses_to_edit_a_submitted_case(self):
        case = self.make_case(status=Case.Status.SUBMITTED)
        self.login(self.alice)
        self.assertEqual(self.client.get(f"/cases/{case.pk}/edit/").status_code, 403)

    def test_it_lets_the_unit_edit_and_resubmit_a_returned_case(self):
        case = self.make_case(status=Case.Status.RETURNED)
        self.login(self.alice)
        page = self.client.get(f"/cases/{case.pk}/")
        self.assertContains(page, "退回修改：请补充数据")
        self.assertContains(page, "修改后重新报送")
        self.client.post(f"/cases/{case.pk}/edit/", {"unit": self.fgw.pk, **form(results="压缩60%")})
        self.client.post(f"/cases/{case.pk}/submit/")
        case.refresh_from_db()
        self.assertEqual((case.status, case.results), (Case.Status.SUBMITTED, "压缩60%"))

    def test_it_submits_a_complete_draft_and_tells_the_reviewers(self):
        case = self.make_case()
        self.login(self.alice)
        response = self.client.post(f"/cases/{case.pk}/submit/")
        self.assertRedirects(response, f"/cases/{case.pk}/", fetch_redirect_response=False)
        case.refresh_from_db()
        self.assertEqual(case.status, Case.Status.SUBMITTED)
        self.assertEqual(case.submitted_at.date(), datetime.date(2026, 11, 20))
        told = set(
            Notification.objects.filter(link=f"/cases/{case.pk}/").values_list("user__username", flat=True)
        )
        self.assertEqual(told, {"coordinator", "inspector"})

    def test_it_refuses_to_submit_a_case_without_practice_or_results(self):
        case = self.make_case(practice="", results="")
        self.login(self.alice)
        response = self.client.post(f"/cases/{case.pk}/submit/")
        self.assertContains(response, "报送前请填写主要做法", status_code=400)
        self.assertContains(response, "报送前请填写取得成效", status_code=400)
        case.refresh_from_db()
        self.assertEqual(case.status, Case.Status.DRAFT)


@time_machine.travel(NOW, tick=False)
class CasePageTestCase(CaseTestCase):
    def test_it_shows_the_practice_results_tasks_and_files(self):
        case = self.make_case()
        actions.update_case(case, {}, uploads=[pdf("经验材料.pdf")], actor=self.alice)
        self.login(self.alice)
        response = self.client.get(f"/cases/{case.pk}/")
        for text in (CASE["practice"], CASE["results"], "建成高标准农田20万亩", "经验材料.pdf", "草稿"):
            self.assertContains(response, text)
        self.assertContains(response, f'href="/tasks/{self.task.pk}/"')

    def test_it_shows_the_history_of_the_case(self):
        case = self.make_case(status=Case.Status.ACCEPTED)
        self.login(self.alice)
        response = self.client.get(f"/cases/{case.pk}/")
        events = response.context["history"]
        self.assertEqual([e.actor for e in events][::-1], [self.alice, self.alice, self.coordinator])
        self.assertContains(response, "已采纳")

    def test_it_offers_edit_and_submit_to_the_units_staff_on_a_draft(self):
        case = self.make_case()
        for user in (self.alice, self.approver):
            self.login(user)
            self.assertContains(self.client.get(f"/cases/{case.pk}/"), 'id="submit-case"')

    def test_it_offers_no_edit_once_submitted(self):
        case = self.make_case(status=Case.Status.SUBMITTED)
        for user in (self.alice, self.coordinator):
            self.login(user)
            response = self.client.get(f"/cases/{case.pk}/")
            self.assertNotContains(response, 'id="submit-case"')
            self.assertNotContains(response, 'id="edit-case"')

    def test_it_answers_404_to_an_outsider(self):
        case = self.make_case(status=Case.Status.ACCEPTED)
        for user in (self.charlie, self.bob, self.county_leader):
            self.login(user)
            response = self.client.get(f"/cases/{case.pk}/")
            self.assertEqual(response.status_code, 404, user.username)
            self.assertNotContains(response, CASE["title"], status_code=404)

    def test_it_lets_the_unit_download_its_files_and_an_outsider_not(self):
        case = self.make_case()
        actions.update_case(case, {}, uploads=[pdf()], actor=self.alice)
        evidence = case.evidence.get()
        self.login(self.alice)
        self.assertEqual(self.client.get(f"/evidence/{evidence.pk}/").status_code, 200)
        self.login(self.charlie)
        self.assertEqual(self.client.get(f"/evidence/{evidence.pk}/").status_code, 404)
