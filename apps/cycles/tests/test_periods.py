"""Reporting periods and their due dates: plain functions, no database."""

import datetime
import doctest
from unittest import TestCase

from apps.cycles import periods
from apps.cycles.periods import due_date, period_for
from lib.workdays import WorkCalendar

D = datetime.date
CAL = WorkCalendar()


class PeriodForTestCase(TestCase):
    def test_it_passes_its_own_doctests(self):
        result = doctest.testmod(periods)
        self.assertGreater(result.attempted, 0)
        self.assertEqual(result.failed, 0)

    def test_it_spans_the_whole_month(self):
        p = period_for("month", D(2026, 11, 20))
        self.assertEqual(
            (p.kind, p.label, p.start, p.end), ("month", "2026年11月", D(2026, 11, 1), D(2026, 11, 30))
        )

    def test_it_knows_february_and_leap_years(self):
        self.assertEqual(period_for("month", D(2026, 2, 14)).end, D(2026, 2, 28))
        self.assertEqual(period_for("month", D(2028, 2, 14)).end, D(2028, 2, 29))

    def test_it_names_and_bounds_each_quarter(self):
        expected = [
            (D(2026, 2, 1), "2026年第一季度", D(2026, 1, 1), D(2026, 3, 31)),
            (D(2026, 4, 1), "2026年第二季度", D(2026, 4, 1), D(2026, 6, 30)),
            (D(2026, 9, 30), "2026年第三季度", D(2026, 7, 1), D(2026, 9, 30)),
            (D(2026, 12, 31), "2026年第四季度", D(2026, 10, 1), D(2026, 12, 31)),
        ]
        for day, label, start, end in expected:
            with self.subTest(day=day):
                p = period_for("quarter", day)
                self.assertEqual((p.label, p.start, p.end), (label, start, end))

    def test_it_spans_the_whole_year(self):
        p = period_for("year", D(2026, 7, 1))
        self.assertEqual((p.label, p.start, p.end), ("2026年度", D(2026, 1, 1), D(2026, 12, 31)))

    def test_it_rolls_over_into_the_next_year(self):
        self.assertEqual(period_for("month", D(2026, 12, 5)).next().label, "2027年1月")
        self.assertEqual(period_for("quarter", D(2026, 11, 5)).next().label, "2027年第一季度")
        self.assertEqual(period_for("year", D(2026, 11, 5)).next().label, "2027年度")

    def test_it_refuses_an_unknown_kind(self):
        with self.assertRaises(ValueError):
            period_for("week", D(2026, 11, 5))


class DueDateTestCase(TestCase):
    def test_it_keeps_a_due_day_that_is_a_working_day(self):
        self.assertEqual(due_date(period_for("month", D(2026, 11, 1)), 25, CAL), D(2026, 11, 25))

    def test_it_caps_the_due_day_at_the_month_length(self):
        self.assertEqual(due_date(period_for("month", D(2026, 9, 1)), 31, CAL), D(2026, 9, 30))
        self.assertEqual(due_date(period_for("month", D(2026, 2, 1)), 31, CAL), D(2026, 2, 28))

    def test_it_moves_a_due_day_in_national_day_week_to_october_8(self):
        october = period_for("month", D(2026, 10, 15))
        for day in range(1, 8):
            with self.subTest(due_day=day):
                self.assertEqual(due_date(october, day, CAL), D(2026, 10, 8))

    def test_it_moves_a_due_day_on_a_weekend_to_monday(self):
        # 2026-11-15 is a Sunday
        self.assertEqual(due_date(period_for("month", D(2026, 11, 1)), 15, CAL), D(2026, 11, 16))

    def test_it_keeps_an_adjusted_working_saturday(self):
        # 2026-10-10 is a Saturday worked in exchange for the 国庆 holiday
        self.assertEqual(due_date(period_for("month", D(2026, 10, 1)), 10, CAL), D(2026, 10, 10))

    def test_it_uses_the_last_month_of_a_quarter(self):
        # Q3 ends in September; 25 Sept 2026 is 中秋节, so the report is due Monday 28th
        self.assertEqual(due_date(period_for("quarter", D(2026, 7, 15)), 25, CAL), D(2026, 9, 28))
        self.assertEqual(due_date(period_for("quarter", D(2026, 11, 15)), 25, CAL), D(2026, 12, 25))

    def test_it_makes_annual_reports_due_in_december(self):
        self.assertEqual(due_date(period_for("year", D(2026, 3, 1)), 31, CAL), D(2026, 12, 31))
        self.assertEqual(
            due_date(period_for("year", D(2026, 3, 1)), 20, CAL), D(2026, 12, 21)
        )  # 20th: Sunday

    def test_it_honours_holidays_entered_by_an_admin(self):
        # 2027 is beyond the calendar library: an admin enters two days off by hand
        cal = WorkCalendar({D(2027, 1, 25): False, D(2027, 1, 26): False})
        self.assertEqual(due_date(period_for("month", D(2027, 1, 3)), 25, cal), D(2027, 1, 27))
        self.assertEqual(due_date(period_for("month", D(2027, 1, 3)), 25, WorkCalendar()), D(2027, 1, 25))

    def test_it_treats_a_due_day_of_zero_as_the_first(self):
        # the schedule form accepts 0; it must not crash every tick
        self.assertEqual(due_date(period_for("month", D(2026, 11, 1)), 0, CAL), D(2026, 11, 2))  # 1st: Sunday
