"""The 通报 of all plans of a jurisdiction (Briefing.scope): which plans it gathers, the pages that generate
it, who reads and manages it (every role), the job and the command."""

import io
import tempfile
from unittest import mock

import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from docx import Document

from apps.briefings import actions
from apps.briefings.models import Briefing, BriefingJob
from apps.plans.models import Area, Plan, Task, TaskStatus, TaskUnit
from luoshi.test import LOGIN

from .base import NOW, TODAY, BriefingTestCase


def add_plan(cls, title, owner, status=Plan.Status.PUBLISHED, *, tasks=1, lead=None):
    plan = Plan.objects.create(title=title, year=2026, owner_unit=owner, status=status)
    area = Area.objects.create(plan=plan, title=f"{title}领域", order=1)
    for i in range(tasks):
        task = Task.objects.create(plan=plan, area=area, title=f"{title}任务{i + 1}")
        Task.objects.filter(pk=task.pk).update(status=TaskStatus.LAGGING, percent=10)
        TaskUnit.objects.create(task=task, unit=lead or owner, role=TaskUnit.Role.LEAD)
    return plan


class ScopeTestCase(BriefingTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # the city plan has 6 tasks; 市发改委's own plan 2, the county's 3; a draft plan is left out
        cls.fgw_plan = add_plan(cls, "市发改委重点工作", cls.fgw, tasks=2)
        cls.county_plan = add_plan(cls, "陇西县重点工作", cls.county, tasks=3, lead=cls.county_fgj)
        cls.draft_plan = add_plan(cls, "未发布的计划", cls.city, Plan.Status.DRAFT, tasks=4)


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"))
@time_machine.travel(NOW, tick=False)
class ScopeBriefingTestCase(ScopeTestCase):
    def test_it_gathers_every_published_plan_of_the_jurisdiction_and_below(self):
        city = actions.generate(None, 2026, 11, actor=self.coordinator, today=TODAY, scope=self.city)
        titles = [p["title"] for p in city.data["plans"]]
        self.assertEqual(titles, [self.plan.title, self.fgw_plan.title, self.county_plan.title])
        self.assertEqual(city.data["total"], 6 + 2 + 3)
        county = actions.generate(
            None, 2026, 11, actor=self.county_coordinator, today=TODAY, scope=self.county
        )
        self.assertEqual((county.data["total"], county.plan, county.owner_unit), (3, None, self.county))

    def test_it_generates_all_plans_from_the_plan_page_for_a_coordinator(self):
        self.login(self.coordinator)
        response = self.client.get(f"/plans/{self.plan.pk}/briefings/")
        self.assertContains(response, "定西市全部计划")
        response = self.client.post(
            f"/plans/{self.plan.pk}/briefings/generate/",
            {"period": "2026-11", "kind": "monthly", "scope": "all"},
        )
        briefing = Briefing.objects.get()
        self.assertRedirects(response, f"/briefings/{briefing.pk}/")
        self.assertEqual((briefing.plan, briefing.scope, briefing.data["total"]), (None, self.city, 11))
        self.assertEqual(briefing.title, "关于2026年11月定西市全部计划进展情况的通报")

    def test_it_generates_all_plans_from_the_index_and_refreshes_the_same_draft(self):
        self.login(self.coordinator)
        self.assertContains(self.client.get("/briefings/"), "生成定西市全部计划的通报")
        first = self.client.post("/briefings/generate/", {"period": "2026-11", "kind": "monthly"})
        second = self.client.post("/briefings/generate/", {"period": "2026-11", "kind": "monthly"})
        self.assertEqual(first["Location"], second["Location"])
        self.assertEqual(Briefing.objects.filter(scope=self.city).count(), 1)
        response = self.client.get(first["Location"])
        self.assertContains(response, "《陇西县重点工作》")

    def test_it_does_not_offer_all_plans_to_a_reader(self):
        self.login(self.leader)
        self.assertNotContains(self.client.get("/briefings/"), "scope-generate-form")
        self.assertNotContains(self.client.get(f"/plans/{self.plan.pk}/briefings/"), "全部计划")

    def test_it_refuses_a_county_coordinator_the_citys_jurisdiction(self):
        self.login(self.county_coordinator)
        response = self.client.post("/briefings/generate/", {"period": "2026-11", "scope_id": self.city.pk})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Briefing.objects.exists())

    def test_it_refuses_a_jurisdiction_that_is_not_a_number_or_not_a_jurisdiction(self):
        self.login(self.coordinator)
        for scope_id in ("abc", str(self.fgw.pk)):
            with self.subTest(scope_id=scope_id):
                response = self.client.post(
                    "/briefings/generate/", {"period": "2026-11", "scope_id": scope_id}
                )
                self.assertEqual(response.status_code, 403)

    def test_it_says_so_when_the_jurisdiction_has_no_published_plan(self):
        Plan.objects.filter(owner_unit=self.county).update(status=Plan.Status.DRAFT)
        self.login(self.county_coordinator)
        response = self.client.post("/briefings/generate/", {"period": "2026-11"}, follow=True)
        self.assertContains(response, "陇西县没有已发布的计划")
        self.assertFalse(Briefing.objects.exists())

    def test_it_numbers_a_jurisdiction_briefing_with_the_units_other_briefings(self):
        plan_briefing = actions.generate(self.plan, 2026, 10, actor=self.coordinator, today=TODAY)
        actions.publish(plan_briefing, actor=self.coordinator, today=TODAY)
        scope_briefing = actions.generate(
            None, 2026, 11, actor=self.coordinator, today=TODAY, scope=self.city
        )
        self.assertEqual(actions.publish(scope_briefing, actor=self.coordinator, today=TODAY).number, 2)

    @override_settings(BRIEFING_JOB_TASKS=10)
    def test_it_generates_a_large_jurisdiction_as_a_job(self):
        self.login(self.coordinator)
        response = self.client.post("/briefings/generate/", {"period": "2026-11"}, follow=True)
        job = BriefingJob.objects.get()
        self.assertEqual((job.status, job.scope, job.plan, job.tasks), ("done", self.city, None, 11))
        self.assertEqual(job.briefing.scope, self.city)
        self.assertContains(response, "定西市全部计划")


