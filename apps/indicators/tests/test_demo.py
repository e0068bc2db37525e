"""The demo's 主要经济指标: ten indicators of 定西市 with targets for the city and its 区县 and the year's
months so far, through the actions — some counties behind 序时, so the table shows every colour."""

import datetime

from apps.indicators import demo, table
from apps.indicators.models import Actual, Indicator, IndicatorTarget
from apps.orgs.models import Role, Unit
from luoshi.test import BaseTestCase, make_unit, make_user

TODAY = datetime.date(2026, 11, 20)


class DemoTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for name in demo.COUNTIES:
            if name != "陇西县":
                make_unit(name, Unit.Kind.COUNTY, cls.city)
        make_user("tongji", cls.tjj, Role.STATISTICIAN)
        demo.load(TODAY)

    def test_it_loads_ten_indicators_with_a_target_per_unit(self):
        self.assertEqual(Indicator.objects.count(), 10)
        self.assertEqual(IndicatorTarget.objects.count(), 10 * 8)
        self.assertEqual(
            IndicatorTarget.objects.get(indicator__name="社会消费品零售总额", unit__name="陇西县").value, 53
        )

    def test_it_loads_the_months_so_far_with_the_province(self):
        retail = Indicator.objects.get(name="社会消费品零售总额")
        months = set(Actual.objects.filter(indicator=retail).values_list("month", flat=True))
        self.assertEqual(months, set(range(2, 11)))  # 1-2月 to 1-10月 on 20 November
        gdp = Indicator.objects.get(name="地区生产总值")
        self.assertEqual(set(Actual.objects.filter(indicator=gdp).values_list("month", flat=True)), {3, 6, 9})
        self.assertEqual(Actual.objects.filter(indicator=retail, unit__isnull=True).count(), 9)

    def test_it_has_units_ahead_and_behind_schedule(self):
        units = Unit.objects.filter(kind__in=Unit.JURISDICTION_KINDS)
        colours = {
            r.standing.colour
            for b in table.month_table(Indicator.objects.all(), units, 2026, 10)
            for r in b.rows
        }
        self.assertTrue({"green", "yellow", "red"} <= colours, colours)
