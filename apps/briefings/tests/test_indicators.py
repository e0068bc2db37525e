"""The 主要经济指标 section of a 通报's 总体情况 (apps.indicators.summary), for the plan's 市/县区 and the
period's last month; none when the jurisdiction has no indicators."""

from decimal import Decimal as D

import time_machine

from apps.briefings import figures, periods, text
from apps.indicators.tests.base import IndicatorTestCase

from .base import NOW, TODAY


@time_machine.travel(NOW, tick=False)
class IndicatorSectionTestCase(IndicatorTestCase):
    def blocks(self, kind="monthly", month=3, **subject):
        data = figures.gather(
            kind, periods.of(kind, 2026, month), today=TODAY, **(subject or {"plan": self.plan})
        )
        return [content for _, content in text.blocks(data, office="市政府督查室")]

    def test_it_writes_the_citys_indicators_in_the_overview(self):
        self.figures(self.gdp, 3, [(None, None, D("6.1"), None), (self.city, D("151.2"), D("6.8"), 3)])
        self.figures(self.retail, 3, [(None, None, D("4.7"), None), (self.city, D("70.2"), D("5.1"), 6)])
        for kind, month, heading in (
            ("monthly", 3, "（三）主要经济指标情况"),
            ("quarterly", 3, "（四）主要经济指标情况"),
        ):
            with self.subTest(kind=kind):
                body = self.blocks(kind, month)
                self.assertIn(heading, body)
                at = body.index(heading)
                self.assertTrue(
                    body[at + 1].startswith("定西市2项主要经济指标中，达到序时进度的1项、占比50.0%")
                )
                self.assertIn("社会消费品零售总额累计完成70.20亿元", body[at + 3])
        all_plans = self.blocks(scope=self.city)
        self.assertIn("（三）主要经济指标情况", all_plans)

    def test_it_leaves_the_section_out_when_no_figure_of_the_month_is_in(self):
        self.figures(self.retail, 2, [(self.city, D("40"), D("5"), 6)])  # February's only
        self.assertFalse([b for b in self.blocks(month=3) if b and "主要经济指标" in b])
        self.assertIn("（三）主要经济指标情况", self.blocks(month=2))
