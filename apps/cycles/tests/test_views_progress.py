"""我的待办, the plan's reporting schedule, and 本期填报进度 with 催办."""

import datetime

import time_machine
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.cycles import actions
from apps.cycles.models import Cycle, Report, Schedule
from apps.notify.models import Channel, Delivery, Notification
from apps.plans.models import Task, TaskUnit
from luoshi.test import BaseTestCase, make_user

MORNING = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
EVENING = datetime.datetime(2026, 11, 20, 15, 0, tzinfo=datetime.UTC)  # 23:00 in 北京, the same day
NEXT_DAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)


class ProgressTestCase(BaseTestCase):
    """November's cycle is open. 市发改委 leads two tasks (one report submitted, one not), 市住建局
    co-operates on the first (not reported)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.task2 = Task.objects.create(
            plan=cls.plan,
            area=cls.area,
            code="1.2",
            title="推进项目审批制度改革",
            start_date=datetime.date(2026, 1, 1),
            due_date=datetime.date(2026, 12, 31),
        )
        TaskUnit.objects.create(task=cls.task2, unit=cls.fgw, role=TaskUnit.Role.LEAD)
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
        Report.objects.filter(cycle=cls.cycle, task=cls.task2).update(
            status=Report.Status.SUBMITTED, narrative="已完成", percent=80
        )
        cls.email = Channel.objects.create(unit=cls.fgw, kind=Channel.Kind.EMAIL, address="fgw@dingxi.gov.cn")
        cls.robot = Channel.objects.create(
            unit=cls.fgw, kind=Channel.Kind.DINGTALK, address="https://oapi.dingtalk.com/robot/send?x=1"
        )
        Channel.objects.create(
            unit=cls.fgw, kind=Channel.Kind.EMAIL, address="old@dingxi.gov.cn", enabled=False
        )
        Channel.objects.create(unit=cls.zjj, kind=Channel.Kind.EMAIL, address="zjj@dingxi.gov.cn")

    def progress_url(self):
        return f"/cycles/{self.cycle.pk}/"

    def urge_url(self, unit):
        return f"/cycles/{self.cycle.pk}/urge/{unit.pk}/"

    def urge(self, unit, user=None, **kwargs):
        self.login(user or self.coordinator)
        return self.client.post(self.urge_url(unit), **kwargs)


class CycleProgressTestCase(ProgressTestCase):
    def test_it_counts_each_units_reports(self):
        self.login(self.coordinator)
        response = self.client.get(self.progress_url())
        rows = {r["unit__name"]: r for r in response.context["rows"]}
        self.assertEqual(set(rows), {"市发改委", "市住建局"})
        fgw, zjj = rows["市发改委"], rows["市住建局"]
        self.assertEqual(
            (fgw["total"], fgw["pending"], fgw["submitted"], fgw["approved"], fgw["accepted"]),
            (2, 1, 1, 0, 0),
        )
        self.assertEqual((zjj["total"], zjj["pending"], zjj["submitted"]), (1, 1, 0))
        self.assertEqual(response.context["totals"], {"total": 3, "pending": 2, "accepted": 0})

    def test_it_counts_returned_reports_as_still_to_send(self):
        Report.objects.filter(cycle=self.cycle, unit=self.zjj).update(status=Report.Status.RETURNED)
        self.login(self.coordinator)
        rows = {r["unit__name"]: r for r in self.client.get(self.progress_url()).context["rows"]}
        self.assertEqual((rows["市住建局"]["pending"], rows["市住建局"]["returned"]), (1, 1))

    def test_it_lists_units_with_reports_to_send_first(self):
        Report.objects.filter(cycle=self.cycle, unit=self.fgw).update(status=Report.Status.ACCEPTED)
        self.login(self.coordinator)
        rows = list(self.client.get(self.progress_url()).context["rows"])
        self.assertEqual([r["unit__name"] for r in rows], ["市住建局", "市发改委"])

    def test_it_offers_urge_buttons_to_the_coordinator_only(self):
        self.login(self.coordinator)
        self.assertContains(self.client.get(self.progress_url()), self.urge_url(self.fgw))
        self.login(self.leader)
        response = self.client.get(self.progress_url())
        self.assertEqual(len(response.context["rows"]), 2)
        self.assertNotContains(response, "催办</button>")

    def test_it_shows_unit_staff_their_own_unit_only(self):
        self.login(self.alice)
        rows = list(self.client.get(self.progress_url()).context["rows"])
        self.assertEqual([r["unit__name"] for r in rows], ["市发改委"])

    def test_it_hides_the_cycle_from_outsiders(self):
        for user in (self.charlie, self.county_leader, self.county_coordinator):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(self.progress_url()).status_code, 404)


class CycleUrgeTestCase(ProgressTestCase):
    @time_machine.travel(MORNING, tick=False)
    def test_it_notifies_the_units_staff_in_the_app(self):
        response = self.urge(self.fgw, follow=True)
        self.assertContains(response, "已向市发改委发出催办")
        notes = Notification.objects.order_by("user__username")
        self.assertEqual([n.user.username for n in notes], ["alice", "approver"])
        self.assertEqual({n.key for n in notes}, {f"urge:{self.cycle.pk}:{self.fgw.pk}:2026-11-20"})
        self.assertIn("尚有 1 项未报送", notes[0].text)
        self.assertEqual(notes[0].link, "/todo/")

    @time_machine.travel(MORNING, tick=False)
    def test_it_queues_one_delivery_per_enabled_channel_of_the_unit(self):
        self.urge(self.fgw)
        deliveries = Delivery.objects.order_by("channel_id")
        self.assertEqual([d.channel for d in deliveries], [self.email, self.robot])
        self.assertEqual({d.status for d in deliveries}, {Delivery.Status.PENDING})
        self.assertEqual(deliveries[0].subject, "【催办】进展报告")

    @time_machine.travel(MORNING, tick=False)
    def test_it_leaves_other_units_alone(self):
        self.urge(self.fgw)
        self.assertFalse(Notification.objects.filter(user=self.bob).exists())
        self.assertFalse(Delivery.objects.filter(channel__unit=self.zjj).exists())

    def test_it_sends_nothing_new_on_a_second_urge_the_same_day(self):
        with time_machine.travel(MORNING, tick=False):
            self.urge(self.fgw)
        with time_machine.travel(EVENING, tick=False):
            response = self.urge(self.fgw, follow=True)
        self.assertContains(response, "今天已向市发改委催办过")
        self.assertEqual((Notification.objects.count(), Delivery.objects.count()), (2, 2))

    def test_it_urges_again_on_another_day(self):
        with time_machine.travel(MORNING, tick=False):
            self.urge(self.fgw)
        with time_machine.travel(NEXT_DAY, tick=False):
            self.urge(self.fgw)
        self.assertEqual((Notification.objects.count(), Delivery.objects.count()), (4, 4))

    def test_it_does_not_urge_a_unit_that_has_reported_everything(self):
        Report.objects.filter(cycle=self.cycle, unit=self.zjj).update(status=Report.Status.SUBMITTED)
        response = self.urge(self.zjj, follow=True)
        self.assertContains(response, "该单位本期已全部报送，无需催办")
        self.assertFalse(Notification.objects.exists())
        self.assertFalse(Delivery.objects.exists())

    def test_it_records_the_urge_in_the_audit_log(self):
        self.urge(self.fgw)
        event = AuditEvent.objects.filter(object_type="cycle", actor=self.coordinator).get()
        self.assertEqual(event.changes, {"催办": [None, "市发改委：1 项"]})

    def test_it_lets_only_the_coordinator_urge(self):
        expected = {
            self.alice: 403,
            self.approver: 403,
            self.bob: 403,
            self.leader: 403,
            self.inspector: 403,
            self.admin: 403,
            self.charlie: 404,
            self.county_leader: 404,
            self.county_coordinator: 404,
        }
        for user, status in expected.items():
            with self.subTest(user=user.username):
                self.assertEqual(self.urge(self.fgw, user=user).status_code, status)
        self.assertFalse(Notification.objects.exists())
        self.assertFalse(Delivery.objects.exists())

    def test_it_accepts_post_only(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.get(self.urge_url(self.fgw)).status_code, 405)


class UrgeUnreachableTestCase(ProgressTestCase):
    """陇西县发改局 co-operates on the second task but has no account and no channel: a 催办 reaches no one."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        TaskUnit.objects.create(task=cls.task2, unit=cls.county_fgj, role=TaskUnit.Role.CO)
        Report.objects.create(cycle=cls.cycle, task=cls.task2, unit=cls.county_fgj, is_lead=False)

    @time_machine.travel(MORNING, tick=False)
    def test_it_says_that_nobody_could_be_reached(self):
        response = self.urge(self.county_fgj, follow=True)
        self.assertContains(response, "催办未能送达：陇西县发改局没有可接收通知的账号或启用的通知渠道")
        self.assertNotContains(response, "已向陇西县发改局发出催办")
        self.assertNotContains(response, "今天已向陇西县发改局催办过")

    @time_machine.travel(MORNING, tick=False)
    def test_it_counts_an_inactive_account_as_nobody(self):
        clerk = make_user("clerk", self.county_fgj, "reporter")
        clerk.is_active = False
        clerk.save(update_fields=["is_active"])
        self.assertContains(self.urge(self.county_fgj, follow=True), "催办未能送达")

    @time_machine.travel(MORNING, tick=False)
    def test_it_reaches_a_unit_through_its_channel_alone(self):
        Channel.objects.create(unit=self.county_fgj, kind=Channel.Kind.EMAIL, address="fgj@longxi.gov.cn")
        self.assertContains(self.urge(self.county_fgj, follow=True), "已向陇西县发改局发出催办")

    @time_machine.travel(MORNING, tick=False)
    def test_it_records_the_failed_urge_as_not_delivered(self):
        self.urge(self.county_fgj)
        events = AuditEvent.objects.filter(object_type="cycle", object_id=self.cycle.pk)
        event = events.get(changes__has_key="催办")
        self.assertEqual(event.actor, self.coordinator)
        self.assertEqual(event.changes["催办"], [None, "陇西县发改局：1 项（无人可接收，未送达）"])

    def test_it_lists_the_units_nobody_can_be_reached_at_on_the_progress_page(self):
        self.login(self.coordinator)
        response = self.client.get(self.progress_url())
        self.assertContains(
            response, "以下单位没有可接收通知的账号或启用的通知渠道，催办无法送达：陇西县发改局"
        )


