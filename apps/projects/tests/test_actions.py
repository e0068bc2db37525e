"""The project and monthly-report actions: validation (one check for form, API and import), the audit
rows, the review steps and the ledger's derived colour."""

import datetime
from decimal import Decimal

import time_machine
from django.core.exceptions import ValidationError

from apps.audit.models import AuditEvent
from apps.notify.models import Notification
from apps.portal import tick
from apps.projects import actions, lights
from apps.projects.models import Project, ProjectReport
from apps.projects.rules import FLAG_NO_PERMIT, FLAG_ZERO_INVESTMENT

from .base import PROJECT, TODAY, ProjectTestCase

Status = ProjectReport.Status


@time_machine.travel(TODAY, tick=False)
class ProjectActionsTestCase(ProjectTestCase):
    def test_it_records_the_creation_with_the_coordinator(self):
        event = AuditEvent.objects.get(object_type="project", object_id=self.project.pk)
        self.assertEqual(event.actor, self.coordinator)
        self.assertEqual(event.changes["name"], [None, PROJECT["name"]])

    def test_it_names_each_bad_field_in_chinese(self):
        project = Project(
            unit=self.fgw,
            **{**PROJECT, "code": "SJ-2026-001", "name": " ", "annual_plan": Decimal("50000")},
        )
        with self.assertRaises(ValidationError) as caught:
            actions.create_project(project, actor=self.coordinator)
        errors = caught.exception.message_dict
        self.assertEqual(errors["name"], ["请填写项目名称"])
        self.assertEqual(errors["annual_plan"], ["年度计划投资不能超过总投资"])
        self.assertEqual(errors["code"], ["2026年已有编号为SJ-2026-001的项目"])

    def test_it_refuses_an_unknown_level_or_type(self):
        with self.assertRaises(ValidationError) as caught:
            actions.update_project(self.project, {"level": 7, "kind": "done"}, actor=self.coordinator)
        self.assertEqual(caught.exception.message_dict["level"], ["级别应为省级重点、市级重点、县级重点之一"])
        self.assertIn("kind", caught.exception.message_dict)

    def test_it_accepts_a_monthly_plan_that_adds_up_to_the_annual_plan(self):
        changes = actions.update_project(self.project, {"monthly_plan": [1000] * 12}, actor=self.coordinator)
        self.assertEqual(changes["monthly_plan"], [[], ["1000.00"] * 12])

    def test_it_refuses_a_monthly_plan_that_does_not_add_up(self):
        with self.assertRaises(ValidationError) as caught:
            actions.update_project(self.project, {"monthly_plan": ["900"] * 12}, actor=self.coordinator)
        self.assertEqual(
            caught.exception.message_dict["monthly_plan"],
            ["月度计划合计10800.00万元，与年度计划投资12000.00万元不一致"],
        )

    def test_it_audits_only_what_changed(self):
        changes = actions.update_project(
            self.project, {"name": PROJECT["name"], "leader": "李副市长"}, actor=self.coordinator
        )
        self.assertEqual(changes, {"leader": ["张副市长", "李副市长"]})
        self.assertEqual(AuditEvent.objects.filter(object_type="project", action="update").count(), 1)

    def test_it_lights_a_project_not_started_a_month_after_it_was_due_yellow(self):
        self.project.refresh_from_db()
        self.assertEqual(self.project.colour, Project.Colour.YELLOW)
        self.assertIn("计划2026年3月开工，已逾期1个月未开工", self.project.colour_reason)
        self.assertIn(
            "投资完成率0.00%，时间进度25.00%，落后时间进度25.00个百分点", self.project.colour_reason
        )


