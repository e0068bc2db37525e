"""我的待办: what waits for the user (reports to fill, approve, accept; 督办; 销号) comes first, then the
unread notifications, a page at a time."""

import datetime

from django.utils import timezone

from apps.cycles import actions
from apps.cycles.models import Cycle
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


class TodoReportsTestCase(ProgressTestCase):
    def test_it_lists_the_reports_to_fill_of_the_earliest_due_cycle_first(self):
        october = Cycle.objects.create(
            plan=self.plan,
            kind="month",
            label="2026年10月",
            period_start=datetime.date(2026, 10, 1),
            period_end=datetime.date(2026, 10, 31),
            opens_on=datetime.date(2026, 10, 15),
            due_on=datetime.date(2026, 10, 25),
        )
        actions.open_cycle(october)
        self.login(self.alice)
        rows = self.client.get("/todo/").context["to_fill"]
        self.assertEqual([r.cycle.label for r in rows], ["2026年10月"] * 2 + ["2026年11月"])
