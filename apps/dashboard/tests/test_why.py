"""Why red: each colour on the dashboard and in the ledger says in words — visible, not only on hover —
which rule made it, which deadline or which missing report, and since when."""

import time_machine

from apps.cycles.models import Cycle, Report
from apps.plans.tests.test_query_budgets import page_queries

from .base import TODAY, WHY, DashboardTestCase
from .test_page import DASHBOARD_QUERIES


@time_machine.travel(TODAY, tick=False)
class WhyRedTestCase(DashboardTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Cycle.objects.filter(pk=cls.cycle.pk).update(status=Cycle.Status.CLOSED)

    def dashboard(self):
        self.login(self.leader)
        return self.client.get("/dashboard/")

    def test_it_names_the_missing_report_its_unit_and_since_when(self):
        response = self.dashboard()
        red = response.context["red"][0]
        self.assertEqual(red.missing, ["2026年11月未报送（陇西县发改局，2026-11-25 截止，已过 3 天）"])
        self.assertContains(response, "<li>2026年11月未报送（陇西县发改局，2026-11-25 截止，已过 3 天）</li>")

    def test_it_lists_each_reason_as_visible_text(self):
        response = self.dashboard()
        for reason in WHY:
            self.assertContains(response, f"<li>{reason}</li>")

    def test_it_names_no_report_once_it_is_sent(self):
        Report.objects.filter(task=self.red).update(status=Report.Status.SUBMITTED)
        self.assertEqual(self.dashboard().context["red"][0].missing, [])

    def test_it_explains_every_status_and_colour_in_words(self):
        response = self.dashboard()
        self.assertContains(response, "<summary>各状态的含义</summary>")
        self.assertContains(response, "<li>逾期：已超过完成时限仍未完成</li>")
        self.assertContains(response, '<span class="why">红灯：已超过完成时限')

    def test_it_reads_the_missing_reports_in_one_query(self):
        self.login(self.leader)
        with page_queries(self, DASHBOARD_QUERIES):
            self.client.get("/dashboard/")

    def test_it_says_why_in_the_ledger_beside_the_status(self):
        self.login(self.leader)
        response = self.client.get(f"/plans/{self.plan.pk}/?rag=red")
        self.assertContains(response, '<span class="status-why">红灯：' + "；".join(WHY) + "</span>")
