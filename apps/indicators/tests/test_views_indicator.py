"""Adding, changing and archiving an indicator through the pages."""

from apps.indicators.models import Indicator

from .base import IndicatorTestCase

FORM = {
    "name": "规模以上工业增加值增速",
    "measure": "亿元",
    "kind": "growth",
    "frequency": "month",
    "caliber": "",
    "order": "3",
    "red_gap": "",
}


class IndicatorPagesTestCase(IndicatorTestCase):
    def test_it_adds_an_indicator_of_the_users_jurisdiction(self):
        self.login(self.statistician)
        response = self.client.post("/indicators/new/", FORM)
        indicator = Indicator.objects.get(name=FORM["name"])
        self.assertRedirects(response, f"/indicators/{indicator.pk}/targets/", fetch_redirect_response=False)
        self.assertEqual(indicator.owner_unit, self.city)

    def test_it_refuses_a_duplicate_name_beside_the_field(self):
        self.login(self.statistician)
        response = self.client.post("/indicators/new/", {**FORM, "name": "社会消费品零售总额"})
        self.assertContains(response, "本辖区已有指标", status_code=400)

    def test_it_changes_the_threshold(self):
        self.login(self.coordinator)
        data = {**FORM, "name": self.gdp.name, "kind": "growth", "frequency": "quarter", "red_gap": "0.5"}
        self.client.post(f"/indicators/{self.gdp.pk}/edit/", data)
        self.gdp.refresh_from_db()
        self.assertEqual(str(self.gdp.red_gap), "0.50")

    def test_it_archives_and_restores(self):
        self.login(self.statistician)
        self.client.post(f"/indicators/{self.gdp.pk}/archive/")
        self.gdp.refresh_from_db()
        self.assertIsNotNone(self.gdp.archived_at)
        self.assertNotContains(self.client.get("/indicators/"), f'id="indicator-{self.gdp.pk}"')
        self.assertContains(self.client.get("/indicators/"), "已归档的指标（数据保留）：")
        self.assertContains(
            self.client.get(f"/indicators/{self.gdp.pk}/"), "恢复"
        )  # its managers still open it
        self.login(self.leader)
        self.assertEqual(self.client.get(f"/indicators/{self.gdp.pk}/").status_code, 404)
        self.login(self.statistician)
        self.client.post(f"/indicators/{self.gdp.pk}/archive/", {"restore": "1"})
        self.gdp.refresh_from_db()
        self.assertIsNone(self.gdp.archived_at)

    def test_it_refuses_a_county_coordinator_the_citys_indicator(self):
        self.login(self.county_coordinator)
        self.assertEqual(self.client.get(f"/indicators/{self.gdp.pk}/edit/").status_code, 403)
