"""Archiving a task ends what waits on it: its open reports leave the units' 我的待办 (已撤销) and its
open 督办单 are closed; restoring it gives the reports back to fill in."""

import datetime
from zoneinfo import ZoneInfo

import time_machine

from apps.audit.models import AuditEvent
from apps.cycles import actions as cycle_actions
from apps.cycles.models import Cycle, Report
from apps.supervision import actions as supervision_actions
from apps.supervision.models import Notice
from luoshi.test import BaseTestCase

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@time_machine.travel(NOW, tick=False)
class TaskArchiveTestCase(BaseTestCase):
    def setUp(self):
        self.cycle = Cycle.objects.create(
            plan=self.plan,
            kind="month",
            label="2026年11月",
            period_start=datetime.date(2026, 11, 1),
            period_end=datetime.date(2026, 11, 30),
            opens_on=datetime.date(2026, 11, 20),
            due_on=datetime.date(2026, 11, 25),
        )
        cycle_actions.open_cycle(self.cycle)
        self.report = Report.objects.get(cycle=self.cycle, unit=self.fgw)
        self.notice = supervision_actions.issue_notice(
            task=self.task,
            unit=self.fgw,
            level=Notice.Level.URGE,
            reason="10月进展报告逾期未报",
            reply_by=datetime.date(2026, 11, 30),
            actor=self.coordinator,
        )

    def archive(self):
        self.login(self.coordinator)
        return self.client.post(f"/tasks/{self.task.pk}/archive/")

    def test_it_takes_the_archived_tasks_report_off_the_reporters_todo(self):
        self.archive()
        self.login(self.alice)
        response = self.client.get("/todo/")
        self.assertNotIn(self.report, list(response.context["to_fill"]))

    def test_it_cancels_the_open_reports_and_keeps_what_was_typed(self):
        self.report = cycle_actions.save_report(
            self.report, {"narrative": "已完成选址"}, {}, version=self.report.version, actor=self.alice
        )
        self.archive()
        self.report.refresh_from_db()
        self.assertEqual((self.report.status, self.report.narrative), (Report.Status.CANCELLED, "已完成选址"))

    def test_it_leaves_submitted_reports_as_they_are(self):
        Report.objects.filter(pk=self.report.pk).update(status=Report.Status.SUBMITTED)
        self.archive()
        self.assertEqual(Report.objects.get(pk=self.report.pk).status, Report.Status.SUBMITTED)

    def test_it_closes_the_tasks_open_notices(self):
        self.archive()
        self.notice.refresh_from_db()
        self.assertIsNotNone(self.notice.closed_at)
        self.login(self.alice)
        self.assertNotIn(self.notice, list(self.client.get("/todo/").context["notices"]))

    def test_it_audits_each_cancellation_with_the_coordinator(self):
        self.archive()
        event = AuditEvent.objects.filter(object_type="report", object_id=self.report.pk).latest("id")
        self.assertEqual((event.actor, event.changes["status"]), (self.coordinator, ["pending", "cancelled"]))

    def test_it_gives_the_reports_back_when_the_task_is_restored(self):
        self.archive()
        self.client.post(f"/tasks/{self.task.pk}/restore/")
        self.assertEqual(Report.objects.get(pk=self.report.pk).status, Report.Status.PENDING)

    def test_it_refuses_the_archive_to_a_reporter(self):
        self.login(self.alice)
        self.assertEqual(self.client.post(f"/tasks/{self.task.pk}/archive/").status_code, 403)
        self.assertEqual(Report.objects.get(pk=self.report.pk).status, Report.Status.PENDING)
