"""The 重点项目 figures and colour rules against the real examples of DOMAIN.md §5."""

import datetime
import unittest
from decimal import Decimal

from apps.projects import rules
from apps.projects.models import Project
from apps.projects.rules import Colour, Thresholds

D = datetime.date


class RatesTestCase(unittest.TestCase):
    def test_it_computes_the_completion_rate_of_qinshui(self):
        # 沁水: 当年计划投资63.27亿元…完成投资77.57亿元，投资完成率122.6%
        rate = rules.completion_rate(Decimal("77.57"), Decimal("63.27"))
        self.assertEqual(rate, Decimal("122.60"))
        self.assertEqual(rules.format_percent(rate), "122.6%")

    def test_it_computes_jiangmen_ahead_of_time_progress(self):
        # 江门 1-3月: 累计完成投资313.64亿元…为年度投资计划的30.90%，超过时间进度5.90个百分点
        rate = rules.completion_rate(Decimal("313.64"), Decimal("1015"))
        self.assertEqual(rate, Decimal("30.90"))
        progress = rules.time_progress(3)
        self.assertEqual(progress, Decimal("25.00"))
        gap = rules.schedule_gap(rate, progress)
        self.assertEqual(gap, Decimal("5.90"))
        self.assertEqual(rules.describe_gap(gap), "超过时间进度5.90个百分点")

    def test_it_describes_a_project_behind_and_level(self):
        self.assertEqual(rules.describe_gap(Decimal("-12.5")), "落后时间进度12.50个百分点")
        self.assertEqual(rules.describe_gap(Decimal("0")), "与时间进度持平")

    def test_it_computes_the_start_rate_of_guinan(self):
        # 贵南: 承诺3月份开复工36项…已开复工的项目26项，开复工率为72.2%
        rate = rules.start_rate(26, 36)
        self.assertEqual(rules.format_percent(rate), "72.2%")

    def test_it_computes_finish_and_stats_rates(self):
        self.assertEqual(rules.finish_rate(3, 4), Decimal("75.00"))
        self.assertEqual(rules.stats_rate(122, 124), Decimal("98.39"))

    def test_it_has_no_rate_without_a_denominator(self):
        self.assertIsNone(rules.start_rate(3, 0))
        self.assertIsNone(rules.completion_rate(Decimal(5), None))
        self.assertEqual(rules.format_percent(None), "—")

    def test_it_takes_time_progress_as_month_over_twelve(self):
        self.assertEqual(rules.time_progress(6), Decimal("50.00"))
        self.assertEqual(rules.time_progress(11), Decimal("91.67"))  # 宣城 1-11月 91.7%
        with self.assertRaises(ValueError):
            rules.time_progress(13)

    def test_it_takes_time_progress_from_the_monthly_plan_when_there_is_one(self):
        plan = [0, 0, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100]  # starts in March
        self.assertEqual(rules.time_progress(2, plan), Decimal("0.00"))
        self.assertEqual(rules.time_progress(3, plan), Decimal("10.00"))
        self.assertEqual(rules.time_progress(3, [0] * 12), Decimal("25.00"))  # an empty plan: month ÷ 12


class StartLightTestCase(unittest.TestCase):
    def test_it_is_green_once_started(self):
        light = rules.start_light(D(2026, 3, 1), D(2026, 6, 2), D(2026, 7, 1))
        self.assertEqual(light.colour, Colour.GREEN)
        self.assertEqual(light.reason, "已于2026年6月2日开工")

    def test_it_is_green_before_the_planned_month(self):
        light = rules.start_light(D(2026, 5, 10), None, D(2026, 4, 30))
        self.assertEqual((light.colour, light.reason), (Colour.GREEN, "计划2026年5月开工，尚未到期"))

    def test_it_is_yellow_when_due_this_month_and_not_started(self):
        light = rules.start_light(D(2026, 4, 20), None, D(2026, 4, 2))
        self.assertEqual(light.colour, Colour.YELLOW)
        self.assertEqual(light.reason, "计划本月（2026年4月）开工，尚未开工")

    def test_it_stays_yellow_until_three_months_after_the_due_month(self):
        light = rules.start_light(D(2026, 4, 20), None, D(2026, 6, 30))
        self.assertEqual(light.colour, Colour.YELLOW)
        self.assertIn("已逾期2个月未开工", light.reason)

    def test_it_is_red_three_months_after_the_due_month(self):
        light = rules.start_light(D(2026, 4, 20), None, D(2026, 7, 1))
        self.assertEqual(light.colour, Colour.RED)
        self.assertEqual(light.reason, "计划2026年4月开工，逾期3个月仍未开工（3个月及以上为红灯）")

    def test_it_reads_the_red_limit_from_the_thresholds(self):
        light = rules.start_light(D(2026, 4, 20), None, D(2026, 6, 1), Thresholds(start_red_months=2))
        self.assertEqual(light.colour, Colour.RED)

    def test_it_does_not_light_without_a_planned_start(self):
        self.assertEqual(rules.start_light(None, None, D(2026, 6, 1)).colour, Colour.NONE)


