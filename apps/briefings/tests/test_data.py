import datetime

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from apps.briefings import figures, periods, text
from apps.briefings.data import PeriodError, gather, parse_period
from apps.plans.models import Rag, Task, TaskStatus

from .base import TODAY, BriefingTestCase, add_task


class GatherTestCase(BriefingTestCase):
    def gather(self):
        return gather([self.plan], 2026, 11, today=TODAY)

    def test_it_counts_each_category_from_the_ledger(self):
        counts = self.gather()["counts"]
        self.assertEqual(counts, {"已完成": 1, "超进度": 1, "达进度": 1, "欠进度": 2, "未启动": 1})

    def test_it_reads_the_same_number_of_queries_whatever_the_number_of_tasks(self):
        with CaptureQueriesContext(connection) as small:
            self.gather()
        for i in range(20):
            add_task(self, f"任务{i}", "on_track", 50)
        with CaptureQueriesContext(connection) as large:
            self.gather()
        self.assertEqual(len(small.captured_queries), len(large.captured_queries))
        self.assertLessEqual(len(large.captured_queries), 5)

    def test_it_computes_the_submission_rate_per_unit(self):
        data = self.gather()
        rates = {u["unit"]: (u["due"], u["submitted"], u["rate"]) for u in data["submission"]}
        self.assertEqual(rates, {"市发改委": (2, 1, "50%"), "市住建局": (1, 1, "100%")})
        self.assertEqual(data["submission_total"]["rate"], "66.7%")
        self.assertEqual(data["late_units"], ["市发改委"])

    def test_it_names_each_lagging_item_with_its_unit_what_it_lacks_and_since_when(self):
        behind = {row["title"]: row for row in self.gather()["behind"]}
        self.assertEqual(behind["改造老旧小区30个"]["lead"], "市住建局")
        self.assertEqual(behind["改造老旧小区30个"]["since"], "2026-11-10起被督办")
        self.assertEqual(behind["完成国土空间规划报批"]["since"], "2026-11-01起逾期")
        self.assertEqual(behind["完成国土空间规划报批"]["reasons"], ["已超过完成时限 2026-10-31"])

    def test_it_dates_a_lagging_item_without_a_notice_from_when_its_light_turned_red(self):
        Task.objects.filter(pk=self.idle.pk).update(
            status=TaskStatus.LAGGING,
            percent=10,
            rag=Rag.RED,
            rag_since=datetime.datetime(2026, 9, 14, 2, tzinfo=datetime.UTC),
        )
        behind = {row["title"]: row for row in self.gather()["behind"]}
        self.assertEqual(behind["建设数据中心"]["since"], "2026-09-14起亮红灯")

    def test_it_groups_the_periods_problems_by_area(self):
        problems = self.gather()["problems"]
        self.assertEqual(problems[0]["area"], "在保障和改善民生上用力")
        self.assertEqual(problems[0]["items"][0]["text"], "拆迁协议签订进度慢，资金缺口较大")

    def test_it_writes_the_counts_of_the_text_from_the_tables_rows(self):
        data = self.gather()
        body = "".join(content or "" for _, content in text.blocks(data, office="市政府督查室"))
        lagging, on_pace, submission = text.tables(data)
        self.assertIn(f"欠进度{len(lagging['rows'])}项", body)
        for name in ("已完成", "超进度", "达进度", "未启动"):
            rows = [r for r in on_pace["rows"] if r[3] == name]
            self.assertIn(f"{name}{len(rows)}项", body)
        due = sum(int(r[2]) for r in submission["rows"])
        self.assertIn(f"应报送进展报告{due}份", body)

    def test_it_refuses_a_month_not_yet_begun_or_malformed(self):
        for period in ("2026-12", "2026-13", "11/2026", ""):
            with self.subTest(period=period), self.assertRaises(PeriodError):
                parse_period(period, today=TODAY)
        self.assertEqual(parse_period("2026-11", today=TODAY), (2026, 11))
        self.assertEqual(parse_period("2025-1", today=datetime.date(2026, 1, 5)), (2025, 1))


class LimitsTestCase(BriefingTestCase):
    """A long list is cut in the snapshot (its whole length kept), and the text and tables say so."""

    @override_settings(BRIEFING_TEXT_ITEMS=1, BRIEFING_TABLE_ROWS=2)
    def test_it_names_and_tabulates_the_first_items_of_a_long_list_with_the_whole_count(self):
        plan, period = self.plan, periods.of("monthly", 2026, 11)
        data = figures.gather("monthly", period, today=TODAY, plan=plan)
        self.assertEqual(
            (data["counts"]["欠进度"], len(data["behind"]), data["totals"]["on_pace"]), (2, 2, 4)
        )
        self.assertEqual((len(data["on_pace"]), len(data["good"]), data["totals"]["good"]), (2, 1, 2))
        body = [content for _, content in text.blocks(data, office="市政府督查室")]
        self.assertIn("共2项任务未达序时进度（详见附件1），以下列出前1项：", body)
        self.assertIn("已完成或超进度的事项（共2项，以下列出前1项）：", body)
        on_pace = text.tables(data)[1]
        self.assertEqual(len(on_pace["rows"]), 2)
        self.assertEqual(on_pace["note"], "共4项，本表列出前2项，完整清单请在系统中查询导出。")

    def test_it_leaves_a_short_list_whole_and_unannotated(self):
        data = figures.gather("monthly", periods.of("monthly", 2026, 11), today=TODAY, plan=self.plan)
        self.assertEqual([t["note"] for t in text.tables(data)], ["", "", ""])
