"""refresh_tasks: a task's status and 红黄绿灯 are derived from its dates, progress and reports."""

import datetime

import time_machine
from django.test import override_settings

from apps.audit import actions as audit
from apps.cycles.models import Cycle, Report
from apps.cycles.status import refresh_tasks
from apps.plans.models import Plan, Task
from apps.supervision import actions as supervision_actions
from apps.supervision.models import CloseOut
from luoshi.test import BaseTestCase

D = datetime.date


class StatusTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # the mid-year milestone is met, so only the rule under test can turn the light
        cls.milestone.done_on = D(2026, 6, 28)
        cls.milestone.save(update_fields=["done_on"])
        # published before its year began, so the task's own start date is where its trajectory starts
        cls.published(D(2025, 12, 20))

    @classmethod
    def published(cls, day):
        at = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
        Plan.objects.filter(pk=cls.plan.pk).update(created_at=at)

    def refresh(self, today, percent=None, **task_fields):
        Task.objects.filter(pk=self.task.pk).update(percent=percent, **task_fields)
        changed = refresh_tasks(Task.objects.filter(pk=self.task.pk), today=today)
        self.task.refresh_from_db()
        return changed


class RefreshTasksTestCase(StatusTestCase):
    def test_it_leaves_a_task_not_started_before_its_start_date(self):
        self.refresh(D(2025, 12, 15), start_date=D(2026, 1, 1))
        self.assertEqual((self.task.status, self.task.rag), ("not_started", "green"))

    def test_it_keeps_a_task_on_its_trajectory_green(self):
        self.refresh(D(2026, 7, 1), percent=50)
        self.assertEqual(
            (self.task.status, self.task.rag, self.task.status_reasons), ("on_track", "green", [])
        )

    def test_it_marks_a_task_past_its_due_date_overdue_and_red(self):
        self.refresh(D(2027, 1, 4), percent=90)
        self.assertEqual((self.task.status, self.task.rag), ("overdue", "red"))
        self.assertIn("已超过完成时限 2026-12-31", self.task.status_reasons)

    def test_it_moves_a_due_date_in_national_day_week_to_the_next_working_day(self):
        due = D(2026, 10, 1)
        self.refresh(D(2026, 10, 8), percent=99, due_date=due)
        self.assertNotEqual(self.task.status, "overdue")
        self.refresh(D(2026, 10, 9), percent=99, due_date=due)
        self.assertEqual((self.task.status, self.task.rag), ("overdue", "red"))

    def test_it_turns_red_when_trailing_the_trajectory_by_more_than_lag_red(self):
        # on 1 July about half of the year has gone; 25% trails it by about 25 points
        self.refresh(D(2026, 7, 1), percent=25)
        self.assertEqual((self.task.status, self.task.rag), ("lagging", "red"))
        self.assertTrue(any("落后时间进度" in r for r in self.task.status_reasons))

    @override_settings(LAG_RED=30)
    def test_it_reads_lag_red_from_the_settings(self):
        self.refresh(D(2026, 7, 1), percent=25)
        self.assertEqual((self.task.status, self.task.rag), ("lagging", "yellow"))

    @override_settings(LAG_YELLOW=30, LAG_RED=40)
    def test_it_keeps_a_small_lag_on_track(self):
        self.refresh(D(2026, 7, 1), percent=25)
        self.assertEqual((self.task.status, self.task.rag), ("on_track", "green"))

    def test_it_turns_yellow_within_warn_workdays_of_the_due_date(self):
        # 28 Dec → 31 Dec is three working days
        self.refresh(D(2026, 12, 28), percent=95)
        self.assertEqual((self.task.status, self.task.rag), ("on_track", "yellow"))
        self.assertIn("距完成时限 2026-12-31 不足 5 个工作日", self.task.status_reasons)

    @override_settings(WARN_WORKDAYS=2)
    def test_it_reads_warn_workdays_from_the_settings(self):
        self.refresh(D(2026, 12, 28), percent=95)
        self.assertEqual(self.task.rag, "green")

    def test_it_marks_an_overdue_milestone_red(self):
        self.milestone.done_on = None
        self.milestone.save(update_fields=["done_on"])
        self.refresh(D(2026, 7, 1), percent=50)
        self.assertEqual((self.task.status, self.task.rag), ("lagging", "red"))
        self.assertIn("节点 2026-06-30 已逾期", self.task.status_reasons)

    def test_it_marks_a_task_done_at_100_percent(self):
        self.refresh(D(2027, 3, 1), percent=100)
        self.assertEqual((self.task.status, self.task.rag, self.task.status_reasons), ("done", "green", []))

    @override_settings(PUBLICITY_WORKDAYS=0)  # 销号 at 审核, without 公示
    def test_it_marks_a_task_closed_out_once_the_closeout_is_approved(self):
        closeout = CloseOut.objects.create(
            task=self.task,
            unit=self.fgw,
            note="已完成",
            applied_by=self.alice,
            status=CloseOut.Status.VERIFIED,
        )
        self.refresh(D(2027, 1, 4), percent=90)
        self.assertEqual(self.task.status, "overdue")  # an application alone changes nothing

        supervision_actions.decide_closeout(closeout, approve=True, comment="", actor=self.coordinator)
        self.task.refresh_from_db()
        self.assertEqual((self.task.status, self.task.rag), ("closed", "green"))

    def test_it_ignores_a_rejected_closeout(self):
        closeout = CloseOut.objects.create(
            task=self.task,
            unit=self.fgw,
            note="已完成",
            applied_by=self.alice,
            status=CloseOut.Status.VERIFIED,
        )
        supervision_actions.decide_closeout(
            closeout, approve=False, comment="佐证不足", actor=self.coordinator
        )
        self.refresh(D(2027, 1, 4), percent=90)
        self.assertEqual(self.task.status, "overdue")

    def test_it_turns_red_when_a_closed_cycle_lacks_the_lead_units_report(self):
        cycle = Cycle.objects.create(
            plan=self.plan,
            kind="month",
            label="2026年6月",
            period_start=D(2026, 6, 1),
            period_end=D(2026, 6, 30),
            opens_on=D(2026, 6, 15),
            due_on=D(2026, 6, 25),
            status=Cycle.Status.CLOSED,
        )
        Report.objects.create(cycle=cycle, task=self.task, unit=self.fgw, is_lead=True)
        Report.objects.create(
            cycle=cycle, task=self.task, unit=self.zjj, is_lead=False, status=Report.Status.ACCEPTED
        )
        self.refresh(D(2026, 7, 1), percent=50)
        self.assertEqual(self.task.rag, "red")
        self.assertIn("有 1 期进展报告截止后仍未报送", self.task.status_reasons)

    def test_it_writes_only_the_tasks_that_changed(self):
        self.assertEqual(self.refresh(D(2026, 7, 1), percent=25), 1)
        self.assertEqual(refresh_tasks(Task.objects.filter(pk=self.task.pk), today=D(2026, 7, 1)), 0)

    def test_it_records_when_the_light_turned_red(self):
        with time_machine.travel(datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC), tick=False):
            self.refresh(D(2026, 7, 1), percent=25)
        self.assertEqual(self.task.rag, "red")
        self.assertEqual(self.task.rag_since, datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC))

    def test_it_keeps_the_red_since_day_while_the_reasons_change_but_the_colour_does_not(self):
        with time_machine.travel(datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC), tick=False):
            self.refresh(D(2026, 7, 1), percent=25)
        with time_machine.travel(datetime.datetime(2026, 8, 3, 9, tzinfo=datetime.UTC), tick=False):
            self.refresh(D(2026, 8, 3), percent=20)
        self.assertEqual(self.task.rag, "red")
        self.assertEqual(self.task.rag_since, datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC))

    def test_it_skips_archived_tasks(self):
        Task.objects.filter(pk=self.task.pk).update(
            archived_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
        )
        self.assertEqual(refresh_tasks(Task.objects.all(), today=D(2027, 1, 4)), 0)
        self.task.refresh_from_db()
        self.assertEqual(self.task.status, "not_started")