class TodoTestCase(ProgressTestCase):
    def test_it_lists_the_reports_alice_must_fill(self):
        self.login(self.alice)
        response = self.client.get("/todo/")
        self.assertEqual([(r.task, r.unit) for r in response.context["to_fill"]], [(self.task, self.fgw)])

    def test_it_lists_submitted_reports_for_the_unit_approver(self):
        self.login(self.approver)
        response = self.client.get("/todo/")
        self.assertEqual([r.task for r in response.context["to_approve"]], [self.task2])

    def test_it_lists_approved_reports_for_the_coordinator(self):
        Report.objects.filter(cycle=self.cycle, task=self.task2).update(status=Report.Status.APPROVED)
        self.login(self.coordinator)
        response = self.client.get("/todo/")
        self.assertEqual([r.task for r in response.context["to_accept"]], [self.task2])
        self.assertEqual(list(response.context["open_cycles"]), [self.cycle])

    def test_it_shows_bob_only_his_own_units_reports(self):
        self.login(self.bob)
        response = self.client.get("/todo/")
        self.assertEqual([r.unit for r in response.context["to_fill"]], [self.zjj])

    def test_it_shows_unread_notifications_and_marks_them_read(self):
        note = Notification.objects.create(user=self.alice, key="k", text="请尽快报送", link="/todo/")
        self.login(self.alice)
        self.assertContains(self.client.get("/todo/"), "请尽快报送")
        self.assertRedirects(self.client.post(f"/notifications/{note.pk}/read/"), "/todo/")
        note.refresh_from_db()
        self.assertIsNotNone(note.read_at)

    def test_it_keeps_other_peoples_notifications_private(self):
        note = Notification.objects.create(user=self.alice, key="k", text="请尽快报送")
        self.login(self.bob)
        self.assertEqual(self.client.post(f"/notifications/{note.pk}/read/").status_code, 404)


