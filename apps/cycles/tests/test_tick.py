"""`manage.py tick`: plan, open and close cycles, derive status, remind, deliver. Each step on its own,
then the whole run at frozen dates through a monthly schedule (due on the 25th, open 10 days before)."""

import datetime
import io
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from apps.cycles import tick
from apps.cycles.calendar import work_calendar
from apps.cycles.models import Cycle, Lease, Report, Schedule
from apps.dashboard.models import Stat
from apps.notify.models import Channel, Delivery, Notification
from apps.plans.models import Plan, Task
from apps.portal import tick as portal_tick
from apps.supervision.models import Notice
from luoshi.test import BaseTestCase

D = datetime.date
BEIJING = ZoneInfo("Asia/Shanghai")


def at(day: datetime.date, hour=8) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BEIJING)


class TickTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.schedule = Schedule.objects.create(plan=cls.plan, kind="month", due_day=25, open_days=10)
        # progress is on its trajectory and the mid-year milestone is met: only reports turn the light
        cls.milestone.done_on = D(2026, 6, 28)
        cls.milestone.save(update_fields=["done_on"])
        Task.objects.filter(pk=cls.task.pk).update(percent=90)
        Channel.objects.create(unit=cls.fgw, kind=Channel.Kind.EMAIL, address="fgw@dingxi.gov.cn")
        Channel.objects.create(unit=cls.zjj, kind=Channel.Kind.EMAIL, address="zjj@dingxi.gov.cn")

    def run_on(self, day, hour=8):
        with time_machine.travel(at(day, hour), tick=False):
            return portal_tick.run(today=day)

    def november(self):
        return Cycle.objects.get(plan=self.plan, kind="month", period_start=D(2026, 11, 1))

    def counts(self):
        return Notification.objects.count(), Delivery.objects.count()


class PlanCyclesTestCase(TickTestCase):
    def test_it_creates_the_cycle_before_it_opens(self):
        result = self.run_on(D(2026, 11, 5))
        self.assertEqual(result["cycles_created"], 1)
        cycle = self.november()
        self.assertEqual(
            (cycle.label, cycle.period_end, cycle.opens_on, cycle.due_on, cycle.status),
            ("2026年11月", D(2026, 11, 30), D(2026, 11, 15), D(2026, 11, 25), Cycle.Status.SCHEDULED),
        )
        self.assertFalse(Report.objects.exists())

    def test_it_creates_the_next_period_once_it_opens(self):
        Schedule.objects.filter(pk=self.schedule.pk).update(open_days=30)  # January opens 26 Dec

        def labels():
            return list(Cycle.objects.order_by("period_start").values_list("label", flat=True))

        self.run_on(D(2026, 12, 1))
        self.assertEqual(labels(), ["2026年12月"])
        self.run_on(D(2026, 12, 25))
        self.assertEqual(labels(), ["2026年12月"])
        self.run_on(D(2026, 12, 26))
        self.assertEqual(labels(), ["2026年12月", "2027年1月"])
        self.assertEqual(Cycle.objects.get(label="2027年1月").status, Cycle.Status.OPEN)

    def test_it_ignores_disabled_schedules_and_unpublished_plans(self):
        Schedule.objects.filter(pk=self.schedule.pk).update(enabled=False)
        draft = Plan.objects.create(title="草稿计划", year=2026, owner_unit=self.city)
        Schedule.objects.create(plan=draft, kind="month")
        self.run_on(D(2026, 11, 20))
        self.assertFalse(Cycle.objects.exists())

    def test_it_creates_nothing_twice(self):
        self.run_on(D(2026, 11, 20))
        self.assertEqual(self.run_on(D(2026, 11, 21))["cycles_created"], 0)
        self.assertEqual(Cycle.objects.count(), 1)

    def test_it_moves_a_due_date_in_national_day_week_to_october_8(self):
        Schedule.objects.filter(pk=self.schedule.pk).update(due_day=3)
        self.run_on(D(2026, 9, 28))
        october = Cycle.objects.get(period_start=D(2026, 10, 1))
        self.assertEqual((october.due_on, october.opens_on), (D(2026, 10, 8), D(2026, 9, 28)))
        self.assertEqual(october.status, Cycle.Status.OPEN)

        self.run_on(D(2026, 10, 8))
        october.refresh_from_db()
        self.assertEqual(october.status, Cycle.Status.OPEN)
        self.run_on(D(2026, 10, 9))
        october.refresh_from_db()
        self.assertEqual(october.status, Cycle.Status.CLOSED)

    def test_it_survives_a_due_day_of_zero(self):
        Schedule.objects.filter(pk=self.schedule.pk).update(due_day=0)
        self.run_on(D(2026, 11, 20))
        self.assertEqual(self.november().due_on, D(2026, 11, 2))


