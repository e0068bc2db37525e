"""The tick's status refresh: every task on the first tick of a day, later that day only the tasks whose
inputs changed (seen in the audit log)."""

import datetime

import time_machine

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.cycles.actions import add_holiday
from apps.cycles.models import Holiday
from apps.plans.models import Task

from .test_tick import D, TickTestCase, at

DAY = D(2026, 11, 20)


class SameDayRefreshTestCase(TickTestCase):
    def setUp(self):
        self.run_on(DAY, hour=7)  # opens November's cycle (an audited change of the plan's tasks)
        self.run_on(DAY, hour=8)  # the later ticks below see only what changed after this one
        self.derived = Task.objects.values_list("status", "rag").get(pk=self.task.pk)

    def spoil(self):
        """A stored status no rule gives (written behind the actions' back: nothing audited)."""
        Task.objects.filter(pk=self.task.pk).update(status="done", rag="red")

    def stored(self):
        return Task.objects.values_list("status", "rag").get(pk=self.task.pk)

    def test_it_leaves_a_task_alone_later_the_same_day_when_nothing_of_it_changed(self):
        self.spoil()
        self.assertEqual(self.run_on(DAY, hour=9)["tasks_changed"], 0)
        self.assertEqual(self.stored(), ("done", "red"))

    def test_it_rederives_every_task_on_the_first_tick_of_the_next_day(self):
        self.spoil()
        self.run_on(DAY + datetime.timedelta(days=1))
        self.assertNotEqual(self.stored(), ("done", "red"))

    def test_it_rederives_a_task_whose_milestone_changed_the_same_day(self):
        self.spoil()
        with time_machine.travel(at(DAY, 8) + datetime.timedelta(minutes=30), tick=False):
            audit.update(self.milestone, {"deliverable": "方案印发"}, actor=self.coordinator)
        self.run_on(DAY, hour=9)
        self.assertEqual(self.stored(), self.derived)

    def test_it_counts_a_persons_write_still_in_flight_when_the_last_refresh_read_the_rows(self):
        self.spoil()
        with time_machine.travel(at(DAY, 8) - datetime.timedelta(seconds=30), tick=False):
            audit.update(self.milestone, {"deliverable": "方案印发"}, actor=self.coordinator)
        self.run_on(DAY, hour=9)
        self.assertEqual(self.stored(), self.derived)

    def test_it_rederives_a_task_whose_report_moved_on_the_same_day(self):
        report = self.task.reports.first()
        self.spoil()
        with time_machine.travel(at(DAY, 8) + datetime.timedelta(minutes=30), tick=False):
            audit.record(self.alice, AuditEvent.Action.UPDATE, report, {"status": ["draft", "submitted"]})
        self.run_on(DAY, hour=9)
        self.assertEqual(self.stored(), self.derived)

    def test_it_rederives_every_task_once_a_holiday_changed(self):
        self.spoil()
        with time_machine.travel(at(DAY, 8) + datetime.timedelta(minutes=30), tick=False):
            add_holiday(Holiday(day=D(2026, 12, 31), is_workday=False, name="调休"), actor=self.admin)
        self.run_on(DAY, hour=9)
        self.assertEqual(self.stored(), self.derived)