class PlanCyclesTestCase(ProgressTestCase):
    def url(self):
        return f"/plans/{self.plan.pk}/cycles/"

    def schedule_data(self, **month):
        data = {}
        for kind in ("month", "quarter", "year"):
            data[f"{kind}-due_day"] = 25
            data[f"{kind}-open_days"] = 10
        data["month-enabled"] = "on"
        data.update({f"month-{k}": v for k, v in month.items()})
        return data

    def test_it_lists_the_plans_cycles_with_counts(self):
        self.login(self.leader)
        response = self.client.get(self.url())
        cycles = list(response.context["cycles"])
        self.assertEqual(cycles, [self.cycle])
        self.assertEqual((cycles[0].reported, cycles[0].total), (1, 3))
        self.assertNotContains(response, 'name="month-due_day"')

    def test_it_lets_the_coordinator_set_the_schedule(self):
        self.login(self.coordinator)
        response = self.client.post(self.url(), self.schedule_data(due_day=20), follow=True)
        self.assertContains(response, "调度周期已保存")
        month = Schedule.objects.get(plan=self.plan, kind="month")
        self.assertEqual((month.enabled, month.due_day, month.open_days), (True, 20, 10))
        self.assertFalse(Schedule.objects.get(plan=self.plan, kind="quarter").enabled)
        self.assertTrue(AuditEvent.objects.filter(object_type="schedule", actor=self.coordinator).exists())

    def test_it_refuses_other_roles(self):
        for user in (self.alice, self.approver, self.leader, self.inspector, self.admin):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.post(self.url(), self.schedule_data()).status_code, 403)
        self.assertFalse(Schedule.objects.exists())


