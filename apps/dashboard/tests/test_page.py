"""The dashboard page: figures from the statistics, drill-down keeping the query, why red, query budget."""

import datetime

import time_machine

from apps.cycles import actions as cycle_actions
from apps.cycles.models import Cycle
from apps.dashboard import stats
from apps.plans.models import Area, Plan, Task
from apps.plans.tests.test_query_budgets import page_queries

from .base import TODAY, WHY, DashboardTestCase, add_task

# the user's jurisdiction, the plans, task figures, units below, subtree figures, 报送率 per unit, the
# breadcrumb, the red list, its lead units and its missing reports; for a 领导, 我分管: its counts and
# its red list (here empty; with red tasks, one more for their lead units); the 重点项目 card's counts
# and the 主要经济指标 card's indicators (none here: nothing more)
DASHBOARD_QUERIES = 15


class DashboardPageTestCase(DashboardTestCase):
    def get(self, user, query=""):
        self.login(user)
        return self.client.get(f"/dashboard/{query}")

    def test_it_shows_the_totals_by_colour(self):
        response = self.get(self.leader)
        self.assertContains(response, "任务总体情况（定西市主责，共 2 项）")
        self.assertEqual(
            {key: n for key, _, n, _ in response.context["rags"]}, {"red": 1, "yellow": 1, "green": 0}
        )

    def test_it_explains_why_a_task_is_red(self):
        response = self.get(self.leader)
        self.assertContains(response, f'href="/tasks/{self.red.pk}/"')
        self.assertContains(response, "；".join(WHY))

    def test_it_says_since_when_a_task_is_red(self):
        Task.objects.filter(pk=self.red.pk).update(
            rag_since=datetime.datetime(2026, 11, 2, 1, tzinfo=datetime.UTC)
        )
        self.assertContains(self.get(self.leader), "2026-11-02起亮红灯")

    def test_it_says_what_each_colour_means(self):
        self.assertContains(self.get(self.leader), "红灯：已超过完成时限、有节点逾期")

    def test_it_shows_the_cycles_reporting_rate(self):
        current = self.get(self.leader, f"?plan={self.plan.pk}").context["current"]
        self.assertEqual((current["label"], current["sent"], current["due"]), ("2026年11月", 2, 3))

    def test_it_shows_open_notices_by_level_and_rectification(self):
        response = self.get(self.leader)
        self.assertEqual(dict(response.context["notices"]), {"提醒": 0, "催办": 1, "督办": 1, "通报": 0})
        self.assertEqual(response.context["rect"], {"total": 3, "closed": 1, "overdue": 1, "percent": 33.3})

    def test_it_lists_the_lowest_reporting_rates_first(self):
        response = self.get(self.leader, f"?plan={self.plan.pk}")
        rates = [(r["label"], r["due"], r["sent"], r["rate"]) for r in response.context["rates"]]
        self.assertEqual(rates[0], ("陇西县发改局", 1, 0, 0.0))
        self.assertEqual(set(rates[1:]), {("市发改委", 1, 1, 100.0), ("市住建局", 1, 1, 100.0)})
        self.assertEqual(response.context["rate_units"], 3)

    def test_it_lists_the_same_reporting_rates_over_every_plan_from_the_stored_rates(self):
        one = self.get(self.leader, f"?plan={self.plan.pk}").context
        every = self.get(self.leader).context
        self.assertEqual((every["rates"], every["rate_units"]), (one["rates"], one["rate_units"]))
        county = self.get(self.leader, f"?unit={self.county.pk}").context
        self.assertEqual([r["label"] for r in county["rates"]], ["陇西县发改局"])

    def test_it_shows_a_units_subtree_figures_for_one_plan(self):
        response = self.get(self.leader, f"?plan={self.plan.pk}&unit={self.county.pk}")
        current = response.context["current"]
        self.assertEqual((current["label"], current["sent"], current["due"]), ("2026年11月", 0, 1))
        self.assertEqual(dict(response.context["notices"]), {"提醒": 0, "催办": 0, "督办": 1, "通报": 0})

    def test_it_drills_down_keeping_the_plan(self):
        response = self.get(self.leader, f"?plan={self.plan.pk}")
        county = next(u for u in response.context["units"] if u["id"] == self.county.pk)
        self.assertEqual(county["url"], f"/dashboard/?plan={self.plan.pk}&unit={self.county.pk}")
        below = self.get(self.leader, f"?plan={self.plan.pk}&unit={self.county.pk}")
        self.assertEqual(below.context["total"], 1)
        self.assertContains(below, f"/plans/{self.plan.pk}/?unit={self.county.pk}&amp;owner=on")

    def test_it_keeps_a_county_leader_in_the_county(self):
        self.assertEqual(self.get(self.county_leader, f"?unit={self.fgw.pk}").status_code, 404)
        self.assertEqual(self.get(self.county_leader).context["total"], 1)

    def test_it_refuses_a_unit_reporter(self):
        self.assertEqual(self.get(self.alice).status_code, 403)

    def test_it_links_the_dashboard_in_the_menu_for_oversight_roles_only(self):
        self.assertContains(self.get(self.leader), 'href="/dashboard/"')
        self.login(self.alice)
        self.assertNotContains(self.client.get("/todo/"), 'href="/dashboard/"')

    def test_it_asks_no_more_queries_with_more_tasks(self):
        self.login(self.leader)
        with page_queries(self, DASHBOARD_QUERIES):
            self.client.get("/dashboard/")
        for n in range(25):
            add_task(self.plan, self.area2, f"任务{n}", self.tjj, status="overdue", rag="red", reasons=WHY)
        with time_machine.travel(TODAY, tick=False):
            stats.refresh(TODAY)
        with page_queries(self, DASHBOARD_QUERIES):
            response = self.client.get("/dashboard/")
        self.assertEqual(len(response.context["red"]), 20)

    def test_it_adds_up_every_plan_from_the_all_plans_rows(self):
        plan = Plan.objects.create(
            title="第二个计划", year=2026, owner_unit=self.city, status=Plan.Status.PUBLISHED
        )
        area = Area.objects.create(plan=plan, title="领域", order=1)
        first = add_task(
            plan, area, "最早到期", self.tjj, status="overdue", rag="red", due=datetime.date(2026, 9, 30)
        )
        cycle = Cycle.objects.create(
            plan=plan,
            kind="month",
            label="2026年11月",
            period_start=datetime.date(2026, 11, 1),
            period_end=datetime.date(2026, 11, 30),
            opens_on=datetime.date(2026, 11, 15),
            due_on=datetime.date(2026, 11, 25),
        )
        cycle_actions.open_cycle(cycle)
        stats.refresh(TODAY)
        response = self.get(self.leader)
        self.assertEqual(response.context["total"], 3)
        current = response.context["current"]
        self.assertEqual((current["label"], current["sent"], current["due"]), ("2026年11月", 2, 4))
        units = {u["id"]: dict(u["status"]) for u in response.context["units"]}
        self.assertEqual((units[self.tjj.pk], units[self.fgw.pk]), ({"overdue": 1}, {"on_track": 1}))
        self.assertEqual([t.pk for t in response.context["red"]], [first.pk, self.red.pk])

    def test_it_shows_no_template_comment_as_text(self):
        self.assertNotContains(self.get(self.leader), "Drill-down links")
