"""The tick's 重点项目 reminder: after the 25th, the unit of each project whose month is not sent is told,
once."""

import datetime

import time_machine

from apps.notify.models import Notification
from apps.projects.models import ProjectReport
from apps.projects.reminders import remind_overdue

from .base import TODAY, ProjectTestCase


class ReminderTestCase(ProjectTestCase):
    def test_it_tells_the_unit_of_a_month_not_sent_after_the_due_day(self):
        with time_machine.travel(TODAY, tick=False):
            self.report(self.project, 3, "100", status=ProjectReport.Status.DRAFT)
        self.assertEqual(remind_overdue(datetime.date(2026, 3, 24)), 2)  # February's, not sent either
        self.assertIn("2月进展已过报送期限（2月25日）", Notification.objects.get(user=self.alice).text)
        Notification.objects.all().delete()
        sent = remind_overdue(datetime.date(2026, 3, 26))
        told = Notification.objects.filter(key__startswith="project-overdue:")
        self.assertEqual(sent, 2)  # alice and the approver of 市发改委; 陇西县发改局 has no staff
        self.assertEqual(
            told.get(user=self.alice).text,
            "重点项目“定西市中医院综合楼建设项目”3月进展已过报送期限（3月25日），请尽快报送",
        )
        self.assertEqual(remind_overdue(datetime.date(2026, 3, 27)), 0)  # once

    def test_it_leaves_a_month_sent(self):
        with time_machine.travel(TODAY, tick=False):
            self.report(self.project, 3, "100")
        Notification.objects.all().delete()
        remind_overdue(datetime.date(2026, 3, 26))
        self.assertFalse(
            Notification.objects.filter(user=self.alice, key__startswith="project-overdue:").exists()
        )

    def test_it_has_nothing_to_say_before_the_first_due_day(self):
        self.assertEqual(remind_overdue(datetime.date(2026, 1, 10)), 0)
