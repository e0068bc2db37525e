"""我的待办's 督办事项: a unit's staff see the notices they must answer, a coordinator those of the plans
they manage until closed; nobody else's."""

import datetime

from django.utils import timezone

from apps.supervision.models import Notice
from luoshi.test import BaseTestCase


class TodoNoticesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.notice = Notice.objects.create(
            task=cls.task,
            unit=cls.fgw,
            level=Notice.Level.URGE,
            reason="进度滞后于序时",
            reply_by=datetime.date(2026, 11, 30),
            issued_by=cls.coordinator,
        )

    def notices(self, user):
        self.login(user)
        return list(self.client.get("/todo/").context["notices"])

    def test_it_lists_a_notice_to_answer_for_the_units_staff(self):
        self.assertEqual(self.notices(self.alice), [self.notice])

    def test_it_drops_the_notice_from_the_units_list_once_answered(self):
        Notice.objects.filter(pk=self.notice.pk).update(replied_at=timezone.now())
        self.assertEqual(self.notices(self.alice), [])

    def test_it_keeps_an_answered_notice_for_the_coordinator_to_close(self):
        Notice.objects.filter(pk=self.notice.pk).update(replied_at=timezone.now())
        self.login(self.coordinator)
        response = self.client.get("/todo/")
        self.assertEqual(list(response.context["notices"]), [self.notice])
        self.assertContains(response, "已回复，待办结")

    def test_it_drops_a_closed_notice_for_everyone(self):
        Notice.objects.filter(pk=self.notice.pk).update(closed_at=timezone.now())
        self.assertEqual(self.notices(self.coordinator), [])
        self.assertEqual(self.notices(self.alice), [])

    def test_it_lists_no_notice_to_another_units_staff(self):
        self.assertEqual(self.notices(self.bob), [])

    def test_it_lists_no_notice_of_a_plan_another_jurisdiction_manages(self):
        self.assertEqual(self.notices(self.county_coordinator), [])

    def test_it_leaves_notices_to_the_notice_list_for_leaders(self):
        self.assertEqual(self.notices(self.leader), [])
