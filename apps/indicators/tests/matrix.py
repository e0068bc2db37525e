"""The data the 经济指标 permission matrices run against: IndicatorTestCase's indicators with March figures,
and two more columns beside luoshi.test.ROLES — the 统计局 clerk and 陇西县's own reporter."""

from decimal import Decimal as D

import luoshi.test as luoshi_test
from apps.orgs.models import ApiToken

from .base import IndicatorTestCase

ROLES = (*luoshi_test.ROLES, "statistician", "county_reporter")


class IndicatorMatrixTestCase(luoshi_test.MatrixTestCase, IndicatorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for role in ROLES[len(luoshi_test.ROLES) :]:
            cls.raw_tokens[role] = ApiToken.issue(getattr(cls, role), "矩阵")[1]
        cls.figures(cls.retail, 3, [(cls.county, D("21"), D("5.9"), 2), (None, D("900"), D("4.8"), None)])
        cls.ids = {"indicator": cls.retail.pk, "gdp": cls.gdp.pk, "county": cls.county.pk}

    def run_table(self, table, send, bodies):
        for method, template, *expected in table:
            self.assertEqual(len(expected), len(ROLES), template)
            url = template.format(**self.ids)
            for role, outcome in zip(ROLES, expected, strict=True):
                with self.subTest(method=method, url=template, role=role):
                    self.check(send(role, method, url, bodies(method, template)), outcome)