class OpenAndCloseTestCase(TickTestCase):
    def test_it_opens_the_cycle_on_its_open_date_with_a_report_per_unit(self):
        self.run_on(D(2026, 11, 5))
        result = self.run_on(D(2026, 11, 15))
        self.assertEqual(result["cycles_opened"], 1)
        cycle = self.november()
        self.assertEqual(cycle.status, Cycle.Status.OPEN)
        self.assertEqual(cycle.opened_at, at(D(2026, 11, 15)))
        reports = Report.objects.filter(cycle=cycle).order_by("-is_lead")
        self.assertEqual(
            [(r.task, r.unit, r.is_lead, r.status) for r in reports],
            [(self.task, self.fgw, True, "pending"), (self.task, self.zjj, False, "pending")],
        )

    def test_it_leaves_out_closed_and_archived_tasks(self):
        Task.objects.filter(pk=self.task.pk).update(status="closed")
        self.run_on(D(2026, 11, 15))
        self.assertEqual(self.november().status, Cycle.Status.OPEN)
        self.assertFalse(Report.objects.exists())

    def test_it_keeps_the_cycle_open_on_its_due_date(self):
        self.run_on(D(2026, 11, 15))
        result = self.run_on(D(2026, 11, 25))
        self.assertEqual(result["cycles_closed"], 0)
        self.assertEqual(self.november().status, Cycle.Status.OPEN)

    def test_it_closes_the_cycle_the_day_after_its_due_date(self):
        self.run_on(D(2026, 11, 15))
        result = self.run_on(D(2026, 11, 26))
        self.assertEqual(result["cycles_closed"], 1)
        cycle = self.november()
        self.assertEqual((cycle.status, cycle.closed_at), (Cycle.Status.CLOSED, at(D(2026, 11, 26))))

    def test_it_turns_the_task_red_when_the_lead_units_report_is_missing(self):
        self.run_on(D(2026, 11, 15))
        self.task.refresh_from_db()
        self.assertNotEqual(self.task.rag, "red")

        self.run_on(D(2026, 11, 26))
        self.task.refresh_from_db()
        self.assertEqual(self.task.rag, "red")
        self.assertIn("有 1 期进展报告截止后仍未报送", self.task.status_reasons)

    def test_it_keeps_the_task_green_when_the_lead_unit_reported(self):
        self.run_on(D(2026, 11, 15))
        Report.objects.filter(unit=self.fgw).update(
            status=Report.Status.ACCEPTED, narrative="完成", percent=90
        )
        self.run_on(D(2026, 11, 26))
        self.task.refresh_from_db()
        self.assertEqual((self.task.status, self.task.rag), ("on_track", "green"))


