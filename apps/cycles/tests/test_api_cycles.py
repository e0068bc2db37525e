"""Cycles, reports and 督办 notices over the JSON API, called the way machine clients call it: with a
bearer token of the user."""

import datetime
import json

import time_machine
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.cycles import actions
from apps.cycles.models import Cycle, Report, ReportVersion, TargetActual
from apps.notify.models import Notification
from apps.orgs.models import ApiToken
from apps.supervision import actions as supervision_actions
from apps.supervision.models import Notice
from luoshi.test import BaseTestCase

NOW = datetime.datetime(2026, 11, 20, 2, 0, tzinfo=datetime.UTC)


def in_a_week():
    return timezone.localdate() + datetime.timedelta(days=7)


class ApiTestCase(BaseTestCase):
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
        cls.tokens = {}

    def call(self, method, url, user=None, data=None):
        headers = {}
        if user is not None:
            if user.pk not in self.tokens:
                self.tokens[user.pk] = ApiToken.issue(user, "测试")[1]
            headers["Authorization"] = f"Bearer {self.tokens[user.pk]}"
        return self.client.generic(
            method,
            url,
            data="" if data is None else json.dumps(data),
            content_type="application/json",
            headers=headers,
        )

    def setUp(self):
        self.tokens = {}

    def report_url(self, action=""):
        return f"/api/reports/{self.report.pk}{'/' + action if action else ''}"

    def filled(self, status=Report.Status.DRAFT):
        Report.objects.filter(pk=self.report.pk).update(status=status, narrative="已建成18万亩", percent=90)
        self.report.refresh_from_db()


class CycleApiTestCase(ApiTestCase):
    def test_it_lists_the_cycles_of_visible_plans(self):
        body = self.call("GET", "/api/cycles", self.alice).json()
        self.assertEqual(body["count"], 1)
        self.assertEqual(
            body["items"][0],
            {
                "id": self.cycle.pk,
                "plan_id": self.plan.pk,
                "kind": "month",
                "label": "2026年11月",
                "period_start": "2026-11-01",
                "period_end": "2026-11-30",
                "opens_on": "2026-11-15",
                "due_on": "2026-11-25",
                "status": "open",
            },
        )

    def test_it_filters_cycles_by_status(self):
        self.assertEqual(self.call("GET", "/api/cycles?status=closed", self.coordinator).json()["count"], 0)
        self.assertEqual(
            self.call("GET", f"/api/cycles?plan={self.plan.pk}", self.coordinator).json()["count"], 1
        )

    def test_it_hides_the_cycle_from_outsiders(self):
        self.assertEqual(self.call("GET", "/api/cycles", self.charlie).json()["count"], 0)
        self.assertEqual(self.call("GET", f"/api/cycles/{self.cycle.pk}", self.charlie).status_code, 404)
        self.assertEqual(
            self.call("GET", f"/api/cycles/{self.cycle.pk}", self.county_leader).status_code, 404
        )

    def test_it_requires_authentication(self):
        self.assertEqual(self.call("GET", "/api/cycles").status_code, 401)


class ReportListApiTestCase(ApiTestCase):
    def ids(self, user, query=""):
        return [r["id"] for r in self.call("GET", f"/api/reports{query}", user).json()["items"]]

    def test_it_shows_unit_staff_only_their_units_reports(self):
        self.assertEqual(self.ids(self.alice), [self.report.pk])
        self.assertEqual(self.ids(self.approver), [self.report.pk])
        self.assertEqual(self.ids(self.bob), [self.co_report.pk])
        self.assertEqual(self.ids(self.charlie), [])

    def test_it_shows_oversight_every_report_of_their_tasks(self):
        for user in (self.coordinator, self.leader, self.inspector, self.admin):
            with self.subTest(user=user.username):
                self.assertEqual(sorted(self.ids(user)), sorted([self.report.pk, self.co_report.pk]))
        self.assertEqual(self.ids(self.county_leader), [])

    def test_it_filters_by_cycle_task_and_status(self):
        Report.objects.filter(pk=self.co_report.pk).update(status=Report.Status.SUBMITTED)
        self.assertEqual(self.ids(self.coordinator, "?status=submitted"), [self.co_report.pk])
        self.assertEqual(len(self.ids(self.coordinator, f"?cycle={self.cycle.pk}&task={self.task.pk}")), 2)
        self.assertEqual(self.ids(self.coordinator, f"?cycle={self.cycle.pk + 1}"), [])

    def test_it_returns_the_report_with_its_actuals(self):
        TargetActual.objects.create(report=self.report, target=self.target, value=12)
        body = self.call("GET", self.report_url(), self.alice).json()
        self.assertEqual(body["status"], "pending")
        self.assertEqual(body["version"], 1)
        self.assertEqual(body["actuals"], [{"target_id": self.target.pk, "value": "12.0000"}])

    def test_it_hides_the_lead_units_report_from_the_co_unit(self):
        self.assertEqual(self.call("GET", self.report_url(), self.bob).status_code, 404)
        self.assertEqual(self.call("GET", self.report_url(), self.charlie).status_code, 404)
        self.assertEqual(self.call("GET", f"/api/reports/{self.co_report.pk}", self.alice).status_code, 404)


