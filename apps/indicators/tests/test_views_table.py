"""The month table: colours that explain themselves, ranks among peers and in the province, missing as “—”."""

from decimal import Decimal as D

import time_machine

from apps.indicators import actions
from apps.orgs.models import Unit
from luoshi.test import make_unit

from .base import IndicatorTestCase


@time_machine.travel("2026-04-20 10:00 +0800", tick=False)
class TableTestCase(IndicatorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # 社零 1-3月: 定西市 70/300 = 23.33 % (behind 25 %, yellow), 陇西县 21/80 = 26.25 % (green),
        # 渭源县 only its growth (no 累计值: grey)
        cls.figures(
            cls.retail,
            3,
            [
                (None, D("980"), D("4.8"), None),
                (cls.city, D("70"), D("5.1"), 6),
                (cls.county, D("21"), D("5.9"), 2),
                (cls.county2, None, D("5.9"), None),
            ],
        )
        cls.figures(cls.gdp, 3, [(cls.city, None, D("6.8"), 3), (cls.county, None, D("5.2"), None)])

    def row(self, html, indicator, unit):
        block = html.split(f'id="indicator-{indicator.pk}"')[1].split("</section>")[0]
        return block.split(f'data-unit="{unit.name}"')[1].split("</tr>")[0]

    def test_it_shows_each_units_standing_with_its_reason(self):
        self.login(self.statistician)
        response = self.client.get("/indicators/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("主要经济指标 · 2026年1-3月", html)  # the last month with figures
        city = self.row(html, self.retail, self.city)
        self.assertIn("rag-yellow", city)
        self.assertIn("累计完成年度目标的 23.33%，低于序时进度 25.00% 1.67 个百分点", city)
        self.assertIn("高于全省0.3个百分点，居全省第6位", city)
        self.assertIn("rag-green", self.row(html, self.retail, self.county))
        self.assertIn('behind-names">定西市<', html)
        gdp = self.row(html, self.gdp, self.county)
        self.assertIn("rag-red", gdp)
        self.assertIn("低于目标增速 7.00% 1.80 个百分点（落后超过 1.00 个百分点为红色）", gdp)

    def test_it_shows_missing_figures_as_a_dash_and_grey(self):
        self.login(self.statistician)
        row = self.row(self.client.get("/indicators/").content.decode(), self.retail, self.county2)
        self.assertIn("rag-grey", row)
        self.assertIn('data-label="累计值">—<', row)
        self.assertIn("本期累计值未报，无法判断序时进度", row)

    def test_it_ranks_the_counties_among_themselves_ties_sharing_a_rank(self):
        self.login(self.coordinator)
        html = self.client.get("/indicators/").content.decode()
        for unit in (self.county, self.county2):  # both 5.9 %
            self.assertIn("第1位", self.row(html, self.retail, unit).split("peer-rank")[1])
        self.assertIn(
            'peer-rank">—', self.row(html, self.retail, self.city)
        )  # the city is not its counties' peer

    def test_it_reads_a_quarterly_indicator_at_the_last_quarter(self):
        self.login(self.statistician)
        html = self.client.get("/indicators/?year=2026&month=5").content.decode()
        block = html.split(f'id="indicator-{self.gdp.pk}"')[1].split("</section>")[0]
        self.assertIn("数据截至 2026年1-3月", block)
        self.assertIn("rag-red", self.row(html, self.gdp, self.county))

    def test_it_shows_a_county_reporter_its_own_row_with_its_true_rank(self):
        self.login(self.county_reporter)
        html = self.client.get("/indicators/").content.decode()
        self.assertNotIn('data-unit="渭源县"', html)
        self.assertNotIn('data-unit="定西市"', html)
        self.assertIn("第1位", self.row(html, self.retail, self.county))

    def test_it_shows_a_county_leader_the_county_only(self):
        self.login(self.county_leader)
        html = self.client.get("/indicators/").content.decode()
        self.assertIn('data-unit="陇西县"', html)
        self.assertNotIn('data-unit="渭源县"', html)

    def test_it_marks_double_half_at_june(self):
        self.figures(
            self.retail, 6, [(self.county, D("40"), D("6"), None), (self.county2, D("19"), D("5"), None)]
        )
        self.login(self.statistician)
        html = self.client.get("/indicators/?year=2026&month=6").content.decode()
        self.assertIn("双过半", self.row(html, self.retail, self.county))
        self.assertIn("未双过半", self.row(html, self.retail, self.county2))
        self.assertIn("<strong>1</strong> 个实现双过半", html)

    def test_it_narrows_to_a_unit_and_the_units_below_it(self):
        self.login(self.statistician)
        html = self.client.get(f"/indicators/?year=2026&month=3&unit={self.county2.pk}").content.decode()
        self.assertIn("只看 <strong>渭源县</strong> 及其下辖县区", html)
        self.assertIn('data-unit="渭源县"', html)
        self.assertNotIn('data-unit="陇西县"', html)
        self.assertIn("第1位", self.row(html, self.retail, self.county2))  # the rank among all its peers
        html = self.client.get("/indicators/?year=2026&month=3").content.decode()
        self.assertIn(f'unit={self.city.pk}" title="只看定西市及其下辖县区"', html)

    def test_it_offers_the_bulletins_wording_for_the_first_unit(self):
        self.login(self.statistician)
        html = self.client.get("/indicators/").content.decode()
        wording = html.split('id="wording"')[1].split("</details>")[0]
        self.assertIn("2项主要经济指标中，达到序时进度的1项、占比50.0%；未达到序时进度的1项", wording)
        self.assertIn(
            "社会消费品零售总额累计完成70.00亿元，增长5.10%，完成年度目标的23.33%，高于全省0.3个百分点，居全省第6位。",
            wording,
        )

    def test_it_filters_to_one_indicator(self):
        self.login(self.statistician)
        html = self.client.get(f"/indicators/?year=2026&month=3&indicator={self.gdp.pk}").content.decode()
        self.assertIn(f'id="indicator-{self.gdp.pk}"', html)
        self.assertNotIn(f'id="indicator-{self.retail.pk}"', html)

    def test_it_says_what_to_do_when_there_are_no_indicators(self):
        self.gdp.archived_at = self.retail.archived_at = "2026-01-01T00:00:00+08:00"
        self.gdp.save(update_fields=["archived_at"])
        self.retail.save(update_fields=["archived_at"])
        self.login(self.statistician)
        html = self.client.get("/indicators/").content.decode()
        self.assertIn("还没有经济指标。请先“添加指标”并设定年度目标", html)

    def test_it_reads_the_page_in_a_fixed_number_of_queries(self):
        self.login(self.statistician)
        self.client.get("/indicators/")
        # the user, jurisdiction, indicators, latest month, unit count and page, targets, figures (the peer
        # ranks are stored with them), the archived indicators (for a manager)
        self.assertEqual(len(self.page_queries("/indicators/")), 9)
        for n in range(5):
            county = make_unit(f"第{n}县", Unit.Kind.COUNTY, self.city)
            self.figures(self.retail, 3, [(county, D("10"), D(n), None)])
            actions.set_target(self.gdp, county, 2026, D("6"), actor=self.statistician)
        self.assertEqual(len(self.page_queries("/indicators/")), 9)
        self.assertContains(self.client.get("/indicators/"), 'data-unit="第4县"')

    def test_it_refuses_a_department_reporter(self):
        self.login(self.alice)
        self.assertEqual(self.client.get("/indicators/").status_code, 403)