class ProgressLightTestCase(unittest.TestCase):
    def test_it_is_green_at_or_above_time_progress(self):
        light = rules.progress_light(Decimal("313.64"), Decimal("1015"), 3)
        self.assertEqual(light.colour, Colour.GREEN)
        self.assertEqual(light.reason, "投资完成率30.90%，时间进度25.00%，超过时间进度5.90个百分点")

    def test_it_is_green_less_than_ten_points_behind(self):
        self.assertEqual(rules.progress_light(Decimal(41), Decimal(100), 6).colour, Colour.GREEN)

    def test_it_is_yellow_ten_to_thirty_points_behind(self):
        for done in (40, 20):  # 10 and 30 points behind 50 %: both ends yellow (含)
            with self.subTest(done=done):
                light = rules.progress_light(Decimal(done), Decimal(100), 6)
                self.assertEqual(light.colour, Colour.YELLOW)
                self.assertIn("为黄灯", light.reason)

    def test_it_is_red_more_than_thirty_points_behind(self):
        light = rules.progress_light(Decimal("19.99"), Decimal(100), 6)
        self.assertEqual(light.colour, Colour.RED)
        self.assertEqual(
            light.reason,
            "投资完成率19.99%，时间进度50.00%，落后时间进度30.01个百分点（超过30个百分点为红灯）",
        )

    def test_it_reads_the_progress_limits_from_the_config(self):
        strict = Thresholds.from_config({"progress_yellow_points": 5, "progress_red_points": "15"})
        self.assertEqual(
            rules.progress_light(Decimal(44), Decimal(100), 6, thresholds=strict).colour, Colour.YELLOW
        )
        self.assertEqual(
            rules.progress_light(Decimal(34), Decimal(100), 6, thresholds=strict).colour, Colour.RED
        )

    def test_it_does_not_light_without_an_annual_plan(self):
        light = rules.progress_light(Decimal(10), Decimal(0), 6)
        self.assertEqual((light.colour, light.reason), (Colour.NONE, "未安排年度计划投资"))


class WorstAndFlagsTestCase(unittest.TestCase):
    def test_it_takes_the_worst_light_with_its_reasons(self):
        light = rules.worst(
            rules.Light(Colour.GREEN, "甲"), rules.Light(Colour.RED, "乙"), rules.Light(Colour.RED, "丙")
        )
        self.assertEqual((light.colour, light.reason), (Colour.RED, "乙；丙"))
        self.assertEqual(rules.worst().colour, Colour.NONE)

    def test_it_flags_a_start_with_zero_investment(self):
        self.assertEqual(rules.flags(True, Decimal(0), True), [rules.FLAG_ZERO_INVESTMENT])

    def test_it_flags_investment_without_a_construction_permit(self):
        self.assertEqual(rules.flags(True, Decimal("0.5"), False), [rules.FLAG_NO_PERMIT])

    def test_it_flags_nothing_for_a_project_in_order(self):
        self.assertEqual(rules.flags(True, Decimal(120), True), [])
        self.assertEqual(rules.flags(False, None, False), [])


class ColourChoicesTestCase(unittest.TestCase):
    def test_it_offers_the_rules_colours_as_the_fields_choices(self):
        self.assertEqual(dict(Project.Colour.choices), rules.COLOUR_LABELS)
