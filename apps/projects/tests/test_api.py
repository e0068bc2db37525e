"""The 重点项目 JSON API: a unit reports a month and reads the new colour; validation errors name the
field in Chinese; the ledger's filters and the 一张图 summary."""

import datetime

import time_machine

from apps.projects.models import Project, ProjectReport

from .base import TODAY, ProjectTestCase


@time_machine.travel(TODAY, tick=False)
class ProjectApiTestCase(ProjectTestCase):
    def test_it_reports_a_month_and_returns_the_new_colour(self):
        self.report(self.project, 1, "0")
        self.report(self.project, 2, "0")
        body = {"month": 3, "month_investment": "3500", "started_on": "2026-03-20", "submit": True}
        response = self.call("POST", f"/api/projects/{self.project.pk}/reports", self.alice, body)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["status"], ProjectReport.Status.SUBMITTED)
        project = self.call("GET", f"/api/projects/{self.project.pk}", self.alice).json()
        self.assertEqual((project["colour"], project["colour_label"]), ("green", "绿灯"))
        self.assertIn("超过时间进度4.17个百分点", project["colour_reason"])
        self.assertEqual(project["flags"], ["有投资但无施工许可"])

    def test_it_names_a_bad_figure_in_chinese(self):
        self.report(self.project, 1, "1000")
        body = {"month": 2, "month_investment": "10", "cumulative": "500"}
        response = self.call("POST", f"/api/projects/{self.project.pk}/reports", self.alice, body)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["errors"]["cumulative"], ["本年累计完成投资不能少于1月已报的1000.00万元"]
        )

    def test_it_tells_the_reviewer_which_step_is_theirs(self):
        report = self.report(self.project, 1, "100")
        reports = self.call("GET", f"/api/projects/{self.project.pk}/reports", self.approver).json()
        self.assertEqual(reports[0]["review_step"], "approve")
        self.call("POST", f"/api/project-reports/{report.pk}/review", self.approver, {"decision": "pass"})
        response = self.call(
            "POST", f"/api/project-reports/{report.pk}/review", self.coordinator, {"decision": "pass"}
        )
        self.assertEqual(response.json()["status"], "accepted")

    def test_it_creates_and_changes_a_project(self):
        body = {
            "code": "SJ-2026-077",
            "name": "定西市第二水厂",
            "year": 2026,
            "level": 2,
            "kind": "new",
            "unit_id": self.zjj.pk,
            "total_investment": "9000",
            "annual_plan": "3000",
            "planned_start": "2026-05-01",
        }
        response = self.call("POST", "/api/projects", self.coordinator, body)
        self.assertEqual(response.status_code, 201, response.content)
        created = response.json()
        self.assertEqual((created["unit_name"], created["colour"]), ("市住建局", "yellow"))
        self.assertIn("落后时间进度25.00个百分点", created["colour_reason"])
        response = self.call(
            "PATCH", f"/api/projects/{created['id']}", self.coordinator, {"annual_plan": "99999"}
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"]["annual_plan"], ["年度计划投资不能超过总投资"])
        response = self.call(
            "PATCH",
            f"/api/projects/{created['id']}",
            self.coordinator,
            {"planned_start": None, "annual_plan": "0"},
        )
        self.assertEqual(response.json()["colour"], "none")

    def test_it_refuses_a_unit_outside_the_jurisdiction(self):
        body = {"code": "X", "name": "X", "year": 2026, "level": 3, "kind": "new", "unit_id": self.fgw.pk}
        body.update(total_investment="1", annual_plan="1")
        response = self.call("POST", "/api/projects", self.county_coordinator, body)
        self.assertEqual(response.status_code, 422)
        self.assertIn("unit_id", response.content.decode())

    def test_it_filters_the_ledger(self):
        Project.objects.filter(pk=self.county_project.pk).update(colour="red")

        def names(query):
            return [
                p["name"] for p in self.call("GET", f"/api/projects?{query}", self.leader).json()["items"]
            ]

        self.assertEqual(names("colour=red"), ["陇西县中药材物流园"])
        self.assertEqual(names(f"unit={self.county.pk}"), ["陇西县中药材物流园"])
        self.assertEqual(names("level=2&leader=张"), ["定西市中医院综合楼建设项目"])

    def test_it_summarises_by_county(self):
        data = self.call("GET", "/api/projects/summary?year=2026", self.leader).json()
        self.assertEqual([c["name"] for c in data["counties"]], ["市直", "陇西县"])
        self.assertEqual(data["total"]["n"], 2)
        self.assertIsNone(data["total"]["finish_rate"])

    def test_it_reports_late_after_the_due_day(self):
        report = self.report(self.project, 3, "1", status=ProjectReport.Status.DRAFT)
        self.assertEqual(report.due_on, datetime.date(2026, 3, 25))
