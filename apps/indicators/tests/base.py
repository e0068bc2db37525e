"""Fixtures of the 主要经济指标 tests, on top of luoshi.test.BaseTestCase: a 统计局 clerk of 市统计局, a
reporter of 陇西县 itself, a second county (渭源县) as a peer, and two indicators of 定西市 — 地区生产总值
增速 (quarterly, growth) and 社会消费品零售总额 (monthly, amount) — with 2026 targets."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.indicators import actions
from apps.indicators.models import Indicator
from apps.orgs.models import Role, Unit
from luoshi.test import BaseTestCase, make_unit, make_user


class IndicatorTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.county2 = make_unit("渭源县", Unit.Kind.COUNTY, cls.city)
        cls.statistician = make_user("statistician", cls.tjj, Role.STATISTICIAN)
        cls.county_reporter = make_user("county_reporter", cls.county, Role.REPORTER)
        cls.gdp = actions.create_indicator(
            Indicator(
                owner_unit=cls.city,
                name="地区生产总值增速",
                measure="亿元",
                kind=Indicator.Kind.GROWTH,
                frequency=Indicator.Frequency.QUARTER,
                order=1,
            ),
            actor=cls.statistician,
        )
        cls.retail = actions.create_indicator(
            Indicator(
                owner_unit=cls.city,
                name="社会消费品零售总额",
                measure="亿元",
                kind=Indicator.Kind.AMOUNT,
                order=2,
            ),
            actor=cls.statistician,
        )
        for unit, growth, amount in (
            (cls.city, "6.5", "300"),
            (cls.county, "7", "80"),
            (cls.county2, "6", "40"),
        ):
            actions.set_target(cls.gdp, unit, 2026, Decimal(growth), actor=cls.statistician)
            actions.set_target(cls.retail, unit, 2026, Decimal(amount), actor=cls.statistician)

    def page_queries(self, url) -> list[str]:
        """The queries a GET of `url` runs, without the session's own (whose save depends on its age)."""
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(url).status_code, 200)
        return [
            q["sql"]
            for q in ctx.captured_queries
            if "django_session" not in q["sql"]
            and not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        ]

    @classmethod
    def figures(cls, indicator, month, rows, year=2026, actor=None):
        """rows: [(unit or None, cumulative, growth, rank)]"""
        return actions.save_figures(
            indicator,
            year,
            [
                actions.Figures(unit=u, month=month, cumulative=c, growth=g, province_rank=r)
                for u, c, g, r in rows
            ],
            actor=actor or cls.statistician,
        )