class LatePublicationTestCase(StatusTestCase):
    """A plan published in December: its tasks start on 1 January on paper, but nobody could work on
    them before the plan existed."""

    def test_it_does_not_put_a_plan_published_today_behind(self):
        self.published(D(2026, 12, 2))
        self.refresh(D(2026, 12, 2))
        self.assertEqual(
            (self.task.status, self.task.rag, self.task.status_reasons), ("not_started", "green", [])
        )

    def test_it_counts_the_audited_publication_of_a_plan_drafted_earlier(self):
        Plan.objects.filter(pk=self.plan.pk).update(status=Plan.Status.DRAFT)
        plan = Plan.objects.get(pk=self.plan.pk)
        with time_machine.travel(datetime.datetime(2026, 9, 1, 9, tzinfo=datetime.UTC), tick=False):
            audit.update(plan, {"status": Plan.Status.PUBLISHED}, actor=self.coordinator)
        # 1 Sept → 31 Dec: on 1 Nov half of the time has gone; 45% is on track, not 38 points behind
        self.refresh(D(2026, 11, 1), percent=45)
        self.assertEqual((self.task.status, self.task.rag), ("on_track", "green"))

    def test_it_measures_lag_from_the_publication(self):
        self.published(D(2026, 9, 1))
        self.refresh(D(2026, 12, 1), percent=10)
        self.assertEqual((self.task.status, self.task.rag), ("lagging", "red"))
        self.assertIn("进度 10% 落后时间进度 65 个百分点", self.task.status_reasons)
