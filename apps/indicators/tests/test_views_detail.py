"""One indicator's page: its trajectory (chart data and the month table) and the peers' comparison."""

import json
from decimal import Decimal as D

import time_machine

from apps.orgs.models import Unit
from luoshi.test import make_unit

from .base import IndicatorTestCase


@time_machine.travel("2026-07-20 10:00 +0800", tick=False)
class DetailTestCase(IndicatorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for month, city, county in ((3, "70", "21"), (4, "95", None), (6, "150", "41")):
            cls.figures(
                cls.retail,
                month,
                [(None, D("900"), D("4.5"), None), (cls.city, D(city), D("5"), 6)]
                + ([(cls.county, D(county), D("6"), 2)] if county else []),
            )

    def chart(self, response):
        html = response.content.decode()
        return json.loads(html.split('id="indicator-data" type="application/json">')[1].split("</script>")[0])

    def test_it_charts_completion_against_the_schedule_with_gaps_for_missing_months(self):
        self.login(self.leader)
        response = self.client.get(f"/indicators/{self.retail.pk}/?year=2026")
        self.assertEqual(response.status_code, 200)
        data = self.chart(response)
        self.assertEqual(data["labels"][:3], ["1月", "1-2月", "1-3月"])
        self.assertEqual(data["elapsed"][2], 25.0)
        county = next(s for s in data["series"] if s["name"] == "陇西县")
        self.assertEqual(county["points"][2:6], [26.25, None, None, 51.25])  # 1-4月 not reported: a gap
        self.assertIsNone(data["province"])

    def test_it_charts_a_growth_indicator_against_the_province(self):
        self.figures(self.gdp, 3, [(None, None, D("6.1"), None), (self.county, None, D("7.2"), 2)])
        self.login(self.leader)
        data = self.chart(self.client.get(f"/indicators/{self.gdp.pk}/?year=2026"))
        self.assertEqual(data["labels"], ["1-3月", "1-6月", "1-9月", "1-12月"])
        self.assertEqual(data["province"], [6.1, None, None, None])

    def test_it_lists_the_chosen_units_months_and_the_peers(self):
        self.login(self.coordinator)
        response = self.client.get(f"/indicators/{self.retail.pk}/?year=2026&unit={self.county.pk}")
        html = response.content.decode()
        self.assertIn("陇西县逐月情况", html)
        months = html.split('id="unit-months"')[1].split("</table>")[0]
        self.assertIn("累计完成年度目标的 51.25%，超过序时进度 50.00% 1.25 个百分点", months)
        peers = html.split('id="peers"')[1].split("</table>")[0]
        self.assertIn("2026年1-6月各单位比较", html)
        self.assertIn("高于全省1.5个百分点，居全省第2位", peers)

    def test_it_hides_other_jurisdictions_indicators(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(f"/indicators/{self.retail.pk}/").status_code, 404)

    def test_it_compares_a_county_with_its_city_and_the_counties_beside_it(self):
        self.login(self.statistician)
        data = self.chart(self.client.get(f"/indicators/{self.retail.pk}/?year=2026&unit={self.county2.pk}"))
        self.assertEqual([s["name"] for s in data["series"]], ["渭源县", "定西市", "陇西县"])
        data = self.chart(self.client.get(f"/indicators/{self.retail.pk}/?year=2026"))
        # the city and the units below it
        self.assertEqual([s["name"] for s in data["series"]], ["定西市", "陇西县", "渭源县"])

    def test_it_reads_the_page_in_a_fixed_number_of_queries(self):
        self.login(self.statistician)
        url = f"/indicators/{self.retail.pk}/?year=2026"
        self.client.get(url)
        # the user, jurisdiction, indicator, latest month, the compared units (2), targets and figures of the
        # chart and of the peers' table (4)
        self.assertEqual(len(self.page_queries(url)), 10)
        for n in range(4):
            county = make_unit(f"第{n}县", Unit.Kind.COUNTY, self.city)
            self.figures(self.retail, 6, [(county, D("10"), D(n), None)])
        self.assertEqual(len(self.page_queries(url)), 10)
        self.assertContains(self.client.get(url), "第3县")