class RemindTestCase(TickTestCase):
    def test_it_does_not_remind_while_the_due_date_is_far(self):
        self.run_on(D(2026, 11, 15))  # 8 working days before 25 Nov
        self.assertEqual(self.counts(), (0, 0))

    def test_it_reminds_each_units_staff_within_warn_workdays_of_the_due_date(self):
        self.run_on(D(2026, 11, 15))
        result = self.run_on(D(2026, 11, 20))  # 3 working days before
        users = sorted(Notification.objects.values_list("user__username", flat=True))
        self.assertEqual(users, ["alice", "approver", "bob"])
        note = Notification.objects.get(user=self.alice)
        self.assertIn("将于 2026-11-25 截止，本单位还有 1 项未报送", note.text)
        self.assertEqual(
            sorted(Delivery.objects.values_list("channel__unit__name", flat=True)), ["市住建局", "市发改委"]
        )
        self.assertEqual(result["messages"], 5)
        self.assertEqual(result["delivered"], 2)
        self.assertEqual(len(mail.outbox), 2)

    def test_it_skips_units_that_have_sent_everything_up(self):
        self.run_on(D(2026, 11, 15))
        Report.objects.filter(unit=self.fgw).update(status=Report.Status.APPROVED)
        self.run_on(D(2026, 11, 20))
        self.assertEqual(list(Notification.objects.values_list("user__username", flat=True)), ["bob"])

    @override_settings(WARN_WORKDAYS=2)
    def test_it_reads_warn_workdays_from_the_settings(self):
        self.run_on(D(2026, 11, 15))
        self.run_on(D(2026, 11, 20))  # 3 working days before: not yet
        self.assertEqual(self.counts(), (0, 0))
        self.run_on(D(2026, 11, 23))  # 2 working days before
        self.assertEqual(self.counts(), (3, 2))

    def test_it_sends_nothing_twice(self):
        self.run_on(D(2026, 11, 15))
        self.run_on(D(2026, 11, 20))
        before = self.counts()
        self.assertEqual(self.run_on(D(2026, 11, 20), hour=9)["messages"], 0)
        self.assertEqual(self.run_on(D(2026, 11, 23))["messages"], 0)
        self.assertEqual(self.counts(), before)
        self.assertEqual(len(mail.outbox), 2)

    def test_it_sends_one_late_notice_per_unit_after_the_cycle_closed(self):
        self.run_on(D(2026, 11, 15))
        self.run_on(D(2026, 11, 26))
        late = Notification.objects.filter(key__startswith="late:")
        self.assertEqual(sorted(late.values_list("user__username", flat=True)), ["alice", "approver", "bob"])
        self.assertIn("本单位有 1 项逾期未报", late.first().text)
        before = self.counts()
        self.run_on(D(2026, 11, 27))
        self.assertEqual(self.counts(), before)

    def test_it_reminds_every_cycle_and_unit_in_the_same_few_queries(self):
        self.run_on(D(2026, 11, 15))  # November opens: a report per unit

        def queries():
            Notification.objects.all().delete()
            Delivery.objects.all().delete()
            with CaptureQueriesContext(connection) as captured:
                tick.remind(D(2026, 11, 20), work_calendar(), 5)
            return len(captured)

        one_cycle = queries()
        for month in (9, 10):  # two earlier cycles still open, due the same day, with a third unit
            cycle = Cycle.objects.create(
                plan=self.plan,
                kind="month",
                label=f"2026年{month}月",
                period_start=D(2026, month, 1),
                period_end=D(2026, month, 28),
                opens_on=D(2026, 11, 1),
                due_on=D(2026, 11, 25),
                status=Cycle.Status.OPEN,
            )
            Report.objects.bulk_create(
                Report(cycle=cycle, task=self.task, unit=unit) for unit in (self.fgw, self.zjj, self.tjj)
            )
        self.assertEqual(queries(), one_cycle)
        self.assertEqual(Notification.objects.filter(user=self.charlie).count(), 2)

    def test_it_tells_the_issuer_when_a_notice_reply_is_late(self):
        Notice.objects.create(
            task=self.task,
            unit=self.fgw,
            level=Notice.Level.URGE,
            reason="进度滞后",
            reply_by=D(2026, 11, 10),
            issued_by=self.coordinator,
        )
        self.run_on(D(2026, 11, 11))
        self.run_on(D(2026, 11, 12))
        note = Notification.objects.get(user=self.coordinator)
        self.assertIn("逾期未回复", note.text)
        self.assertIn("建议升级为“督办”", note.text)

    def test_it_keeps_going_when_a_robot_webhook_fails(self):
        Channel.objects.create(
            unit=self.fgw, kind=Channel.Kind.WECOM, address="https://qyapi.weixin.qq.com/x"
        )
        self.run_on(D(2026, 11, 15))
        with mock.patch(
            "apps.notify.transports.webhook.post_json", side_effect=OSError("connection refused")
        ):
            result = self.run_on(D(2026, 11, 20))
        self.assertEqual((result["delivered"], result["delivery_failures"]), (2, 1))
        failed = Delivery.objects.get(channel__kind=Channel.Kind.WECOM)
        self.assertEqual((failed.status, failed.attempts), (Delivery.Status.PENDING, 1))
        self.assertIn("connection refused", failed.last_error)