class ReportPatchApiTestCase(ApiTestCase):
    def test_it_saves_the_draft_with_the_version_read(self):
        response = self.call(
            "PATCH",
            self.report_url(),
            self.alice,
            {
                "version": 1,
                "narrative": "已建成18万亩",
                "percent": 90,
                "actuals": {str(self.target.pk): "18"},
            },
        )
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(
            (body["status"], body["version"], body["narrative"], body["percent"]),
            ("draft", 2, "已建成18万亩", 90),
        )
        self.assertEqual(TargetActual.objects.get(report=self.report).value, 18)

    def test_it_changes_only_the_fields_sent(self):
        Report.objects.filter(pk=self.report.pk).update(problems="资金缺口")
        self.call("PATCH", self.report_url(), self.alice, {"version": 1, "percent": 50})
        self.report.refresh_from_db()
        self.assertEqual((self.report.percent, self.report.problems), (50, "资金缺口"))

    def test_it_refuses_a_stale_version_with_409_and_saves_nothing(self):
        self.call("PATCH", self.report_url(), self.approver, {"version": 1, "narrative": "审核人先改"})
        response = self.call(
            "PATCH", self.report_url(), self.alice, {"version": 1, "narrative": "alice 后改"}
        )
        self.assertEqual(response.status_code, 409)
        self.assertIn("您的修改没有保存", response.json()["detail"])
        self.report.refresh_from_db()
        self.assertEqual((self.report.narrative, self.report.version), ("审核人先改", 2))

    def test_it_clears_a_text_sent_as_null(self):
        Report.objects.filter(pk=self.report.pk).update(problems="资金缺口")
        response = self.call(
            "PATCH", self.report_url(), self.alice, {"version": 1, "problems": None, "narrative": None}
        )
        self.assertEqual(response.status_code, 200)
        self.report.refresh_from_db()
        self.assertEqual((self.report.problems, self.report.narrative), ("", ""))

    def test_it_clears_the_percent_sent_as_null(self):
        Report.objects.filter(pk=self.report.pk).update(percent=50)
        self.call("PATCH", self.report_url(), self.alice, {"version": 1, "percent": None})
        self.assertIsNone(Report.objects.get(pk=self.report.pk).percent)

    def test_it_refuses_a_percent_over_100(self):
        response = self.call("PATCH", self.report_url(), self.alice, {"version": 1, "percent": 120})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"percent": ["完成进度应在 0 到 100 之间"]})

    def test_it_refuses_to_change_a_submitted_report(self):
        self.filled(Report.Status.SUBMITTED)
        response = self.call("PATCH", self.report_url(), self.alice, {"version": 1, "narrative": "再改"})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(Report.objects.get(pk=self.report.pk).narrative, "已建成18万亩")

    def test_it_lets_neither_other_units_nor_oversight_write(self):
        for user, status in (
            (self.bob, 404),
            (self.charlie, 404),
            (self.coordinator, 403),
            (self.leader, 403),
        ):
            with self.subTest(user=user.username):
                response = self.call("PATCH", self.report_url(), user, {"version": 1, "narrative": "越权"})
                self.assertEqual(response.status_code, status)
        self.assertEqual(Report.objects.get(pk=self.report.pk).version, 1)