@time_machine.travel(TODAY, tick=False)
class ReportActionsTestCase(ProjectTestCase):
    def test_it_turns_the_project_green_once_the_month_is_reported(self):
        self.report(self.project, 3, "3500", started_on=datetime.date(2026, 3, 20))
        self.project.refresh_from_db()
        self.assertEqual(self.project.actual_start, datetime.date(2026, 3, 20))
        self.assertEqual(self.project.completed, Decimal("3500"))
        self.assertEqual(self.project.completion_rate, Decimal("29.17"))
        self.assertEqual(self.project.colour, Project.Colour.GREEN)
        self.assertEqual(
            self.project.colour_reason,
            "已于2026年3月20日开工；投资完成率29.17%，时间进度25.00%，超过时间进度4.17个百分点",
        )
        self.assertEqual(self.project.flags, [FLAG_NO_PERMIT])

    def test_it_adds_up_the_cumulative_from_the_previous_month(self):
        self.report(self.project, 2, "1000")
        march = self.report(self.project, 3, "500")
        self.assertEqual(march.cumulative, Decimal("1500"))

    def test_it_refuses_a_cumulative_below_the_previous_month(self):
        self.report(self.project, 2, "1000")
        with self.assertRaises(ValidationError) as caught:
            actions.save_report(
                ProjectReport(project=self.project, month=3),
                {"month_investment": "100", "cumulative": "900"},
                actor=self.alice,
            )
        self.assertEqual(
            caught.exception.message_dict["cumulative"], ["本年累计完成投资不能少于2月已报的1000.00万元"]
        )

    def test_it_refuses_a_month_still_to_come(self):
        with self.assertRaises(ValidationError) as caught:
            actions.save_report(
                ProjectReport(project=self.project, month=5), {"month_investment": "1"}, actor=self.alice
            )
        self.assertEqual(caught.exception.message_dict["month"], ["2026年5月还没有到，不能填报"])

    def test_it_refuses_a_second_report_of_the_same_month(self):
        self.report(self.project, 3, "100")
        with self.assertRaises(ValidationError):
            actions.save_report(
                ProjectReport(project=self.project, month=3), {"month_investment": "1"}, actor=self.alice
            )

    def test_it_flags_a_start_with_zero_investment(self):
        self.report(self.project, 3, "0", started_on=datetime.date(2026, 3, 28))
        self.project.refresh_from_db()
        self.assertEqual(self.project.flags, [FLAG_ZERO_INVESTMENT])

    def test_it_takes_permit_changes_to_the_project(self):
        self.report(self.project, 3, "10", permits={"construction": {"state": "done", "date": "2026-03-01"}})
        self.project.refresh_from_db()
        self.assertTrue(self.project.has_construction_permit)
        self.assertEqual(self.project.flags, [])

    def test_it_runs_the_two_reviews_and_records_the_reviewer(self):
        report = self.report(self.project, 3, "3500", status=Status.ACCEPTED)
        report.refresh_from_db()
        self.assertEqual((report.status, report.reviewed_by), (Status.ACCEPTED, self.coordinator))
        statuses = [
            e.changes["status"][1]
            for e in AuditEvent.objects.filter(
                object_type="projectreport", object_id=report.pk, action="update"
            ).order_by("id")
        ]
        self.assertEqual(statuses, [Status.SUBMITTED, Status.APPROVED, Status.ACCEPTED])

    def test_it_uncounts_a_returned_report_until_it_is_sent_again(self):
        report = self.report(self.project, 3, "3500")
        actions.review_report(
            report, step="approve", decision="return", comment="数据有误", actor=self.approver
        )
        self.project.refresh_from_db()
        self.assertEqual((self.project.completed, self.project.colour), (Decimal("0"), Project.Colour.YELLOW))
        actions.save_report(report, {"month_investment": "3600", "cumulative": "3600"}, actor=self.alice)
        actions.submit_report(report, actor=self.alice)
        self.project.refresh_from_db()
        self.assertEqual(self.project.completed, Decimal("3600"))

    def test_it_tells_each_next_reviewer_and_the_unit_of_a_return(self):
        report = self.report(self.project, 3, "3500")
        told = Notification.objects.get(user=self.approver)
        self.assertEqual(told.text, "市发改委报送了重点项目“定西市中医院综合楼建设项目”3月进展，请审核")
        self.assertEqual(told.link, f"/projects/{self.project.pk}/#report-3")
        actions.review_report(report, step="approve", decision="pass", actor=self.approver)
        self.assertEqual(
            Notification.objects.get(user=self.coordinator).text,
            "市发改委审核通过了重点项目“定西市中医院综合楼建设项目”3月进展，请牵头机关审核",
        )
        self.assertFalse(Notification.objects.filter(user=self.county_coordinator).exists())
        actions.review_report(
            report, step="accept", decision="return", comment="请附现场照片", actor=self.coordinator
        )
        self.assertEqual(
            Notification.objects.get(user=self.alice).text,
            "重点项目“定西市中医院综合楼建设项目”3月进展已退回修改。审核意见：请附现场照片",
        )

    def test_it_requires_a_comment_to_return(self):
        report = self.report(self.project, 3, "3500")
        with self.assertRaises(ValidationError) as caught:
            actions.review_report(report, step="approve", decision="return", actor=self.approver)
        self.assertEqual(caught.exception.message_dict["comment"], ["退回时请填写审核意见"])

    def test_it_refuses_the_wrong_review_step(self):
        report = self.report(self.project, 3, "3500")
        with self.assertRaises(ValidationError):
            actions.review_report(report, step="accept", decision="pass", actor=self.coordinator)

    def test_it_refuses_to_edit_a_submitted_report(self):
        report = self.report(self.project, 3, "3500")
        with self.assertRaises(ValidationError):
            actions.save_report(report, {"problems": "用地未落实"}, actor=self.alice)