class LeaseTestCase(TickTestCase):
    NOW = datetime.datetime(2026, 11, 20, 0, 0, tzinfo=datetime.UTC)

    def test_it_lets_only_one_of_two_simultaneous_ticks_take_the_lease(self):
        self.assertTrue(tick.acquire(now=self.NOW, me="server-a"))
        self.assertFalse(tick.acquire(now=self.NOW, me="server-b"))
        self.assertEqual(Lease.objects.get(name="tick").holder, "server-a")

    def test_it_lets_another_server_take_an_expired_lease(self):
        tick.acquire(now=self.NOW, me="server-a")
        self.assertFalse(tick.acquire(now=self.NOW + datetime.timedelta(minutes=9), me="server-b"))
        self.assertTrue(tick.acquire(now=self.NOW + datetime.timedelta(minutes=11), me="server-b"))
        self.assertEqual(Lease.objects.get(name="tick").holder, "server-b")

    def test_it_releases_only_its_own_lease(self):
        with time_machine.travel(self.NOW, tick=False):
            tick.acquire(me="server-a")
            tick.release(me="server-b")
            self.assertFalse(tick.acquire(me="server-b"))
            tick.release(me="server-a")
            self.assertTrue(tick.acquire(me="server-b"))

    def test_it_skips_the_run_while_another_server_holds_the_lease(self):
        with time_machine.travel(at(D(2026, 11, 20)), tick=False):
            tick.acquire(me="server-a")
            result = portal_tick.run(today=D(2026, 11, 20))
        self.assertEqual(result, {"skipped": "another tick holds the lease"})
        self.assertFalse(Cycle.objects.exists())

    def test_it_releases_the_lease_after_a_run(self):
        self.run_on(D(2026, 11, 20))
        with time_machine.travel(at(D(2026, 11, 20)), tick=False):
            self.assertTrue(tick.acquire(me="server-b"))


class TickCommandTestCase(TickTestCase):
    def test_it_prints_its_counts(self):
        out = io.StringIO()
        with time_machine.travel(at(D(2026, 11, 20)), tick=False):
            call_command("tick", "--today", "2026-11-20", stdout=out)
        self.assertEqual(
            out.getvalue().strip(),
            "cycles_created=1 cycles_opened=1 cycles_closed=0 tasks_changed=1 rectifications_closed=0 tasks_closed_out=0 "
            "scores_queued=0 "
            "projects_relit=0 "  # 重点项目 relit once a day (none in this fixture)
            "stats_queued=1 "  # the dashboard's rebuild, a job (run at once in the tests)
            "messages=5 "
            "delivered=2 "
            "delivery_failures=0",
        )

    def test_it_queues_the_dashboards_rebuild_which_the_worker_runs(self):
        self.run_on(D(2026, 11, 20))  # the tests' task backend runs a queued job at once
        # the dashboard's rows (issue 11): counted by 主责单位, with each unit's all-plans 报送率 and each
        # unit's per-cycle reports and per-plan 督办 of the units below it
        self.assertEqual(Stat.objects.count(), 37)

    def test_it_runs_as_of_today_without_the_option(self):
        out = io.StringIO()
        with time_machine.travel(at(D(2026, 11, 5)), tick=False):
            call_command("tick", stdout=out)
        self.assertIn("cycles_created=1 cycles_opened=0", out.getvalue())
        self.assertEqual(self.november().status, Cycle.Status.SCHEDULED)
