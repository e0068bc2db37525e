"""现在开始本期填报: the coordinator opens the current reporting period from the plan's cycles page, without
waiting for `tick` to reach the opening day."""

import datetime

import time_machine

from apps.audit.models import AuditEvent
from apps.cycles.models import Cycle, Report, Schedule
from apps.plans.models import Plan
from luoshi.test import BaseTestCase

TODAY = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)  # December's cycle would open on the 15th


@time_machine.travel(TODAY, tick=False)
class CycleStartTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.month = Schedule.objects.create(plan=cls.plan, kind="month", due_day=25, open_days=10)

    def page(self):
        return f"/plans/{self.plan.pk}/cycles/"

    def url(self):
        return f"/plans/{self.plan.pk}/cycles/start/"

    def start(self, user=None, kind="month", **kwargs):
        self.login(user or self.coordinator)
        return self.client.post(self.url(), {"kind": kind}, **kwargs)

    def test_it_offers_the_button_to_the_coordinator(self):
        self.login(self.coordinator)
        response = self.client.get(self.page())
        self.assertContains(response, "现在开始本期填报")
        self.assertContains(response, "2026年12月")

    def test_it_hides_the_button_from_everyone_else(self):
        for user in (self.alice, self.approver, self.leader, self.inspector, self.admin):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertNotContains(self.client.get(self.page()), "现在开始本期填报")

    def test_it_opens_the_current_period_today_with_a_report_per_task_and_unit(self):
        response = self.start(follow=True)
        cycle = Cycle.objects.get()
        self.assertRedirects(response, f"/cycles/{cycle.pk}/")
        self.assertContains(response, "2026年12月填报已开始")
        self.assertEqual(
            (cycle.label, cycle.status, cycle.opens_on, cycle.due_on),
            ("2026年12月", Cycle.Status.OPEN, datetime.date(2026, 12, 2), datetime.date(2026, 12, 25)),
        )
        self.assertEqual(
            sorted(Report.objects.filter(cycle=cycle).values_list("unit__name", "is_lead")),
            [("市住建局", False), ("市发改委", True)],
        )

    def test_it_opens_a_cycle_tick_already_scheduled(self):
        scheduled = Cycle.objects.create(
            plan=self.plan,
            kind="month",
            label="2026年12月",
            period_start=datetime.date(2026, 12, 1),
            period_end=datetime.date(2026, 12, 31),
            opens_on=datetime.date(2026, 12, 15),
            due_on=datetime.date(2026, 12, 25),
        )
        self.start()
        scheduled.refresh_from_db()
        self.assertEqual(
            (scheduled.status, scheduled.opens_on), (Cycle.Status.OPEN, datetime.date(2026, 12, 2))
        )
        self.assertEqual(Cycle.objects.count(), 1)

    def test_it_records_who_opened_it(self):
        self.start()
        cycle = Cycle.objects.get()
        event = AuditEvent.objects.get(object_type="cycle", object_id=cycle.pk)
        self.assertEqual((event.actor, event.changes["status"]), (self.coordinator, ["scheduled", "open"]))

    def test_it_opens_the_next_period_once_the_current_one_is_past_due(self):
        with time_machine.travel(datetime.datetime(2026, 11, 27, 10, 0, tzinfo=datetime.UTC), tick=False):
            self.start()
        cycle = Cycle.objects.get()
        self.assertEqual((cycle.label, cycle.status), ("2026年12月", Cycle.Status.OPEN))

    def test_it_refuses_a_period_already_open(self):
        self.start()
        response = self.start(follow=True)
        self.assertContains(response, "2026年12月填报已在进行中")
        self.assertEqual(AuditEvent.objects.filter(object_type="cycle").count(), 1)

    def test_it_refuses_a_schedule_not_enabled(self):
        Schedule.objects.filter(pk=self.month.pk).update(enabled=False)
        response = self.start(follow=True)
        self.assertContains(response, "请先启用并保存该调度周期")
        self.assertFalse(Cycle.objects.exists())

    def test_it_refuses_a_plan_not_published(self):
        Plan.objects.filter(pk=self.plan.pk).update(status=Plan.Status.DRAFT)
        response = self.start(follow=True)
        self.assertContains(response, "计划尚未发布")
        self.assertFalse(Cycle.objects.exists())

    def test_it_lets_only_the_plans_coordinator_start(self):
        expected = {self.alice: 403, self.leader: 403, self.admin: 403, self.county_coordinator: 404}
        for user, status in expected.items():
            with self.subTest(user=user.username):
                self.assertEqual(self.start(user).status_code, status)
        self.assertFalse(Cycle.objects.exists())

    def test_it_requires_post(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.get(self.url()).status_code, 405)

    def test_it_hides_the_button_once_the_period_is_open(self):
        self.start()
        self.login(self.coordinator)
        self.assertNotContains(self.client.get(self.page()), "现在开始本期填报")