class ProgressRegionsTestCase(BaseTestCase):
    """A city plan's cycle with reports of a city department and of a county department: the page sums them
    per 区域 (陇西县, 本级) and filters the units to one."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.cycle = Cycle.objects.create(
            plan=cls.plan,
            kind="month",
            label="2026年11月",
            period_start=datetime.date(2026, 11, 1),
            period_end=datetime.date(2026, 11, 30),
            opens_on=datetime.date(2026, 11, 20),
            due_on=datetime.date(2026, 11, 25),
            status=Cycle.Status.OPEN,
        )
        county_task = Task.objects.create(plan=cls.plan, title="县级任务")
        TaskUnit.objects.create(task=county_task, unit=cls.county_fgj, role=TaskUnit.Role.LEAD)
        Report.objects.create(cycle=cls.cycle, task=cls.task, unit=cls.fgw, status=Report.Status.ACCEPTED)
        Report.objects.create(
            cycle=cls.cycle, task=county_task, unit=cls.county_fgj, status=Report.Status.PENDING
        )

    def test_it_sums_the_reports_per_region(self):
        self.login(self.coordinator)
        regions = {
            r["name"]: (r["total"], r["pending"], r["rate"])
            for r in self.client.get(f"/cycles/{self.cycle.pk}/").context["regions"]
        }
        self.assertEqual(regions, {"陇西县": (1, 1, 0), "本级": (1, 0, 100.0)})

    def test_it_lists_only_the_units_of_the_chosen_region(self):
        self.login(self.coordinator)
        response = self.client.get(f"/cycles/{self.cycle.pk}/?region={self.county.pk}")
        self.assertEqual([r["unit__name"] for r in response.context["rows"]], ["陇西县发改局"])

    def test_it_leaves_out_the_reports_of_archived_tasks(self):
        self.task.archived_at = timezone.now()
        self.task.save(update_fields=["archived_at"])
        self.login(self.coordinator)
        response = self.client.get(f"/cycles/{self.cycle.pk}/")
        self.assertEqual(response.context["totals"]["total"], 1)