class ReportWorkflowApiTestCase(ApiTestCase):
    def test_it_submits_with_the_version(self):
        self.filled()
        response = self.call("POST", self.report_url("submit"), self.alice, {"version": 1})
        self.assertEqual(response.json()["status"], "submitted")
        self.assertTrue(Notification.objects.filter(user=self.approver).exists())

    def test_it_refuses_to_submit_without_narrative_and_percent(self):
        response = self.call("POST", self.report_url("submit"), self.alice, {"version": 1})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"__all__": ["请填写进展情况和完成进度后再提交"]})

    def test_it_refuses_a_stale_submit(self):
        self.filled()
        response = self.call("POST", self.report_url("submit"), self.alice, {"version": 0})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(Report.objects.get(pk=self.report.pk).status, Report.Status.DRAFT)

    def test_it_lets_the_unit_approver_approve(self):
        self.filled(Report.Status.SUBMITTED)
        self.assertEqual(self.call("POST", self.report_url("approve"), self.alice).status_code, 403)
        response = self.call("POST", self.report_url("approve"), self.approver)
        self.assertEqual(response.json()["status"], "approved")
        version = ReportVersion.objects.get(report=self.report)
        self.assertEqual((version.status, version.by), ("approved", self.approver))

    def test_it_refuses_to_approve_twice(self):
        self.filled(Report.Status.APPROVED)
        response = self.call("POST", self.report_url("approve"), self.approver)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"__all__": ["只有待单位审核的报告可以审核上报"]})

    @time_machine.travel(NOW, tick=False)
    def test_it_lets_the_coordinator_accept_and_updates_the_task(self):
        self.filled(Report.Status.APPROVED)
        for user in (self.leader, self.inspector, self.admin, self.approver):
            with self.subTest(user=user.username):
                self.assertEqual(self.call("POST", self.report_url("accept"), user).status_code, 403)
        response = self.call("POST", self.report_url("accept"), self.coordinator)
        self.assertEqual(response.json()["status"], "accepted")
        self.task.refresh_from_db()
        self.assertEqual((self.task.percent, self.task.status), (90, "on_track"))
        event = AuditEvent.objects.filter(object_type="report", object_id=self.report.pk).first()
        self.assertEqual((event.actor, event.changes["status"]), (self.coordinator, ["approved", "accepted"]))

    def test_it_lets_the_approver_return_a_submitted_report(self):
        self.filled(Report.Status.SUBMITTED)
        response = self.call("POST", self.report_url("return"), self.approver, {"comment": "请补充资金情况"})
        self.assertEqual(
            (response.json()["status"], response.json()["comment"]), ("returned", "请补充资金情况")
        )
        self.assertTrue(
            Notification.objects.filter(user=self.alice, text__contains="请补充资金情况").exists()
        )

    def test_it_lets_the_coordinator_return_an_approved_report(self):
        self.filled(Report.Status.APPROVED)
        self.assertEqual(
            self.call("POST", self.report_url("return"), self.approver, {"comment": "x"}).status_code, 403
        )
        response = self.call("POST", self.report_url("return"), self.coordinator, {"comment": "口径不一致"})
        self.assertEqual(response.json()["status"], "returned")

    def test_it_requires_a_comment_to_return(self):
        self.filled(Report.Status.SUBMITTED)
        response = self.call("POST", self.report_url("return"), self.approver, {"comment": "  "})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"comment": ["请填写退回理由"]})
        self.assertEqual(Report.objects.get(pk=self.report.pk).status, Report.Status.SUBMITTED)

    def test_it_runs_the_whole_workflow_through_the_api(self):
        version = self.call(
            "PATCH", self.report_url(), self.alice, {"version": 1, "narrative": "已建成", "percent": 80}
        ).json()["version"]
        self.call("POST", self.report_url("submit"), self.alice, {"version": version})
        self.call("POST", self.report_url("return"), self.approver, {"comment": "请补充"})
        version = self.call("GET", self.report_url(), self.alice).json()["version"]
        version = self.call(
            "PATCH", self.report_url(), self.alice, {"version": version, "narrative": "已建成，资金到位"}
        ).json()["version"]
        self.call("POST", self.report_url("submit"), self.alice, {"version": version})
        self.call("POST", self.report_url("approve"), self.approver)
        body = self.call("POST", self.report_url("accept"), self.coordinator).json()
        self.assertEqual((body["status"], body["narrative"]), ("accepted", "已建成，资金到位"))
        steps = (
            ReportVersion.objects.filter(report=self.report)
            .exclude(status="draft")  # the autosaves between the steps
            .order_by("at", "id")
            .values_list("status", "by__username")
        )
        self.assertEqual(
            list(steps),
            [
                ("submitted", "alice"),
                ("returned", "approver"),
                ("submitted", "alice"),
                ("approved", "approver"),
                ("accepted", "coordinator"),
            ],
        )


