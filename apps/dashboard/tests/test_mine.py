"""我分管 on the dashboard: a 领导 sees first the tasks they are the responsible leader of — counts by
colour per plan, the red ones with why, a link to the ledger's 我分管 filter — and nobody else's."""

from apps.plans.models import Task
from apps.plans.tests.test_query_budgets import page_queries

from .base import WHY, DashboardTestCase, add_task
from .test_page import DASHBOARD_QUERIES


class MineTestCase(DashboardTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Task.objects.filter(pk__in=[cls.task.pk, cls.red.pk]).update(leader_user=cls.leader)

    def get(self, user, query=""):
        self.login(user)
        return self.client.get(f"/dashboard/{query}")

    def test_it_shows_the_leaders_tasks_first_with_why_the_red_one_is_red(self):
        response = self.get(self.leader)
        mine = response.context["mine"]
        self.assertEqual(mine["total"], 2)
        self.assertEqual({key: n for key, _, n, _ in mine["rags"]}, {"red": 1, "yellow": 1, "green": 0})
        self.assertEqual([t.pk for t in mine["red"]], [self.red.pk])
        page = response.content.decode()
        mine_at, totals_at = page.index("我分管（我是责任领导的任务，共 2 项）"), page.index('id="totals-h"')
        self.assertLess(mine_at, totals_at)
        for reason in WHY:
            self.assertIn(f"<li>{reason}</li>", page[mine_at:totals_at])

    def test_it_links_to_the_ledgers_mine_filter_with_the_same_count(self):
        mine = self.get(self.leader).context["mine"]
        row = mine["plans"][0]
        self.assertEqual(row["url"], f"/plans/{self.plan.pk}/?mine=on")
        ledger = self.client.get(row["url"])
        self.assertEqual(ledger.context["page"].paginator.count, row["total"])

    def test_it_counts_only_the_leaders_own_tasks(self):
        other = add_task(self.plan, self.area, "别人分管", self.fgw, rag="red", status="overdue")
        Task.objects.filter(pk=other.pk).update(leader_user=self.county_leader)
        self.assertEqual(self.get(self.leader).context["mine"]["total"], 2)

    def test_it_tells_a_leader_without_tasks_how_they_get_some(self):
        self.assertContains(self.get(self.county_leader), "您还不是任何任务的责任领导")

    def test_it_shows_no_mine_section_to_a_coordinator(self):
        response = self.get(self.coordinator)
        self.assertIsNone(response.context["mine"])
        self.assertNotContains(response, "我分管")

    def test_it_asks_no_more_queries_with_more_led_tasks(self):
        for n in range(25):
            task = add_task(
                self.plan, self.area2, f"任务{n}", self.tjj, status="overdue", rag="red", reasons=WHY
            )
            Task.objects.filter(pk=task.pk).update(leader_user=self.leader)
        self.login(self.leader)
        with page_queries(self, DASHBOARD_QUERIES + 1):  # the lead units of 我分管's red list
            response = self.client.get("/dashboard/")
        self.assertEqual(len(response.context["mine"]["red"]), 20)
