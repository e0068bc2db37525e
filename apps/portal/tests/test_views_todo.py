"""我的待办: what waits for the user (reports to fill, approve, accept; 督办; 销号) comes first, then the
unread notifications, a page at a time."""

import datetime

from django.utils import timezone

from apps.cycles.tests.test_views_progress import ProgressTestCase
from apps.notify.models import Notification


class TodoOrderTestCase(ProgressTestCase):
    def notify(self, user, count):
        start = timezone.now() - datetime.timedelta(days=1)
        Notification.objects.bulk_create(
            Notification(
                user=user,
                key=f"n{i}",
                text=f"第{i:02d}条提醒",
                link="/todo/",
                created_at=start + datetime.timedelta(minutes=i),
            )
            for i in range(1, count + 1)
        )

    def test_it_shows_the_reports_waiting_for_approval_before_the_notifications(self):
        self.notify(self.approver, 50)
        self.login(self.approver)
        html = self.client.get("/todo/").content.decode()
        self.assertIn("待单位审核（1）", html)
        self.assertLess(html.index("待单位审核（1）"), html.index("新消息（50）"))

    def test_it_shows_the_newest_twenty_notifications_first_with_their_total(self):
        self.notify(self.approver, 50)
        self.login(self.approver)
        response = self.client.get("/todo/")
        self.assertEqual(
            [n.text for n in response.context["notifications"]],
            [f"第{i:02d}条提醒" for i in range(50, 30, -1)],
        )
        self.assertContains(response, "新消息（50）")
        self.assertContains(response, "第 1 / 3 页")
        self.assertContains(response, 'href="?page=2"')

    def test_it_shows_the_older_notifications_on_later_pages(self):
        self.notify(self.approver, 50)
        self.login(self.approver)
        response = self.client.get("/todo/?page=3")
        self.assertEqual(
            [n.text for n in response.context["notifications"]],
            [f"第{i:02d}条提醒" for i in range(10, 0, -1)],
        )
        self.assertContains(response, "待单位审核（1）")  # the work stays on every page

    def test_it_shows_no_pager_for_a_few_notifications(self):
        self.notify(self.alice, 3)
        self.login(self.alice)
        response = self.client.get("/todo/")
        self.assertContains(response, "新消息（3）")
        self.assertNotContains(response, "page=2")
