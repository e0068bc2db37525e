"""lib/workdays.py: the chinese-calendar library for the years it covers, admin entries for the others,
Monday–Friday for a year known to neither."""

import datetime
import doctest
import unittest

from django.test import TestCase

import lib.workdays
from apps.cycles.calendar import work_calendar
from apps.cycles.models import Holiday
from lib.workdays import WorkCalendar, library_years

D = datetime.date

# The 2027 arrangement as an admin would enter it (illustrative; the library does not cover 2027).
ADMIN_2027 = {
    **{D(2027, 10, d): False for d in range(1, 8)},  # 国庆 10/1–10/7
    D(2027, 9, 26): True,  # 调休上班 (Sunday)
    D(2027, 10, 9): True,  # 调休上班 (Saturday)
}


class LibraryYearTestCase(unittest.TestCase):
    def setUp(self):
        self.cal = WorkCalendar()

    def test_it_knows_the_national_day_holiday(self):
        self.assertEqual([self.cal.is_workday(D(2026, 10, d)) for d in range(1, 8)], [False] * 7)

    def test_it_knows_the_adjusted_working_saturday(self):
        self.assertTrue(self.cal.is_workday(D(2026, 10, 10)))

    def test_it_knows_an_ordinary_saturday(self):
        self.assertFalse(self.cal.is_workday(D(2026, 10, 17)))

    def test_it_moves_a_holiday_to_the_next_working_day(self):
        self.assertEqual(self.cal.next_workday(D(2026, 10, 3)), D(2026, 10, 8))

    def test_it_keeps_a_working_day(self):
        self.assertEqual(self.cal.next_workday(D(2026, 10, 10)), D(2026, 10, 10))

    def test_it_adds_working_days_across_the_holiday(self):
        self.assertEqual(self.cal.add_workdays(D(2026, 9, 30), 3), D(2026, 10, 10))

    def test_it_subtracts_working_days(self):
        self.assertEqual(self.cal.add_workdays(D(2026, 10, 8), -1), D(2026, 9, 30))

    def test_it_counts_working_days_until_a_date(self):
        self.assertEqual(self.cal.workdays_until(D(2026, 9, 30), D(2026, 10, 12)), 4)  # 8, 9, 10, 12

    def test_it_counts_nothing_for_a_past_date(self):
        self.assertEqual(self.cal.workdays_until(D(2026, 10, 12), D(2026, 10, 1)), 0)

    def test_it_says_the_library_covers_2026(self):
        low, high = library_years()
        self.assertTrue(low <= 2026 <= high)
        self.assertEqual(self.cal.coverage(2026), "library")

    def test_its_doctests_pass(self):
        self.assertEqual(doctest.testmod(lib.workdays).failed, 0)


class UncoveredYearTestCase(unittest.TestCase):
    def test_it_says_a_later_year_is_not_covered(self):
        self.assertEqual(WorkCalendar().coverage(library_years()[1] + 1), "weekdays")

    def test_it_falls_back_to_monday_to_friday(self):
        cal = WorkCalendar()
        week = [cal.is_workday(D(2031, 9, 29) + datetime.timedelta(days=i)) for i in range(7)]  # Mon–Sun
        self.assertEqual(week, [True] * 5 + [False] * 2)

    def test_it_does_not_crash_on_a_national_day_it_does_not_know(self):
        cal = WorkCalendar()
        self.assertTrue(cal.is_workday(D(2031, 10, 1)))  # a Wednesday: unknown, so a working day
        self.assertEqual(cal.add_workdays(D(2031, 9, 30), 1), D(2031, 10, 1))

    def test_it_says_admin_entries_cover_the_year(self):
        self.assertEqual(WorkCalendar(ADMIN_2027).coverage(2027), "manual")

    def test_it_applies_admin_holidays(self):
        cal = WorkCalendar(ADMIN_2027)
        self.assertEqual([cal.is_workday(D(2027, 10, d)) for d in range(1, 8)], [False] * 7)

    def test_it_applies_admin_working_weekends(self):
        cal = WorkCalendar(ADMIN_2027)
        self.assertEqual((cal.is_workday(D(2027, 9, 26)), cal.is_workday(D(2027, 10, 9))), (True, True))

    def test_it_falls_back_to_weekdays_on_dates_not_entered(self):
        cal = WorkCalendar(ADMIN_2027)
        self.assertEqual((cal.is_workday(D(2027, 10, 8)), cal.is_workday(D(2027, 10, 10))), (True, False))

    def test_it_adds_working_days_across_an_admin_holiday(self):
        cal = WorkCalendar(ADMIN_2027)
        self.assertEqual(cal.add_workdays(D(2027, 9, 30), 3), D(2027, 10, 11))  # 10/8, 10/9 (Sat), 10/11

    def test_it_moves_an_admin_holiday_to_the_next_working_day(self):
        self.assertEqual(WorkCalendar(ADMIN_2027).next_workday(D(2027, 10, 1)), D(2027, 10, 8))

    def test_it_keeps_the_librarys_holidays_beside_an_admin_entry_in_a_covered_year(self):
        # BUG in lib/workdays.py: one admin entry in 2026 makes coverage(2026) "manual", and is_workday then
        # ignores chinese-calendar for every other 2026 date, so 国庆 becomes a working day.
        cal = WorkCalendar({D(2026, 12, 31): False})
        self.assertFalse(cal.is_workday(D(2026, 10, 1)))


class AdminEntriesTestCase(TestCase):
    def test_it_reads_the_admins_entries_from_the_database(self):
        Holiday.objects.bulk_create(Holiday(day=day, is_workday=work) for day, work in ADMIN_2027.items())
        cal = work_calendar()
        self.assertEqual(cal.coverage(2027), "manual")
        self.assertEqual(cal.next_workday(D(2027, 10, 1)), D(2027, 10, 8))

    def test_it_still_uses_the_library_for_covered_years(self):
        Holiday.objects.bulk_create(Holiday(day=day, is_workday=work) for day, work in ADMIN_2027.items())
        self.assertFalse(work_calendar().is_workday(D(2026, 10, 1)))
