"""The data the 经济指标 permission matrices run against: IndicatorTestCase's indicators with March figures,
and two more columns after luoshi.test.ROLES — the 统计局 clerk and 陇西县's own reporter."""

from decimal import Decimal as D

import luoshi.test as luoshi_test

from .base import IndicatorTestCase


class IndicatorMatrixTestCase(luoshi_test.MatrixTestCase, IndicatorTestCase):
    roles = (*luoshi_test.ROLES, "statistician", "county_reporter")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.figures(cls.retail, 3, [(cls.county, D("21"), D("5.9"), 2), (None, D("900"), D("4.8"), None)])
        cls.ids = {"indicator": cls.retail.pk, "gdp": cls.gdp.pk, "county": cls.county.pk}
