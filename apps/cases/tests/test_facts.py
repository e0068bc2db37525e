"""facts.promoted_cases: what the assessment's bonus rule reads — per accepted case of the units, the
highest level it reached in the year and the day it did."""

import datetime

import time_machine

from apps.cases import actions
from apps.cases.facts import promoted_cases
from apps.cases.models import Case, Level

from .base import CaseTestCase


@time_machine.travel(datetime.datetime(2027, 3, 1, 10, 0), tick=False)
class PromotedCasesTestCase(CaseTestCase):
    def test_it_gives_the_highest_level_reached_in_the_year_with_its_day(self):
        case = self.make_case(status=Case.Status.ACCEPTED)
        self.promote(case, Level.COUNTY, datetime.date(2026, 3, 1))
        self.promote(case, Level.PROVINCE, datetime.date(2026, 9, 15))
        self.assertEqual(
            promoted_cases(2026, [self.fgw.pk]),
            [(self.fgw.pk, 3, case.pk, case.title, datetime.date(2026, 9, 15))],
        )

    def test_it_counts_a_promotion_in_the_year_it_happened(self):
        case = self.make_case(status=Case.Status.ACCEPTED)
        self.promote(case, Level.CITY, datetime.date(2026, 12, 30))
        self.promote(case, Level.NATION, datetime.date(2027, 1, 5))
        self.assertEqual([r[1] for r in promoted_cases(2026, [self.fgw.pk])], [2])
        self.assertEqual([r[1] for r in promoted_cases(2027, [self.fgw.pk])], [4])

    def test_it_leaves_out_other_units_and_cases_no_longer_accepted(self):
        zjj = self.make_case(self.zjj, status=Case.Status.ACCEPTED)
        self.promote(zjj, Level.CITY)
        mine = self.make_case(status=Case.Status.ACCEPTED)
        self.promote(mine, Level.CITY)
        Case.objects.filter(pk=mine.pk).update(status=Case.Status.REJECTED)
        self.assertEqual(promoted_cases(2026, [self.fgw.pk]), [])
        self.assertEqual([r[0] for r in promoted_cases(2026, [self.fgw.pk, self.zjj.pk])], [self.zjj.pk])

    def test_it_orders_by_unit_then_highest_level_and_returns_plain_tuples(self):
        low = self.make_case(status=Case.Status.ACCEPTED, title="低")
        high = self.make_case(status=Case.Status.ACCEPTED, title="高")
        self.promote(low, Level.COUNTY)
        self.promote(high, Level.PROVINCE)
        actions.set_featured(high, True, actor=self.coordinator)
        with self.assertNumQueries(2):
            rows = promoted_cases(2026, {self.fgw.pk})
        self.assertEqual([r[3] for r in rows], ["高", "低"])
        self.assertTrue(all(type(r) is tuple for r in rows))
