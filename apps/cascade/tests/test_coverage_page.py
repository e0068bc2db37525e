import io
from decimal import Decimal

import openpyxl

from apps.plans.models import Plan, Task

from ..models import PlanParent, TaskLink
from .base import CascadeTestCase


class CoverageTests(CascadeTestCase):
    url = property(lambda self: f"/plans/{self.plan.pk}/coverage/")

    def setUp(self):
        self.carry()

    def test_it_is_shown_to_the_city_and_to_the_county_coordinator_but_not_to_an_outsider(self):
        self.assertStatusFor(
            self.url, {None: 302, self.coordinator: 200, self.county_coordinator: 200, self.charlie: 404}
        )

    def test_it_names_the_parent_tasks_no_lower_plan_picked_up(self):
        self.link()
        self.login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(response.context["report"]["totals"]["unclaimed"], 1)
        self.assertEqual([r["task"] for r in response.context["report"]["rows"] if r["missing"]], [self.soe])

    def test_it_lists_lower_tasks_with_no_parent_as_local_work(self):
        self.link()
        self.login(self.coordinator)
        entry = self.client.get(self.url).context["report"]["per_plan"][0]
        self.assertEqual(entry["orphans"], [self.games])

    def test_it_flags_shares_that_do_not_add_up_to_the_parent_target(self):
        self.link(relation=TaskLink.Relation.SHARE, parent_target=self.target, share=Decimal("6"))
        self.login(self.coordinator)
        response = self.client.get(self.url)
        self.assertContains(response, "分解合计比上级目标少 14万亩")

    def test_it_says_when_shares_add_up(self):
        other = Plan.objects.create(
            title="安定区计划", year=2026, owner_unit=self.county, status=Plan.Status.PUBLISHED
        )
        PlanParent.objects.create(plan=other, parent=self.plan, created_by=self.coordinator)
        task = Task.objects.create(plan=other, title="新建高标准农田14万亩")
        self.link(relation=TaskLink.Relation.SHARE, parent_target=self.target, share=Decimal("6"))
        self.link(task=task, relation=TaskLink.Relation.SHARE, parent_target=self.target, share=Decimal("14"))
        self.login(self.coordinator)
        self.assertContains(self.client.get(self.url), "分解合计等于上级目标")

    def test_it_names_what_a_linked_task_lacks_of_the_four_clears(self):
        self.link(task=self.games, parent=self.soe)
        self.login(self.coordinator)
        check = self.client.get(self.url).context["report"]["incomplete"][0]
        self.assertEqual(check["missing"], ["数量", "时间", "标准"])

    def test_it_shows_a_county_coordinator_only_its_own_lower_plans(self):
        other = Plan.objects.create(
            title="市直计划", year=2026, owner_unit=self.fgw, status=Plan.Status.PUBLISHED
        )
        PlanParent.objects.create(plan=other, parent=self.plan, created_by=self.coordinator)
        self.login(self.county_coordinator)
        self.assertEqual(self.client.get(self.url).context["report"]["children"], [self.county_plan])

    def test_it_reads_the_report_in_a_fixed_number_of_queries(self):
        self.link()
        self.login(self.coordinator)
        self.client.get(self.url)
        for i in range(5):
            task = Task.objects.create(plan=self.county_plan, title=f"任务{i}")
            self.link(task=task, parent=self.soe)
        with self.assertNumQueries(18):
            self.client.get(self.url)

    def test_it_exports_the_report_as_a_workbook(self):
        self.link()
        self.login(self.coordinator)
        response = self.client.get(f"/plans/{self.plan.pk}/coverage.xlsx")
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(book.sheetnames, ["认领情况", "四清检查", "未承接上级的任务"])
        self.assertEqual(
            [c.value for c in book["认领情况"][1]],
            ["编号", "上级任务", "陇西县（陇西县2026年重点改革任务）", "数量分解"],
        )

    def test_it_marks_each_lower_plans_cell_claimed_or_not(self):
        self.link()
        self.login(self.coordinator)
        response = self.client.get(self.url)
        self.assertContains(response, f'<td><a href="/tasks/{self.farmland.pk}/">✓ 承接</a></td>', html=True)
        self.assertContains(response, '<td><span class="error">✗ 未认领</span></td>', html=True)

    def test_it_counts_a_share_of_the_parent_target_as_the_lower_tasks_quantity(self):
        self.link(
            task=self.games,
            parent=self.task,
            relation=TaskLink.Relation.SHARE,
            parent_target=self.target,
            share=Decimal("2"),
        )
        self.login(self.coordinator)
        check = self.client.get(self.url).context["report"]["incomplete"][0]
        self.assertEqual(check["missing"], ["时间", "标准"])
