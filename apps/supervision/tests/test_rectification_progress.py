"""按月交账: each progress report of a rectification item is kept for its month (Asia/Shanghai), audited,
and the item's page shows the months and whether this month's progress is in."""

import datetime
import zoneinfo

import time_machine
from django.test import override_settings

from apps.audit.models import AuditEvent
from apps.cycles.models import Holiday
from apps.plans.tests.test_query_budgets import page_queries
from apps.supervision import actions_inspections as actions
from apps.supervision.models import RectificationProgress

from .base import InspectionTestCase

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=SHANGHAI), tick=False)


@time_machine.travel(NOW, tick=False)
class RectificationProgressTestCase(InspectionTestCase):
    PAGE_QUERIES = 9  # the user, the unit, the item, its months, the calendar, co-units, evidence, the finding's (整改前), …

    def report(self, text="完成10万亩", user=None):
        self.client.force_login(user or self.alice)
        return self.client.post(f"/rectifications/{self.item.pk}/progress/", {"progress": text})

    def page(self, user=None):
        self.client.force_login(user or self.alice)
        return self.client.get(f"/rectifications/{self.item.pk}/")

    def test_it_keeps_the_report_as_an_entry_of_the_current_month(self):
        with at(2026, 12, 10, 15, 0):
            self.report("完成10万亩")
        entry = RectificationProgress.objects.get(item=self.item)
        self.assertEqual(
            (entry.month, entry.text, entry.done, entry.reported_by),
            (datetime.date(2026, 12, 1), "完成10万亩", False, self.alice),
        )

    def test_it_counts_the_month_in_shanghai_time(self):
        with time_machine.travel(datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC), tick=False):
            self.report()  # 2027-01-01 00:30 in Shanghai
        self.assertEqual(RectificationProgress.objects.get().month, datetime.date(2027, 1, 1))

    def test_it_audits_the_report_with_its_month_when_it_is_made(self):
        with at(2026, 12, 10, 15, 0):
            self.report("完成10万亩")
        event = AuditEvent.objects.filter(object_type="rectification", object_id=self.item.pk).latest("at")
        self.assertEqual(event.changes["交账月份"], [None, "2026-12"])
        self.assertEqual(event.at, datetime.datetime(2026, 12, 10, 15, 0, tzinfo=SHANGHAI))
        self.assertEqual(event.actor, self.alice)

    def test_it_keeps_every_report_of_a_month(self):
        with at(2026, 12, 10, 15, 0):
            self.report("完成10万亩")
        with at(2026, 12, 20, 15, 0):
            self.report("完成15万亩")
        self.assertEqual(
            list(RectificationProgress.objects.values_list("month", "text")),
            [(datetime.date(2026, 12, 1), "完成15万亩"), (datetime.date(2026, 12, 1), "完成10万亩")],
        )
        self.item.refresh_from_db()
        self.assertEqual(self.item.progress, "完成15万亩")

    def test_it_shows_the_progress_month_by_month_newest_first(self):
        with at(2026, 12, 10, 15, 0):
            self.report("12月：完成10万亩")
        with at(2027, 1, 8, 15, 0):
            self.report("1月：完成20万亩")
            response = self.page(self.coordinator)
        months = [m["month"] for m in response.context["progress_months"]]
        self.assertEqual(months, [datetime.date(2027, 1, 1), datetime.date(2026, 12, 1)])
        self.assertContains(response, "2027年1月")
        self.assertContains(response, "12月：完成10万亩")

    def test_it_shows_this_months_progress_owed_with_its_due_day(self):
        response = self.page()
        self.assertContains(response, "本月未交账：应于 2026-12-25 前报送本月整改进展")

    def test_it_shows_this_months_progress_late_after_its_due_day(self):
        with at(2026, 12, 28, 9, 0):
            response = self.page()
        self.assertContains(response, "本月未交账：应于 2026-12-25 前报送本月整改进展，已逾期 3 天")

    def test_it_shows_this_months_progress_in_once_reported(self):
        with at(2026, 12, 10, 15, 0):
            self.report()
            response = self.page()
        self.assertContains(response, "本月进展已报送（2026-12-10）")
        self.assertNotContains(response, "本月未交账")

    def test_it_moves_the_due_day_past_a_holiday(self):
        Holiday.objects.create(day=datetime.date(2026, 12, 25), is_workday=False, name="测试放假")
        response = self.page()
        self.assertEqual(response.context["this_month"].due, datetime.date(2026, 12, 28))

    @override_settings(RECTIFICATION_REPORT_DAY=10)
    def test_it_takes_the_due_day_from_the_setting(self):
        self.assertEqual(self.page().context["this_month"].due, datetime.date(2026, 12, 10))

    def test_it_owes_nothing_for_an_item_added_after_the_due_day(self):
        with at(2026, 12, 28, 9, 0):
            self.item = self.rectification(lead_unit=self.fgw)
            response = self.page()
        self.assertFalse(response.context["this_month"].owed)
        self.assertNotContains(response, "本月未交账")

    def test_it_owes_nothing_once_the_item_asks_for_acceptance(self):
        with at(2026, 11, 20, 9, 0):
            actions.report_progress(self.item, text="已完成", done=False, actor=self.alice)
        self.item.status = self.item.Status.AWAITING
        self.item.save(update_fields=["status"])
        self.assertFalse(self.page().context["this_month"].owed)

    def test_it_shows_the_item_page_in_the_same_number_of_queries_for_many_months(self):
        url = f"/rectifications/{self.item.pk}/"
        self.client.force_login(self.coordinator)
        self.client.get(url)  # warm the session
        with page_queries(self, self.PAGE_QUERIES):
            self.client.get(url)
        for month in range(1, 7):
            with at(2027, month, 10, 15, 0):
                actions.report_progress(self.item, text=f"{month}月进展", done=False, actor=self.alice)
                actions.report_progress(self.item, text=f"{month}月补充", done=False, actor=self.approver)
        with page_queries(self, self.PAGE_QUERIES):
            response = self.client.get(url)
        self.assertEqual(len(response.context["progress_months"]), 6)
