"""Entering a month's figures and a year's targets through the pages."""

from decimal import Decimal as D

from apps.indicators.models import Actual, IndicatorTarget

from .base import IndicatorTestCase


class FiguresPageTestCase(IndicatorTestCase):
    def test_it_saves_the_statisticians_figures_for_every_unit_and_the_province(self):
        self.login(self.statistician)
        url = f"/indicators/{self.retail.pk}/figures/?year=2026&month=3"
        self.assertContains(self.client.get(url), "全省（平均）")
        data = {
            "province_growth": "4.8",
            f"{self.county.pk}_cumulative": "21",
            f"{self.county.pk}_growth": "5.9",
            f"{self.county.pk}_province_rank": "2",
        }
        response = self.client.post(url, data)
        self.assertRedirects(
            response, f"/indicators/{self.retail.pk}/?year=2026&month=3", fetch_redirect_response=False
        )
        county = Actual.objects.get(unit=self.county, month=3)
        self.assertEqual((county.cumulative, county.growth, county.province_rank), (D("21"), D("5.9"), 2))
        self.assertEqual(Actual.objects.get(unit__isnull=True).growth, D("4.8"))
        self.assertFalse(Actual.objects.filter(unit=self.county2).exists())  # an empty row is not stored

    def test_it_lets_a_county_reporter_enter_its_own_unit_only(self):
        self.login(self.county_reporter)
        url = f"/indicators/{self.retail.pk}/figures/?year=2026&month=3"
        html = self.client.get(url).content.decode()
        self.assertIn(f'name="{self.county.pk}_cumulative"', html)
        self.assertNotIn(f'name="{self.county2.pk}_cumulative"', html)
        self.assertNotIn('name="province_growth"', html)
        # a field for another unit is ignored: the form has none
        self.client.post(url, {f"{self.county.pk}_cumulative": "20", f"{self.county2.pk}_cumulative": "99"})
        self.assertEqual(list(Actual.objects.values_list("unit_id", flat=True)), [self.county.pk])

    def test_it_sends_back_a_bad_number_with_its_error_and_saves_nothing(self):
        self.login(self.statistician)
        url = f"/indicators/{self.retail.pk}/figures/?year=2026&month=3"
        response = self.client.post(
            url, {f"{self.county.pk}_cumulative": "二十", f"{self.county2.pk}_growth": "5"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "输入一个数字", status_code=400)
        self.assertFalse(Actual.objects.exists())

    def test_it_offers_only_quarter_months_for_a_quarterly_indicator(self):
        self.login(self.statistician)
        html = self.client.get(f"/indicators/{self.gdp.pk}/figures/").content.decode()
        self.assertIn('<option value="6">1-6月</option>', html)
        self.assertNotIn('<option value="5">', html)


class TargetsPageTestCase(IndicatorTestCase):
    def test_it_changes_and_clears_targets(self):
        self.login(self.statistician)
        url = f"/indicators/{self.retail.pk}/targets/?year=2026"
        self.assertContains(self.client.get(url), "陇西县 年度目标（亿元）")
        response = self.client.post(url, {f"unit_{self.city.pk}": "300", f"unit_{self.county.pk}": "85"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(IndicatorTarget.objects.get(indicator=self.retail, unit=self.county).value, D("85"))
        self.assertFalse(IndicatorTarget.objects.filter(indicator=self.retail, unit=self.county2).exists())

    def test_it_refuses_a_zero_amount_target_beside_the_form(self):
        self.login(self.statistician)
        response = self.client.post(
            f"/indicators/{self.retail.pk}/targets/?year=2026", {f"unit_{self.city.pk}": "0"}
        )
        self.assertContains(response, "年度目标应大于 0", status_code=400)
