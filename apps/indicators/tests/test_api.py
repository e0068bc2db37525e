"""The JSON API: the month table as the dashboard reads it, and figures written all or none."""

from decimal import Decimal as D

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.indicators.models import Actual
from apps.orgs.models import ApiToken

from .base import IndicatorTestCase
from .test_excel import MARCH, workbook


class ApiTestCase(IndicatorTestCase):
    def test_it_gives_the_month_table_with_standing_and_ranks(self):
        self.figures(self.retail, 3, [(None, D("900"), D("4.8"), None), (self.county, D("21"), D("5.9"), 2)])
        response = self.call("get", "/api/indicators/table?year=2026&month=3", self.leader)
        self.assertEqual(response.status_code, 200)
        retail = next(b for b in response.json() if b["indicator"]["id"] == self.retail.pk)
        self.assertEqual(retail["month"], 3)
        self.assertEqual(retail["province_growth"], "4.80")
        county = next(r for r in retail["rows"] if r["unit_id"] == self.county.pk)
        self.assertEqual(county["colour"], "green")
        self.assertEqual(county["completion"], "26.25")
        self.assertEqual(county["versus_province"], "高于全省1.1个百分点，居全省第2位")
        self.assertEqual(county["peer_rank"], 1)
        city = next(r for r in retail["rows"] if r["unit_id"] == self.city.pk)
        self.assertIsNone(city["cumulative"])  # not reported: null, never 0
        self.assertEqual(city["colour"], "grey")

    def test_it_narrows_the_table_to_a_unit_and_the_units_below_it(self):
        response = self.call(
            "get", f"/api/indicators/table?year=2026&month=3&unit={self.county.pk}", self.leader
        )
        self.assertEqual({r["unit_id"] for b in response.json() for r in b["rows"]}, {self.county.pk})

    def test_it_writes_figures_all_or_none(self):
        body = {
            "year": 2026,
            "month": 3,
            "rows": [
                {"unit_id": None, "growth": "4.8"},
                {"unit_id": self.county.pk, "cumulative": "21", "growth": "5.9", "province_rank": 2},
                {"unit_id": self.county2.pk, "cumulative": "-3"},
            ],
        }
        response = self.call("put", f"/api/indicators/{self.retail.pk}/figures", self.statistician, body)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"cumulative": ["累计值不能为负数或过大"]})
        self.assertFalse(Actual.objects.exists())
        body["rows"].pop()
        response = self.call("put", f"/api/indicators/{self.retail.pk}/figures", self.statistician, body)
        self.assertEqual(response.json(), {"created": 2, "updated": 0, "unchanged": 0})

    def test_it_refuses_a_reporter_another_units_figures(self):
        body = {"year": 2026, "month": 3, "rows": [{"unit_id": self.county2.pk, "growth": "1"}]}
        response = self.call("put", f"/api/indicators/{self.retail.pk}/figures", self.county_reporter, body)
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Actual.objects.exists())

    def test_it_sets_targets(self):
        body = {"year": 2027, "targets": [{"unit_id": self.county.pk, "value": "95"}]}
        response = self.call("put", f"/api/indicators/{self.retail.pk}/targets", self.statistician, body)
        self.assertEqual(response.json(), {"saved": 1})
        self.assertEqual(self.retail.targets.get(year=2027).value, D("95"))

    def test_it_imports_a_sheet_or_lists_its_problems(self):
        good = workbook(("2026年1-3月", MARCH))
        response = self.client.post(
            "/api/indicators/import",
            {"file": SimpleUploadedFile("s.xlsx", good.getvalue())},
            headers={"Authorization": f"Bearer {self.token(self.statistician)}"},
        )
        self.assertEqual(response.json(), {"rows": 7, "created": 7, "updated": 0, "unchanged": 0})
        bad = workbook(("2026年1-3月", [[None, "陇西县", 1, 1, None]]))
        response = self.client.post(
            "/api/indicators/import",
            {"file": SimpleUploadedFile("s.xlsx", bad.getvalue())},
            headers={"Authorization": f"Bearer {self.token(self.statistician)}"},
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["errors"], ["工作表“表1”第 3 行 A 列（指标名称）：“指标名称”不能为空"]
        )

    def token(self, user):
        return ApiToken.issue(user, "测试")[1]
