"""延期申请 on a task's 完成时限 and a 督办单's 回复期限: asked by the unit responsible before the limit,
decided by the issuing side; granted moves the limit, refused or late keeps the original date."""

import datetime
from zoneinfo import ZoneInfo

import time_machine

from apps.supervision import actions_extensions
from apps.supervision.models import Extension, Notice
from luoshi.test import BaseTestCase

NOW = datetime.datetime(2026, 12, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@time_machine.travel(NOW, tick=False)
class TaskExtensionTestCase(BaseTestCase):
    def ask(self, user=None, new_date="2027-03-31"):
        self.login(user or self.alice)
        return self.client.post(
            f"/tasks/{self.task.pk}/extension/", {"new_date": new_date, "reason": "征地手续未批复"}
        )

    def test_it_takes_the_lead_units_request(self):
        self.assertRedirects(self.ask(), f"/tasks/{self.task.pk}/", fetch_redirect_response=False)
        extension = Extension.objects.get(task=self.task)
        self.assertEqual(
            (extension.original_date, extension.new_date, extension.asked_by),
            (datetime.date(2026, 12, 31), datetime.date(2027, 3, 31), self.alice),
        )

    def test_it_refuses_the_co_unit(self):
        self.assertEqual(self.ask(self.bob).status_code, 403)

    def test_it_moves_the_tasks_time_limit_when_the_coordinator_grants_it(self):
        self.ask()
        extension = Extension.objects.get(task=self.task)
        self.login(self.coordinator)
        self.client.post(f"/extensions/{extension.pk}/decide/", {"decision": "grant"})
        self.task.refresh_from_db()
        self.assertEqual(self.task.due_date, datetime.date(2027, 3, 31))

    def test_it_refuses_a_decision_by_the_unit_itself(self):
        self.ask()
        extension = Extension.objects.get(task=self.task)
        self.login(self.approver)
        response = self.client.post(f"/extensions/{extension.pk}/decide/", {"decision": "grant"})
        self.assertEqual(response.status_code, 403)

    def test_it_refuses_a_request_after_the_time_limit(self):
        with time_machine.travel(datetime.datetime(2027, 1, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
            response = self.ask()
        self.assertContains(
            response, "完成时限（2026-12-31）已过，不能再申请延期；逾期按原时限计", status_code=400
        )
        self.assertFalse(Extension.objects.exists())

    def test_it_shows_the_request_and_its_decision_buttons_on_the_task_page(self):
        self.ask()
        self.login(self.coordinator)
        response = self.client.get(f"/tasks/{self.task.pk}/supervision/")
        self.assertContains(response, "申请延期至 2027-03-31")
        self.assertContains(response, "同意延期")


@time_machine.travel(NOW, tick=False)
class NoticeExtensionTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.notice = Notice.objects.create(
            task=cls.task,
            unit=cls.fgw,
            level=Notice.Level.URGE,
            reason="进度滞后",
            reply_by=datetime.date(2026, 12, 25),
            issued_by=cls.coordinator,
        )

    def test_it_moves_the_reply_by_date_when_granted(self):
        extension = actions_extensions.ask_extension(
            self.notice, new_date=datetime.date(2027, 1, 10), reason="需会商", actor=self.alice
        )
        self.login(self.coordinator)
        self.client.post(f"/extensions/{extension.pk}/decide/", {"decision": "grant"})
        self.notice.refresh_from_db()
        self.assertEqual(self.notice.reply_by, datetime.date(2027, 1, 10))

    def test_it_refuses_a_request_once_the_notice_is_answered(self):
        Notice.objects.filter(pk=self.notice.pk).update(reply="已办理", replied_at=NOW)
        self.login(self.alice)
        response = self.client.post(
            f"/notices/{self.notice.pk}/extension/", {"new_date": "2027-01-10", "reason": "需会商"}
        )
        self.assertContains(response, "该督办单已回复或办结，不能申请延期", status_code=400)

    def test_it_offers_the_request_form_to_the_notified_unit(self):
        self.login(self.alice)
        self.assertContains(self.client.get(f"/notices/{self.notice.pk}/"), 'id="ask-extension"')

    def test_it_keeps_the_original_date_when_refused(self):
        extension = actions_extensions.ask_extension(
            self.notice, new_date=datetime.date(2027, 1, 10), reason="需会商", actor=self.alice
        )
        self.login(self.coordinator)
        self.client.post(f"/extensions/{extension.pk}/decide/", {"decision": "refuse", "comment": "不属实"})
        self.notice.refresh_from_db()
        self.assertEqual(self.notice.reply_by, datetime.date(2026, 12, 25))