class LightsOverTimeTestCase(ProjectTestCase):
    def test_it_turns_a_project_never_started_red_three_months_after_it_was_due(self):
        changed = lights.refresh_all(today=datetime.date(2026, 6, 26))
        self.assertEqual(changed, 2)
        self.project.refresh_from_db()
        self.assertEqual(self.project.colour, Project.Colour.RED)
        self.assertIn("逾期3个月仍未开工", self.project.colour_reason)
        self.assertIn("落后时间进度50.00个百分点", self.project.colour_reason)

    def test_it_writes_every_derived_column_in_bulk(self):
        with time_machine.travel(TODAY, tick=False):
            self.report(self.project, 3, "3500", started_on=datetime.date(2026, 3, 20))
        lights.refresh_all(today=datetime.date(2026, 9, 26))
        self.project.refresh_from_db()
        self.assertEqual(
            (self.project.completed, self.project.completion_rate), (Decimal("3500"), Decimal("29.17"))
        )
        self.assertEqual((self.project.reported_month, self.project.colour), (3, Project.Colour.RED))
        self.assertEqual(self.project.flags, [FLAG_NO_PERMIT])
        self.assertEqual(self.project.lit_on, datetime.date(2026, 9, 26))
        self.assertIn("落后时间进度45.83个百分点", self.project.colour_reason)

    def test_it_changes_nothing_when_run_twice_on_the_same_day(self):
        lights.refresh_all(today=datetime.date(2026, 6, 26))
        self.assertEqual(lights.refresh_all(today=datetime.date(2026, 6, 26)), 0)

    def test_it_relights_from_the_tick_once_a_day(self):
        day = datetime.date(2026, 6, 26)
        result = tick.run(today=day)
        self.assertEqual(result["projects_relit"], 2)
        self.project.refresh_from_db()
        self.assertEqual((self.project.colour, self.project.lit_on), (Project.Colour.RED, day))
        self.assertEqual(tick.run(today=day)["projects_relit"], 0)

    def test_it_judges_the_month_reported_early(self):
        with time_machine.travel(TODAY, tick=False):
            self.report(self.project, 4, "5000", started_on=datetime.date(2026, 3, 20))
        self.project.refresh_from_db()
        self.assertEqual(self.project.reported_month, 4)
        self.assertIn("时间进度33.33%", self.project.colour_reason)

    def test_it_has_no_due_month_before_the_first_25th(self):
        self.assertEqual(lights.last_due_month(2026, datetime.date(2026, 1, 24)), 0)
        self.assertEqual(lights.last_due_month(2026, datetime.date(2026, 1, 25)), 1)
        self.assertEqual(lights.last_due_month(2025, datetime.date(2026, 1, 2)), 12)
