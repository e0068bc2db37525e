"""The 通报's 主要经济指标 section in words, after real 通报 (宣城, 咸宁)."""

from decimal import Decimal as D

from apps.indicators import summary, table
from apps.orgs.models import Unit

from .base import IndicatorTestCase


class SummaryTestCase(IndicatorTestCase):
    def blocks(self, month):
        units = Unit.objects.filter(kind__in=Unit.JURISDICTION_KINDS).order_by("path")
        return table.month_table([self.gdp, self.retail], units, 2026, month)

    def test_it_counts_the_indicators_on_and_behind_schedule_and_names_the_late_ones(self):
        self.figures(self.gdp, 3, [(None, None, D("6.1"), None), (self.city, D("151.2"), D("6.8"), 3)])
        self.figures(self.retail, 3, [(None, None, D("4.7"), None), (self.city, D("70.2"), D("5.1"), 6)])
        section = summary.section(self.blocks(3), self.city)
        self.assertEqual(
            section.overview,
            "2项主要经济指标中，达到序时进度的1项、占比50.0%；未达到序时进度的1项、占比50.0%"
            "（总量指标完成占年度目标比低于序时进度或增速低于目标任务），为：社会消费品零售总额。",
        )
        self.assertEqual(
            section.lines,
            [
                "地区生产总值增速累计完成151.20亿元，增长6.80%，高于目标0.3个百分点，高于全省0.7个百分点，居全省第3位。",
                "社会消费品零售总额累计完成70.20亿元，增长5.10%，完成年度目标的23.40%，高于全省0.4个百分点，居全省第6位。",
            ],
        )
        self.assertEqual(section.behind, ["社会消费品零售总额"])

    def test_it_says_a_fall_and_a_missing_month(self):
        self.figures(self.retail, 3, [(self.city, None, D("-2.5"), None)])
        section = summary.section(self.blocks(3), self.city)
        self.assertEqual(section.lines, ["地区生产总值增速本期数据未报。", "社会消费品零售总额下降2.50%。"])
        self.assertEqual(section.overview, "本期主要经济指标尚无可判断序时进度的数据。")
