"""领导批示: written on a task by a leader, sent to the named unit, answered, tracked as open / late."""

import datetime

import time_machine

from apps.cycles.models import Cycle, Report
from apps.notify.models import Notification
from apps.supervision.models import Instruction, Notice

from .base import InspectionTestCase

NOW = datetime.datetime(2026, 11, 23, 10, 0)


@time_machine.travel(NOW, tick=False)
class InstructionTestCase(InspectionTestCase):
    def instruct(self, answer_by="2026-11-30"):
        self.client.force_login(self.leader)
        self.client.post(
            f"/tasks/{self.task.pk}/instructions/new/",
            {"unit": self.fgw.pk, "text": "请市发改委牵头，月底前拿出方案", "answer_by": answer_by},
        )
        return Instruction.objects.latest("id")

    def test_it_sends_the_instruction_to_the_named_units_staff(self):
        item = self.instruct()
        self.assertEqual((item.leader, item.task, item.unit), (self.leader, self.task, self.fgw))
        self.assertTrue(
            Notification.objects.filter(user=self.alice, link=f"/instructions/{item.pk}/").exists()
        )

    def test_it_refuses_a_time_limit_in_the_past(self):
        self.client.force_login(self.leader)
        response = self.client.post(
            f"/tasks/{self.task.pk}/instructions/new/",
            {"unit": self.fgw.pk, "text": "请办理", "answer_by": "2026-11-01"},
        )
        self.assertContains(response, "办理时限不能早于今天", status_code=400)

    def test_it_takes_the_units_answer_and_tells_the_leader(self):
        item = self.instruct()
        self.client.force_login(self.alice)
        self.client.post(f"/instructions/{item.pk}/answer/", {"answer": "方案已报市政府"})
        item.refresh_from_db()
        self.assertEqual((item.answer, item.answered_by), ("方案已报市政府", self.alice))
        self.assertTrue(
            Notification.objects.filter(user=self.leader, key=f"instruction-answered:{item.pk}").exists()
        )

    def test_it_marks_an_unanswered_instruction_late_after_its_time_limit(self):
        item = self.instruct()
        with time_machine.travel(datetime.datetime(2026, 12, 2, 10, 0), tick=False):
            self.client.force_login(self.leader)
            listed = self.client.get("/instructions/?status=late").context["page"].object_list
        self.assertEqual([i.pk for i in listed], [item.pk])

    def test_it_lists_the_leaders_own_instructions_as_mine(self):
        item = self.instruct()
        self.client.force_login(self.leader)
        listed = self.client.get("/instructions/?status=mine").context["page"].object_list
        self.assertEqual([i.pk for i in listed], [item.pk])

    def test_it_shows_the_instruction_on_the_task_page(self):
        self.instruct()
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(f"/tasks/{self.task.pk}/"), "请市发改委牵头")

    def test_it_hides_the_instruction_from_another_unit(self):
        item = self.instruct()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(f"/instructions/{item.pk}/").status_code, 404)

    def test_it_lists_the_unanswered_instruction_in_the_units_todo(self):
        item = self.instruct()
        self.client.force_login(self.alice)
        self.assertEqual(list(self.client.get("/todo/").context["instructions"]), [item])

    def test_it_offers_my_instructions_in_the_leaders_menu(self):
        self.client.force_login(self.leader)
        self.assertContains(self.client.get("/todo/"), "我的批示")
        self.client.force_login(self.alice)
        self.assertNotContains(self.client.get("/todo/"), "我的批示")


@time_machine.travel(NOW, tick=False)
class InstructionOnReportAndNoticeTestCase(InspectionTestCase):
    ISSUE = {"text": "请说明滞后原因", "answer_by": "2026-11-30"}

    def test_it_writes_an_instruction_on_a_progress_report(self):
        cycle = Cycle.objects.create(
            plan=self.plan,
            kind="month",
            label="2026年10月",
            period_start=datetime.date(2026, 10, 1),
            period_end=datetime.date(2026, 10, 31),
            opens_on=datetime.date(2026, 10, 15),
            due_on=datetime.date(2026, 10, 26),
        )
        report = Report.objects.create(cycle=cycle, task=self.task, unit=self.fgw, is_lead=True)
        self.client.force_login(self.leader)
        self.client.post(f"/reports/{report.pk}/instructions/new/", {**self.ISSUE, "unit": self.fgw.pk})
        item = Instruction.objects.get()
        self.assertEqual((item.report, item.task, item.subject), (report, self.task, report))

    def test_it_writes_an_instruction_on_a_notice(self):
        notice = Notice.objects.create(
            task=self.task,
            unit=self.fgw,
            level=Notice.Level.URGE,
            reason="进度滞后",
            reply_by=datetime.date(2026, 11, 30),
            issued_by=self.coordinator,
        )
        self.client.force_login(self.leader)
        self.client.post(f"/notices/{notice.pk}/instructions/new/", {**self.ISSUE, "unit": self.fgw.pk})
        item = Instruction.objects.get()
        self.client.force_login(self.alice)
        response = self.client.get(f"/instructions/{item.pk}/")
        self.assertContains(response, f'<a href="/notices/{notice.pk}/">')

    def test_it_refuses_an_instruction_from_a_coordinator(self):
        notice = Notice.objects.create(
            task=self.task,
            unit=self.fgw,
            level=Notice.Level.URGE,
            reason="x",
            reply_by=datetime.date(2026, 11, 30),
            issued_by=self.coordinator,
        )
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(f"/notices/{notice.pk}/instructions/new/").status_code, 403)
