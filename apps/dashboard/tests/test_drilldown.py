"""Drill-down: 市 → 县区/部门 → plan area → the ledger. Each task counts under its first lead unit (主责单位)
only, so each level's rows add up to the level above; each row's link opens a view whose total is that
row's; the last level's ledger (same filter) lists as many rows as the dashboard counts."""

from apps.dashboard import stats
from apps.plans.models import Area, Plan, TaskUnit
from apps.plans.tests.test_query_budgets import page_queries

from .base import TODAY, DashboardTestCase, add_task
from .test_page import DASHBOARD_QUERIES


class DrillDownTestCase(DashboardTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # led by the city itself (本级); led by 市发改委 with 陇西县发改局 co-operating; led by a county unit
        cls.own = add_task(cls.plan, cls.area, "全市统筹", cls.city, rag="red", status="lagging")
        cls.shared = add_task(cls.plan, cls.area2, "共同推进", cls.fgw)
        TaskUnit.objects.create(task=cls.shared, unit=cls.county_fgj, role=TaskUnit.Role.CO)
        add_task(cls.plan, cls.area, "县里牵头", cls.county_fgj, rag="yellow")
        stats.refresh(TODAY)

    def get(self, url, user=None):
        self.login(user or self.leader)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response

    def ledger_count(self, url):
        return self.get(url).context["page"].paginator.count

    def test_it_adds_up_the_units_below_to_the_level_above(self):
        response = self.get(f"/dashboard/?plan={self.plan.pk}")
        units = response.context["units"]
        self.assertEqual(sum(u["total"] for u in units), response.context["total"])
        self.assertEqual(units[0]["label"], "定西市（本级牵头）")
        self.assertEqual([u["total"] for u in units], [1, 2, 2])
        for colour in ("red", "yellow", "green"):
            self.assertEqual(
                sum(u["rag"].get(colour, 0) for u in units), response.context["rag_counts"][colour], colour
            )

    def test_it_opens_each_unit_with_the_total_of_its_row(self):
        for row in self.get(f"/dashboard/?plan={self.plan.pk}").context["units"]:
            if row["url"]:
                self.assertEqual(self.get(row["url"]).context["total"], row["total"], row["label"])

    def test_it_says_how_many_tasks_involve_the_unit_without_being_its_own(self):
        response = self.get(f"/dashboard/?plan={self.plan.pk}&unit={self.county.pk}")
        self.assertEqual((response.context["total"], response.context["involved"]), (2, 1))
        self.assertContains(response, "另有 1 项任务陇西县的单位为配合单位或其他牵头单位")

    def test_it_adds_up_the_areas_and_opens_each_with_its_total(self):
        response = self.get(f"/dashboard/?plan={self.plan.pk}&unit={self.county.pk}")
        areas = response.context["areas"]
        self.assertEqual(sum(a["total"] for a in areas), response.context["total"])
        for row in areas:
            self.assertIn(f"area={row['id']}", row["url"])
            self.assertIn(f"unit={self.county.pk}", row["url"])
            self.assertEqual(self.get(row["url"]).context["total"], row["total"])

    def test_it_counts_as_many_tasks_as_the_ledger_it_links_lists(self):
        for query in (
            f"?plan={self.plan.pk}",
            f"?plan={self.plan.pk}&unit={self.county.pk}",
            f"?plan={self.plan.pk}&unit={self.county.pk}&area={self.area.pk}",
            f"?plan={self.plan.pk}&unit={self.fgw.pk}&area={self.area2.pk}",
        ):
            response = self.get(f"/dashboard/{query}")
            ledger = response.context["ledger"]
            self.assertContains(response, 'href="{}"'.format(ledger.replace("&", "&amp;")))
            self.assertEqual(self.ledger_count(ledger), response.context["total"], query)

    def test_it_counts_as_many_tasks_as_the_api_filtered_by_the_same_lead_unit(self):
        total = self.get(f"/dashboard/?plan={self.plan.pk}&unit={self.county.pk}").context["total"]
        body = self.call("GET", f"/api/tasks?plan={self.plan.pk}&lead={self.county.pk}", self.leader).json()
        self.assertEqual(body["count"], total)

    def test_it_counts_a_colour_as_the_ledger_filtered_by_it(self):
        response = self.get(f"/dashboard/?plan={self.plan.pk}&unit={self.county.pk}&area={self.area.pk}")
        self.assertEqual(response.context["rag_counts"]["yellow"], 1)
        self.assertEqual(self.ledger_count(f"{response.context['ledger']}&rag=yellow"), 1)

    def test_it_lists_only_the_areas_red_tasks(self):
        response = self.get(f"/dashboard/?plan={self.plan.pk}&area={self.area.pk}")
        self.assertEqual([t.pk for t in response.context["red"]], [self.own.pk])

    def test_it_keeps_the_state_in_the_url_and_swaps_in_place(self):
        response = self.get(f"/dashboard/?plan={self.plan.pk}&unit={self.county.pk}")
        county_area = f"/dashboard/?plan={self.plan.pk}&amp;unit={self.county.pk}&amp;area={self.area.pk}"
        self.assertContains(response, f'hx-get="{county_area}" hx-push-url="true"')
        self.assertContains(
            response, 'id="dash" hx-target="#dash" hx-select="#dash" hx-swap="outerHTML show:window:top"'
        )

    def test_it_refuses_an_area_of_another_plan(self):
        other = Plan.objects.create(title="另一计划", year=2026, owner_unit=self.city)
        area = Area.objects.create(plan=other, title="别的领域")
        self.login(self.leader)
        self.assertEqual(self.client.get(f"/dashboard/?plan={self.plan.pk}&area={area.pk}").status_code, 404)

    def test_it_keeps_the_query_budget_on_an_area_page(self):
        self.login(self.leader)
        with page_queries(self, DASHBOARD_QUERIES + 2):  # the area, its plan's visibility
            self.client.get(f"/dashboard/?plan={self.plan.pk}&area={self.area.pk}")
