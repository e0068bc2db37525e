"""The task page, composed from the plans, cycles and supervision panels."""

import datetime

from apps.plans.models import Task
from luoshi.test import BaseTestCase


class TaskPageTestCase(BaseTestCase):
    def test_it_shows_a_task_that_starts_and_ends_on_the_same_day(self):
        day = datetime.date(2026, 11, 30)
        Task.objects.filter(pk=self.task.pk).update(start_date=day, due_date=day)
        self.login(self.coordinator)
        response = self.client.get(f"/tasks/{self.task.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["trajectory"], {})

    def test_it_says_why_and_since_when_the_task_is_red(self):
        Task.objects.filter(pk=self.task.pk).update(
            rag="red",
            status_reasons=["已超过完成时限 2026-10-31"],
            rag_since=datetime.datetime(2026, 11, 2, 1, tzinfo=datetime.UTC),
        )
        self.login(self.coordinator)
        response = self.client.get(f"/tasks/{self.task.pk}/")
        self.assertContains(response, "已超过完成时限 2026-10-31")
        self.assertContains(response, "2026-11-02起亮红灯")
