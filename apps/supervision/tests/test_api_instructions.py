"""The 领导批示 API: the list with the page's filters, a 批示 on each kind of subject, the unit's answer."""

import datetime

import time_machine

from apps.cycles.models import Cycle, Report
from apps.notify.models import Notification
from apps.supervision.models import Instruction, Notice

from .base import InspectionTestCase

ISSUE = {"text": "请市发改委牵头，10月底前拿出方案", "answer_by": "2026-11-30"}


@time_machine.travel(datetime.datetime(2026, 11, 10, 10, 0), tick=False)
class InstructionApiTestCase(InspectionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        common = {"leader": cls.leader, "task": cls.task, "unit": cls.fgw, "text": "请加快进度"}
        cls.open_item = Instruction.objects.create(answer_by=datetime.date(2026, 11, 30), **common)
        cls.late_item = Instruction.objects.create(answer_by=datetime.date(2026, 11, 5), **common)
        cls.answered = Instruction.objects.create(
            answer_by=datetime.date(2026, 11, 30),
            answer="已加快",
            answered_at=datetime.datetime(2026, 11, 8, 9, 0, tzinfo=datetime.UTC),
            answered_by=cls.alice,
            **common,
        )
        cls.zjj_item = Instruction.objects.create(
            answer_by=datetime.date(2026, 11, 30), **{**common, "unit": cls.zjj, "leader": cls.county_leader}
        )

    def ids(self, url, user):
        response = self.call("GET", url, user)
        self.assertEqual(response.status_code, 200)
        return [i["id"] for i in response.json()["items"]]

    def test_it_filters_the_list_as_the_page_does(self):
        for status, expected in (
            ("mine", [self.answered, self.late_item, self.open_item]),
            ("open", [self.zjj_item, self.late_item, self.open_item]),
            ("late", [self.late_item]),
            ("answered", [self.answered]),
        ):
            with self.subTest(status=status):
                self.assertEqual(
                    self.ids(f"/api/instructions?status={status}", self.leader), [i.pk for i in expected]
                )

    def test_it_refuses_an_unknown_filter_in_chinese(self):
        response = self.call("GET", "/api/instructions?status=all", self.leader)
        self.assertEqual(
            (response.status_code, response.json()["errors"]), (422, {"status": ["不是可选的值。"]})
        )

    def test_it_shows_a_unit_only_the_instructions_to_it(self):
        self.assertEqual(self.ids("/api/instructions", self.bob), [self.zjj_item.pk])
        self.assertEqual(
            self.call("GET", f"/api/instructions/{self.open_item.pk}", self.bob).status_code, 404
        )

    def test_it_says_which_instruction_is_late(self):
        body = self.call("GET", f"/api/instructions/{self.late_item.pk}", self.alice).json()
        self.assertTrue(body["late"])

    def test_it_sends_a_leaders_instruction_on_a_task_to_the_unit(self):
        response = self.call(
            "POST", f"/api/tasks/{self.task.pk}/instructions", self.leader, {**ISSUE, "unit_id": self.fgw.pk}
        )
        self.assertEqual(response.status_code, 201)
        self.assertEqual(
            (response.json()["task_id"], response.json()["unit_id"]), (self.task.pk, self.fgw.pk)
        )
        self.assertTrue(
            Notification.objects.filter(user=self.alice, link=f"/instructions/{response.json()['id']}/")
        )

    def test_it_keeps_the_task_of_an_instruction_on_a_notice(self):
        notice = Notice.objects.create(
            task=self.task,
            unit=self.fgw,
            level=Notice.Level.URGE,
            reason="进度滞后",
            reply_by=datetime.date(2026, 11, 20),
            issued_by=self.coordinator,
        )
        response = self.call(
            "POST", f"/api/notices/{notice.pk}/instructions", self.leader, {**ISSUE, "unit_id": self.fgw.pk}
        )
        self.assertEqual(
            (response.json()["notice_id"], response.json()["task_id"]), (notice.pk, self.task.pk)
        )

    def test_it_takes_an_instruction_on_a_report_and_on_an_item(self):
        cycle = Cycle.objects.create(
            plan=self.plan,
            kind="month",
            label="2026年10月",
            period_start=datetime.date(2026, 10, 1),
            period_end=datetime.date(2026, 10, 31),
            opens_on=datetime.date(2026, 10, 15),
            due_on=datetime.date(2026, 10, 25),
            status=Cycle.Status.CLOSED,
        )
        report = Report.objects.create(
            cycle=cycle,
            task=self.task,
            unit=self.fgw,
            status=Report.Status.SUBMITTED,
            narrative="已建成",
            percent=60,
        )
        data = {**ISSUE, "unit_id": self.fgw.pk}
        response = self.call("POST", f"/api/reports/{report.pk}/instructions", self.leader, data)
        self.assertEqual((response.status_code, response.json()["report_id"]), (201, report.pk))
        response = self.call("POST", f"/api/rectifications/{self.item.pk}/instructions", self.leader, data)
        self.assertEqual((response.status_code, response.json()["rectification_id"]), (201, self.item.pk))

    def test_it_lets_only_a_leader_instruct(self):
        url = f"/api/tasks/{self.task.pk}/instructions"
        self.assertEqual(
            self.call("POST", url, self.coordinator, {**ISSUE, "unit_id": self.fgw.pk}).status_code, 403
        )
        self.assertEqual(
            self.call("POST", url, self.charlie, {**ISSUE, "unit_id": self.fgw.pk}).status_code, 404
        )

    def test_it_names_a_unit_outside_the_jurisdiction_and_a_past_date(self):
        url = f"/api/tasks/{self.task.pk}/instructions"
        response = self.call("POST", url, self.leader, {**ISSUE, "unit_id": 999999})
        self.assertEqual((response.status_code, list(response.json()["errors"])), (422, ["unit_id"]))
        response = self.call(
            "POST", url, self.leader, {**ISSUE, "unit_id": self.fgw.pk, "answer_by": "2026-11-01"}
        )
        self.assertEqual(response.json()["errors"], {"answer_by": ["办理时限不能早于今天"]})

    def test_it_takes_the_units_answer_once(self):
        url = f"/api/instructions/{self.open_item.pk}/answer"
        response = self.call("POST", url, self.approver, {"answer": "已拿出方案"})
        self.assertEqual((response.status_code, response.json()["answer"]), (200, "已拿出方案"))
        self.assertEqual(self.call("POST", url, self.alice, {"answer": "再报"}).status_code, 422)
        self.assertEqual(self.call("POST", url, self.leader, {"answer": "x"}).status_code, 403)
