"""The pure 序时进度, colour and rank rules, against the issue's and the 通报's real figures."""

import unittest
from decimal import Decimal as D

from apps.indicators import rules


class ElapsedTestCase(unittest.TestCase):
    def test_it_gives_the_share_of_the_year_by_month(self):
        self.assertEqual(rules.elapsed_percent(3), D("25.00"))
        self.assertEqual(rules.elapsed_percent(6), D("50.00"))
        # 宣城 1-11月: "进展情况占比低于91.7%"
        self.assertEqual(rules.elapsed_percent(11), D("91.67"))
        self.assertEqual(rules.elapsed_percent(12), D("100.00"))

    def test_it_reads_a_quarter_at_its_last_month(self):
        self.assertEqual([rules.quarter_month(q) for q in (1, 2, 3, 4)], [3, 6, 9, 12])
        self.assertEqual(rules.elapsed_percent(rules.quarter_month(1)), D("25.00"))

    def test_it_refuses_a_month_outside_the_year(self):
        for month in (0, 13):
            with self.assertRaises(ValueError):
                rules.elapsed_percent(month)
        with self.assertRaises(ValueError):
            rules.quarter_month(5)


class AmountTestCase(unittest.TestCase):
    def test_it_computes_the_completion_rate(self):
        # the issue: 77.57 ÷ 63.27 = 122.6 %
        self.assertEqual(rules.completion_percent(D("77.57"), D("63.27")), D("122.60"))
        self.assertIsNone(rules.completion_percent(None, D("10")))
        self.assertIsNone(rules.completion_percent(D("1"), D("0")))

    def test_it_is_ahead_of_schedule_by_the_points_above_it(self):
        # the issue: 30.90 % at March vs 25 % → 超过时间进度 5.90 个百分点
        s = rules.standing(rules.AMOUNT, 3, target=D("100"), cumulative=D("30.90"))
        self.assertEqual((s.completion, s.elapsed, s.gap), (D("30.90"), D("25.00"), D("5.90")))
        self.assertEqual(s.colour, rules.GREEN)
        self.assertFalse(s.behind)
        self.assertEqual(s.reason, "累计完成年度目标的 30.90%，超过序时进度 25.00% 5.90 个百分点")

    def test_it_is_yellow_when_a_little_behind_and_red_when_far_behind(self):
        yellow = rules.standing(rules.AMOUNT, 6, target=D("200"), cumulative=D("90"))  # 45 % vs 50 %
        self.assertEqual((yellow.gap, yellow.colour), (D("-5.00"), rules.YELLOW))
        self.assertIn("低于序时进度 50.00% 5.00 个百分点", yellow.reason)
        self.assertIn("落后不超过 10.00 个百分点为黄色", yellow.reason)
        red = rules.standing(rules.AMOUNT, 6, target=D("200"), cumulative=D("70"))  # 35 %
        self.assertEqual((red.gap, red.colour), (D("-15.00"), rules.RED))
        self.assertIn("落后超过 10.00 个百分点为红色", red.reason)

    def test_it_uses_the_indicators_own_threshold(self):
        s = rules.standing(rules.AMOUNT, 6, target=D("200"), cumulative=D("90"), red_gap=D("3"))
        self.assertEqual(s.colour, rules.RED)
        exactly = rules.standing(rules.AMOUNT, 6, target=D("200"), cumulative=D("94"), red_gap=D("3"))
        self.assertEqual(exactly.colour, rules.YELLOW)  # 3 points behind is still yellow

    def test_it_judges_double_half_at_june_only(self):
        half = rules.standing(rules.AMOUNT, 6, target=D("200"), cumulative=D("100"))
        self.assertIs(half.double_half, True)
        self.assertEqual(half.reason, "累计完成年度目标的 50.00%，与序时进度 50.00%持平")
        self.assertIs(rules.standing(rules.AMOUNT, 6, target=D("200"), cumulative=D("99")).double_half, False)
        self.assertIsNone(rules.standing(rules.AMOUNT, 7, target=D("200"), cumulative=D("150")).double_half)

    def test_it_is_grey_without_data_never_zero(self):
        s = rules.standing(rules.AMOUNT, 3, target=D("100"), cumulative=None)
        self.assertEqual((s.colour, s.gap, s.completion, s.double_half), (rules.GREY, None, None, None))
        self.assertIsNone(s.behind)
        self.assertEqual(s.reason, "本期累计值未报，无法判断序时进度")
        self.assertEqual(rules.standing(rules.AMOUNT, 3, target=None, cumulative=D("5")).colour, rules.GREY)
        self.assertEqual(rules.points(None), "—")


