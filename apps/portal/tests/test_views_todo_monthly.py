"""我的待办 and 按月交账: the lead unit's rectification items still owing this month's progress come first,
with the day it is due; an item past its time limit says by how many days and why it is red."""

import datetime
import zoneinfo

import time_machine

from apps.plans.tests.test_query_budgets import page_queries
from apps.supervision import actions_inspections as actions
from apps.supervision.models import Rectification
from apps.supervision.tests.base import InspectionTestCase

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=SHANGHAI), tick=False)


@time_machine.travel(NOW, tick=False)
class TodoMonthlyProgressTestCase(InspectionTestCase):
    TODO_QUERIES = 6  # 我的待办's five (cycles' MainPagesBudgetTestCase) and the calendar for the due day

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.early = cls.rectification(
            lead_unit=cls.fgw, description="专项资金拨付不及时", due_date=datetime.date(2026, 12, 20)
        )

    def todo(self, user=None):
        self.client.force_login(user or self.alice)
        return self.client.get("/todo/")

    def test_it_lists_the_items_owing_this_months_progress_first(self):
        with at(2026, 12, 5, 10, 0):
            actions.report_progress(self.early, text="已拨付一半", done=False, actor=self.alice)
            items = list(self.todo().context["rectifications"])
        self.assertEqual(items, [self.item, self.early])  # the later time limit, but still owing
        self.assertEqual([i.month.owed for i in items], [True, False])

    def test_it_shows_the_day_this_months_progress_is_due(self):
        response = self.todo()
        self.assertContains(response, "本月未交账")
        self.assertContains(response, '应于 <span class="nowrap">2026-12-25</span> 前报送')

    def test_it_says_when_this_months_progress_is_in(self):
        with at(2026, 12, 5, 10, 0):
            actions.report_progress(self.item, text="完成10万亩", done=False, actor=self.alice)
            response = self.todo()
        self.assertContains(response, "本月已交账")

    def test_it_counts_the_days_past_the_report_day(self):
        with at(2026, 12, 28, 10, 0):
            response = self.todo()
        self.assertContains(response, "已过 3 天")

    def test_it_flags_an_item_past_its_time_limit_with_the_days_and_why(self):
        with at(2026, 12, 23, 10, 0):
            response = self.todo()
        self.assertContains(
            response, '<span class="tag high" title="已过整改时限 2026-12-20 仍未完成整改">逾期 3 天</span>'
        )
        self.assertEqual([i.month.overdue_days for i in response.context["rectifications"]], [3, 0])

    def test_it_keeps_items_waiting_for_verification_in_the_inspectors_list(self):
        Rectification.objects.filter(pk=self.item.pk).update(status=Rectification.Status.VERIFIED)
        self.assertEqual(list(self.todo(self.inspector).context["to_verify"]), [self.item])
        self.assertEqual(list(self.todo().context["rectifications"]), [self.early])

    def test_it_shows_the_items_in_the_same_number_of_queries_however_many(self):
        self.client.force_login(self.alice)
        self.client.get("/todo/")  # warm the session
        with page_queries(self, self.TODO_QUERIES):
            self.client.get("/todo/")
        for n in range(10):
            self.rectification(lead_unit=self.fgw, description=f"问题{n}")
        with page_queries(self, self.TODO_QUERIES):
            response = self.client.get("/todo/")
        self.assertEqual(len(response.context["rectifications"]), 12)