# fmt: off
PAGES = [
    # method  url                                   anon   alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("POST", "/briefings/generate/",                LOGIN, 403,  403, 403,    403,     302,  403,   403, 403,  403,   302),
    ("GET",  "/briefings/{city}/",                  LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/briefings/{city}/download/",         LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/briefings/{county}/",                LOGIN, 404,  404, 404,    404,     200,  200,   200, 200,  200,   200),
    ("GET",  "/briefings/{draft}/",                 LOGIN, 404,  404, 404,    404,     200,  404,   404, 404,  404,   404),
    ("POST", "/briefings/{draft}/edit/",            LOGIN, 404,  404, 404,    404,     302,  404,   404, 404,  404,   404),
    ("POST", "/briefings/{draft}/publish/",         LOGIN, 404,  404, 404,    404,     302,  404,   404, 404,  404,   404),
    ("POST", "/briefings/{county}/publish/",        LOGIN, 404,  404, 404,    404,     302,  404,   404, 404,  404,   302),
]
# fmt: on
EDIT = {
    "title": "关于全部计划进展情况的通报",
    "office": "市政府督查室",
    "problems_extra": "",
    "requirements": "一是……",
}


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"))
class ScopePageMatrixTestCase(ScopeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with time_machine.travel(NOW, tick=False):
            city = actions.generate(None, 2026, 10, actor=cls.coordinator, today=TODAY, scope=cls.city)
            cls.city_briefing = actions.publish(city, actor=cls.coordinator, today=TODAY)
            cls.draft = actions.generate(None, 2026, 11, actor=cls.coordinator, today=TODAY, scope=cls.city)
            cls.county_draft = actions.generate(
                None, 2026, 11, actor=cls.county_coordinator, today=TODAY, scope=cls.county
            )
        cls.ids = {"city": cls.city_briefing.pk, "draft": cls.draft.pk, "county": cls.county_draft.pk}

    def test_it_answers_every_page_for_every_role_as_specified(self):
        # the county's 通报 published (as its coordinator would); the publish row, of its draft, runs below
        Briefing.objects.filter(pk=self.county_draft.pk).update(status=Briefing.Status.PUBLISHED, number=1)
        rows = [row for row in PAGES if row[1] != "/briefings/{county}/publish/"]
        bodies = {"/briefings/generate/": {"period": "2026-11"}, "/briefings/{draft}/edit/": EDIT}
        with time_machine.travel(NOW, tick=False), mock.patch("shutil.which", return_value=None):
            self.run_table(rows, self.page, lambda method, template: bodies.get(template))

    def test_it_lets_the_coordinators_over_the_county_publish_its_draft(self):
        with time_machine.travel(NOW, tick=False):
            self.run_table(
                [row for row in PAGES if row[1] == "/briefings/{county}/publish/"], self.page, lambda *a: None
            )

    def test_it_lists_the_jurisdiction_briefings_a_user_reads(self):
        Briefing.objects.filter(pk=self.county_draft.pk).update(status=Briefing.Status.PUBLISHED, number=1)
        self.login(self.alice)
        response = self.client.get("/briefings/")
        self.assertContains(response, f'href="/briefings/{self.city_briefing.pk}/"')
        self.assertNotContains(response, f'href="/briefings/{self.county_draft.pk}/"')
        self.assertNotContains(response, f'href="/briefings/{self.draft.pk}/"')
        self.login(self.coordinator)
        response = self.client.get("/briefings/")
        for briefing in (self.city_briefing, self.draft, self.county_draft):
            self.assertContains(response, f'href="/briefings/{briefing.pk}/"')


@time_machine.travel(NOW, tick=False)
class ScopeCommandTestCase(ScopeTestCase):
    def run_command(self, **options):
        out = tempfile.mkdtemp() + "/all.docx"
        stdout = io.StringIO()
        call_command("briefing", period="2026-11", output=out, stdout=stdout, **options)
        return Document(out), stdout.getvalue()

    def test_it_writes_the_jurisdictions_briefing_for_a_unit(self):
        doc, stdout = self.run_command(unit=str(self.county.pk))
        self.assertIn("共3项任务", stdout)
        self.assertTrue(any("《陇西县重点工作》" in p.text for p in doc.paragraphs))

    def test_it_writes_the_whole_trees_briefing_for_all_plans(self):
        _doc, stdout = self.run_command(all_plans=True)
        self.assertIn("共11项任务", stdout)

    def test_it_fails_with_a_chinese_message_on_a_bad_subject(self):
        cases = [
            ({"unit": str(self.fgw.pk)}, "不是市或县区"),
            ({"unit": "999999"}, "单位“999999”不存在"),
            ({"unit": str(self.city.pk), "plan": str(self.plan.pk)}, "只能选一个"),
            ({}, "请指定"),
        ]
        for options, word in cases:
            with self.subTest(options=options), self.assertRaisesMessage(CommandError, word):
                self.run_command(**options)