class NoticeApiTestCase(ApiTestCase):
    def notice_data(self, **extra):
        data = {
            "task_id": self.task.pk,
            "unit_id": self.fgw.pk,
            "level": 2,
            "reason": "进度滞后",
            "reply_by": str(in_a_week()),
        }
        data.update(extra)
        return data

    def issue(self, unit=None):
        return supervision_actions.issue_notice(
            task=self.task,
            unit=unit or self.fgw,
            level=Notice.Level.URGE,
            reason="进度滞后",
            reply_by=in_a_week(),
            actor=self.coordinator,
        )

    def test_it_lets_the_coordinator_issue_a_notice(self):
        response = self.call("POST", "/api/notices", self.coordinator, self.notice_data())
        self.assertEqual(response.status_code, 201)
        notice = Notice.objects.get()
        self.assertEqual((notice.unit, notice.level, notice.issued_by), (self.fgw, 2, self.coordinator))
        self.assertEqual(
            sorted(Notification.objects.values_list("user__username", flat=True)), ["alice", "approver"]
        )

    def test_it_refuses_a_reply_by_date_in_the_past(self):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        response = self.call(
            "POST", "/api/notices", self.coordinator, self.notice_data(reply_by=str(yesterday))
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"reply_by": ["回复期限不能早于今天"]})
        self.assertFalse(Notice.objects.exists())

    def test_it_issues_only_to_one_of_the_tasks_units(self):
        response = self.call("POST", "/api/notices", self.coordinator, self.notice_data(unit_id=self.tjj.pk))
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Notice.objects.exists())

    def test_it_lets_no_one_else_issue(self):  # the coordinator and the jurisdiction's 督查员 may
        for user, status in (
            (self.alice, 403),
            (self.leader, 403),
            (self.charlie, 404),
            (self.county_coordinator, 404),
        ):
            with self.subTest(user=user.username):
                self.assertEqual(
                    self.call("POST", "/api/notices", user, self.notice_data()).status_code, status
                )
        self.assertFalse(Notice.objects.exists())

    def test_it_shows_a_notice_to_the_notified_unit_only(self):
        notice = self.issue()
        self.assertEqual(
            [n["id"] for n in self.call("GET", "/api/notices", self.alice).json()["items"]], [notice.pk]
        )
        self.assertEqual(self.call("GET", "/api/notices", self.bob).json()["count"], 0)
        self.assertEqual(self.call("GET", f"/api/notices/{notice.pk}", self.bob).status_code, 404)
        self.assertEqual(self.call("GET", f"/api/notices/{notice.pk}", self.leader).status_code, 200)

    def test_it_lets_the_notified_unit_reply(self):
        notice = self.issue()
        response = self.call("POST", f"/api/notices/{notice.pk}/reply", self.alice, {"reply": "已加快进度"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["reply"], "已加快进度")
        notice.refresh_from_db()
        self.assertEqual(notice.replied_by, self.alice)

    def test_it_refuses_replies_from_anyone_else(self):
        notice = self.issue()
        for user, status in (
            (self.bob, 404),
            (self.charlie, 404),
            (self.coordinator, 403),
            (self.leader, 403),
        ):
            with self.subTest(user=user.username):
                response = self.call("POST", f"/api/notices/{notice.pk}/reply", user, {"reply": "越权回复"})
                self.assertEqual(response.status_code, status)
        self.assertEqual(Notice.objects.get().reply, "")

    def test_it_accepts_one_reply_only(self):
        notice = self.issue()
        self.call("POST", f"/api/notices/{notice.pk}/reply", self.alice, {"reply": "已加快进度"})
        response = self.call("POST", f"/api/notices/{notice.pk}/reply", self.approver, {"reply": "再回复"})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(Notice.objects.get().reply, "已加快进度")

    def test_it_lets_the_coordinator_close_a_notice(self):
        notice = self.issue()
        self.assertEqual(self.call("POST", f"/api/notices/{notice.pk}/close", self.alice).status_code, 403)
        self.assertEqual(self.call("POST", f"/api/notices/{notice.pk}/close", self.leader).status_code, 403)
        response = self.call("POST", f"/api/notices/{notice.pk}/close", self.coordinator)
        self.assertIsNotNone(response.json()["closed_at"])
        self.assertEqual(self.call("GET", "/api/notices?open=true", self.coordinator).json()["count"], 0)
