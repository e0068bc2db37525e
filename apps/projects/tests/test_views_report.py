"""The monthly report pages: a 发改委 reporter reports a month and sees the colour change; the unit's
审核人 and the 牵头机关 review it; bad input is named in Chinese and nothing is lost."""

import datetime
from decimal import Decimal

import time_machine

from apps.projects.models import Project, ProjectReport

from .base import TODAY, ProjectTestCase
from .matrix import PERMITS

Status = ProjectReport.Status


@time_machine.travel(TODAY, tick=False)
class ReportPagesTestCase(ProjectTestCase):
    def post_month(self, **data):
        self.login(self.alice)
        body = {
            **PERMITS,
            "month": 3,
            "month_investment": "3500",
            "started_on": "2026-03-20",
            "send": "1",
            **data,
        }
        return self.client.post(f"/projects/{self.project.pk}/reports/new/", body)

    def test_it_offers_the_next_month_to_report(self):
        self.login(self.alice)
        response = self.client.get(f"/projects/{self.project.pk}/")
        self.assertContains(
            response, "填报3月进展"
        )  # the first report: the last month due (March, on 10 April)
        self.report(self.project, 1, "100")
        self.assertContains(self.client.get(f"/projects/{self.project.pk}/"), "填报2月进展")
        form = self.client.get(f"/projects/{self.project.pk}/reports/new/").context["form"]
        self.assertEqual([m for m, _ in form.fields["month"].choices], [2, 3, 4])

    def test_it_turns_the_colour_when_the_reporter_sends_the_month(self):
        self.report(self.project, 1, "0")
        self.report(self.project, 2, "0")
        self.project.refresh_from_db()
        self.assertEqual(self.project.colour, Project.Colour.YELLOW)
        response = self.post_month(permit_construction="done", permit_construction_date="2026-03-10")
        self.assertRedirects(response, f"/projects/{self.project.pk}/", fetch_redirect_response=False)
        self.project.refresh_from_db()
        self.assertEqual(self.project.colour, Project.Colour.GREEN)
        page = self.client.get(f"/projects/{self.project.pk}/")
        self.assertContains(page, "3月月报已报送，等待单位审核。项目当前：绿灯")
        self.assertContains(page, "超过时间进度4.17个百分点")
        report = ProjectReport.objects.get(project=self.project, month=3)
        self.assertEqual((report.status, report.cumulative), (Status.SUBMITTED, Decimal("3500")))

    def test_it_keeps_a_draft_without_counting_it(self):
        self.post_month(send="0", month=1)
        report = ProjectReport.objects.get(project=self.project, month=1)
        self.assertEqual(report.status, Status.DRAFT)
        self.project.refresh_from_db()
        self.assertEqual(self.project.completed, Decimal("0"))

    def test_it_names_a_bad_figure_and_keeps_what_was_typed(self):
        self.report(self.project, 1, "1000")
        response = self.post_month(
            month=2, month_investment="100", cumulative="900", problems="征地拆迁未完成"
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "本年累计完成投资不能少于1月已报的1000.00万元", status_code=400)
        self.assertContains(response, "征地拆迁未完成", status_code=400)
        self.assertFalse(ProjectReport.objects.filter(month=2).exists())

    def test_it_runs_the_unit_review_and_the_coordinators(self):
        report = self.report(self.project, 1, "500")
        self.login(self.approver)
        page = self.client.get(f"/projects/{self.project.pk}/")
        self.assertContains(page, "单位审核")
        self.client.post(f"/project-reports/{report.pk}/review/", {"decision": "pass"})
        report.refresh_from_db()
        self.assertEqual(report.status, Status.APPROVED)
        self.login(self.coordinator)
        self.assertContains(self.client.get(f"/projects/{self.project.pk}/"), "牵头机关审核")
        self.client.post(
            f"/project-reports/{report.pk}/review/", {"decision": "return", "comment": "请补充形象进度"}
        )
        report.refresh_from_db()
        self.assertEqual((report.status, report.comment), (Status.RETURNED, "请补充形象进度"))

    def test_it_asks_for_a_comment_to_return(self):
        report = self.report(self.project, 1, "500")
        self.login(self.approver)
        response = self.client.post(f"/project-reports/{report.pk}/review/", {"decision": "return"})
        self.assertContains(response, "退回时请填写审核意见", status_code=400)

    def test_it_edits_and_resends_a_returned_report(self):
        report = self.report(self.project, 1, "500")
        self.login(self.approver)
        self.client.post(
            f"/project-reports/{report.pk}/review/", {"decision": "return", "comment": "数据有误"}
        )
        self.login(self.alice)
        page = self.client.get(f"/project-reports/{report.pk}/edit/")
        self.assertContains(page, "退回修改：数据有误")
        self.client.post(
            f"/project-reports/{report.pk}/edit/",
            {**PERMITS, "month_investment": "600", "cumulative": "600", "send": "1"},
        )
        report.refresh_from_db()
        self.assertEqual((report.status, report.cumulative), (Status.SUBMITTED, Decimal("600")))

    def test_it_marks_a_month_sent_after_the_25th_as_late(self):
        report = self.report(self.project, 3, "500", status=Status.DRAFT)
        with time_machine.travel(datetime.datetime(2026, 3, 27, 2, tzinfo=datetime.UTC), tick=False):
            self.login(self.alice)
            self.client.post(f"/project-reports/{report.pk}/submit/")
        self.login(self.alice)
        self.assertContains(self.client.get(f"/projects/{self.project.pk}/"), "迟报")