class GrowthTestCase(unittest.TestCase):
    def test_it_compares_the_growth_with_the_target_growth(self):
        s = rules.standing(rules.GROWTH, 3, target=D("6.5"), growth=D("7.2"))
        self.assertEqual((s.gap, s.colour), (D("0.70"), rules.GREEN))
        self.assertEqual(s.reason, "累计增长 7.20%，超过目标增速 6.50% 0.70 个百分点")
        self.assertIsNone(s.completion)

    def test_it_colours_a_growth_shortfall_by_its_threshold(self):
        self.assertEqual(rules.standing(rules.GROWTH, 3, target=D("6.5"), growth=D("6")).colour, rules.YELLOW)
        red = rules.standing(rules.GROWTH, 3, target=D("6.5"), growth=D("5"))
        self.assertEqual((red.gap, red.colour), (D("-1.50"), rules.RED))
        self.assertIn("低于目标增速 6.50% 1.50 个百分点（落后超过 1.00 个百分点为红色）", red.reason)

    def test_it_judges_double_half_of_a_growth_rate_against_its_target(self):
        self.assertIs(rules.standing(rules.GROWTH, 6, target=D("6.5"), growth=D("6.5")).double_half, True)
        self.assertIs(rules.standing(rules.GROWTH, 6, target=D("6.5"), growth=D("6.4")).double_half, False)

    def test_it_allows_a_negative_growth(self):
        s = rules.standing(rules.GROWTH, 9, target=D("5"), growth=D("-2.3"))
        self.assertEqual((s.gap, s.colour), (D("-7.30"), rules.RED))
        self.assertIn("累计增长 -2.30%", s.reason)

    def test_it_says_what_is_missing(self):
        self.assertEqual(
            rules.standing(rules.GROWTH, 3, target=None, growth=D("5")).reason,
            "没有目标增速，无法判断序时进度",
        )
        self.assertEqual(
            rules.standing(rules.GROWTH, 3, target=D("5"), growth=None).reason,
            "本期累计增速未报，无法判断序时进度",
        )

    def test_it_refuses_an_unknown_kind(self):
        with self.assertRaises(ValueError):
            rules.standing("ratio", 3, target=D("1"))


class ProvinceTestCase(unittest.TestCase):
    def test_it_words_the_comparison_with_the_province(self):
        # the issue: "高于全省0.7个百分点，居全省第2位"
        self.assertEqual(rules.versus_province(D("7.2"), D("6.5"), 2), "高于全省0.7个百分点，居全省第2位")
        self.assertEqual(rules.versus_province(D("5.0"), D("6.5")), "低于全省1.5个百分点")
        self.assertEqual(rules.versus_province(D("6.5"), D("6.5"), 1), "与全省持平，居全省第1位")
        self.assertEqual(rules.versus_province(None, D("6.5"), 7), "居全省第7位")
        self.assertEqual(rules.versus_province(None, None), "—")
        self.assertEqual(rules.versus_province(D("6.25"), D("6"), None), "高于全省0.25个百分点")
        self.assertEqual(rules.versus_province(D("7"), D("6"), None), "高于全省1.0个百分点")


class RankTestCase(unittest.TestCase):
    def test_it_ranks_the_highest_first_and_ties_share_a_rank(self):
        values = {
            "安定区": D("7.1"),
            "陇西县": D("8.0"),
            "通渭县": D("7.1"),
            "渭源县": D("6.0"),
            "临洮县": None,
        }
        self.assertEqual(rules.ranks(values), {"陇西县": 1, "安定区": 2, "通渭县": 2, "渭源县": 4})

    def test_it_ranks_the_lowest_first_when_asked(self):
        self.assertEqual(rules.ranks({"a": 3, "b": 1, "c": 1}, descending=False), {"b": 1, "c": 1, "a": 3})

    def test_it_ranks_nothing_when_nothing_is_known(self):
        self.assertEqual(rules.ranks({"a": None}), {})
