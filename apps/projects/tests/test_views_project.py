"""The 牵头机关's project pages (new, edit with the monthly plan and 前期手续, archive and restore), the
一张图 summary and the Gantt."""

import datetime
from decimal import Decimal

import time_machine

from apps.projects.models import Project

from .base import TODAY, ProjectTestCase
from .matrix import FORM


@time_machine.travel(TODAY, tick=False)
class ProjectFormTestCase(ProjectTestCase):
    def test_it_creates_a_project_with_its_monthly_plan_and_permits(self):
        self.login(self.coordinator)
        plan = {f"plan_{m}": "1000" for m in range(1, 13)}
        response = self.client.post(
            "/projects/new/",
            {**FORM, **plan, "unit": self.fgw.pk, "permit_land": "done", "permit_land_date": "2026-02-01"},
        )
        project = Project.objects.get(code="SJ-2026-099")
        self.assertRedirects(response, f"/projects/{project.pk}/", fetch_redirect_response=False)
        self.assertEqual(project.monthly_plan, ["1000.00"] * 12)
        self.assertEqual(project.permits["land"], {"state": "done", "date": "2026-02-01"})
        self.assertEqual(project.created_by, self.coordinator)

    def test_it_names_a_monthly_plan_that_does_not_add_up(self):
        self.login(self.coordinator)
        plan = {f"plan_{m}": "500" for m in range(1, 13)}
        response = self.client.post("/projects/new/", {**FORM, **plan, "unit": self.fgw.pk})
        self.assertContains(
            response, "月度计划合计6000.00万元，与年度计划投资12000.00万元不一致", status_code=400
        )
        self.assertContains(response, 'value="SJ-2026-099"', status_code=400)  # what was typed is kept
        self.assertFalse(Project.objects.filter(code="SJ-2026-099").exists())

    def test_it_asks_for_all_twelve_months_or_none(self):
        self.login(self.coordinator)
        response = self.client.post("/projects/new/", {**FORM, "plan_1": "100", "unit": self.fgw.pk})
        self.assertContains(response, "月度计划投资请12个月都填写", status_code=400)

    def test_it_edits_a_project_and_relights_it(self):
        self.login(self.coordinator)
        data = {**FORM, "code": "SJ-2026-001", "unit": self.fgw.pk, "actual_start": "2026-03-18"}
        self.client.post(f"/projects/{self.project.pk}/edit/", data)
        self.project.refresh_from_db()
        self.assertEqual(self.project.actual_start, datetime.date(2026, 3, 18))
        self.assertEqual(self.project.colour, Project.Colour.YELLOW)  # started: now only the investment lags
        self.assertNotIn("未开工", self.project.colour_reason)
        self.assertIn("落后时间进度25.00个百分点", self.project.colour_reason)

    def test_it_archives_and_restores(self):
        self.login(self.coordinator)
        self.client.post(f"/projects/{self.project.pk}/archive/")
        self.project.refresh_from_db()
        self.assertIsNotNone(self.project.archived_at)
        self.assertNotContains(self.client.get("/projects/"), "定西市中医院")
        self.assertContains(self.client.get(f"/projects/{self.project.pk}/"), "已归档")
        self.login(self.alice)
        self.assertEqual(self.client.get(f"/projects/{self.project.pk}/").status_code, 404)
        self.login(self.coordinator)
        self.client.post(f"/projects/{self.project.pk}/archive/", {"restore": "1"})
        self.project.refresh_from_db()
        self.assertIsNone(self.project.archived_at)


@time_machine.travel(TODAY, tick=False)
class SummaryAndGanttTestCase(ProjectTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.report(cls.project, 3, "3000", started_on=datetime.date(2026, 3, 20))
            cls.make_project(
                code="SJ-2026-002", name="续建项目", kind=Project.Kind.CONTINUING, planned_start=None
            )

    def test_it_counts_and_rates_by_county_and_type(self):
        self.login(self.coordinator)
        data = self.client.get("/projects/summary/").context["data"]
        city, county = data["counties"]
        self.assertEqual((city["name"], city["n"], county["name"], county["n"]), ("市直", 2, "陇西县", 1))
        self.assertEqual(city["start_rate"], Decimal("100.00"))  # 1 due to start by now, started
        self.assertEqual(county["start_rate"], Decimal("0.00"))
        self.assertEqual(data["total"]["start_rate"], Decimal("50.00"))
        self.assertEqual(data["total"]["done"], Decimal("3000"))
        self.assertEqual(data["total"]["completion_rate"], Decimal("8.33"))  # 3000 of 36000
        self.assertEqual(data["total"]["stats_rate"], Decimal("0.00"))
        self.assertIsNone(data["total"]["finish_rate"])  # none due to finish: shown as —
        self.assertEqual([k["name"] for k in data["kinds"]], ["新开工", "续建"])

    def test_it_summarises_only_the_jurisdiction(self):
        self.login(self.county_leader)
        data = self.client.get("/projects/summary/").context["data"]
        self.assertEqual([c["name"] for c in data["counties"]], ["陇西县"])

    def test_it_draws_planned_and_actual_bars(self):
        self.login(self.coordinator)
        response = self.client.get("/projects/gantt/")
        rows = response.context["rows"]
        self.assertEqual(len(rows), 2)  # the project without a planned start is left out
        self.assertEqual([("actual" in r) for r in rows], [False, True])  # 陇西县's is not started
        self.assertContains(response, "计划 2026-03-15 至 2028-06-30")
        self.assertContains(response, "实际 2026-03-20 开工")

    def test_it_says_when_there_is_nothing_to_draw(self):
        self.login(self.coordinator)
        self.assertContains(
            self.client.get("/projects/gantt/?level=1"), "没有填写了计划开工和计划竣工时间的项目"
        )


@time_machine.travel(TODAY, tick=False)
class QueryBudgetTestCase(ProjectTestCase):
    def test_it_keeps_the_project_page_to_a_budget_whatever_the_months(self):
        self.login(self.approver)
        self.client.get(f"/projects/{self.project.pk}/")
        for month in (1, 2, 3):
            self.report(self.project, month, "100")
        with self.assertNumQueries(8):  # session, user, project, reports, history, unit checks, session save
            self.client.get(f"/projects/{self.project.pk}/")

    def test_it_keeps_the_summary_to_a_budget_whatever_the_projects(self):
        for n in range(20):
            self.make_project(code=f"SJ-2026-2{n:02d}", unit=self.county_fgj if n % 2 else self.zjj)
        self.login(self.coordinator)
        self.client.get("/projects/summary/")
        with self.assertNumQueries(10):
            self.client.get("/projects/summary/")
