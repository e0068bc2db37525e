"""apps/cycles/rules.py: derived status and red/yellow/green. Pure: dates are passed in, no database."""

import datetime
import unittest
from unittest import mock

from apps.cycles import rules
from apps.cycles.rules import GREEN, RED, YELLOW, TaskFacts, Thresholds, derive
from lib.workdays import WorkCalendar

D = datetime.date
CAL = WorkCalendar()  # chinese-calendar covers 2026
YEAR = {"start": D(2026, 1, 1), "due": D(2026, 12, 31)}


class Weekdays:
    """A calendar that knows no holidays, to show what the real one changes."""

    def workdays_until(self, start, end):
        return sum(
            (start + datetime.timedelta(days=i)).weekday() < 5 for i in range(1, (end - start).days + 1)
        )

    def next_workday(self, day):
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        return day


def facts(**kwargs):
    return TaskFacts(**{**YEAR, **kwargs})


class FinishedTestCase(unittest.TestCase):
    def test_it_shows_a_closed_out_task_as_closed_and_green(self):
        result = derive(
            facts(due=D(2026, 6, 30), percent=40, closed_out=True, missing_reports=2), D(2026, 9, 1), CAL
        )
        self.assertEqual(result, (rules.CLOSED, GREEN, []))
        self.assertEqual(result[0].label, "已销号")

    def test_it_shows_a_task_at_100_percent_as_done(self):
        self.assertEqual(derive(facts(percent=100), D(2026, 7, 1), CAL), (rules.DONE, GREEN, []))


class DeadlineTestCase(unittest.TestCase):
    def test_it_is_red_when_overdue(self):
        status, rag, reasons = derive(facts(due=D(2026, 6, 30), percent=90), D(2026, 7, 1), CAL)
        self.assertEqual((status, rag), (rules.OVERDUE, RED))
        self.assertIn("已超过完成时限 2026-06-30", reasons)

    def test_it_is_yellow_within_n_working_days(self):
        status, rag, reasons = derive(facts(due=D(2026, 11, 30), percent=95), D(2026, 11, 23), CAL)
        self.assertEqual((status, rag), (rules.ON_TRACK, YELLOW))
        self.assertEqual(reasons, ["距完成时限 2026-11-30 不足 5 个工作日"])

    def test_it_is_green_beyond_n_working_days(self):
        self.assertEqual(derive(facts(due=D(2026, 12, 7), percent=95), D(2026, 11, 23), CAL)[1], GREEN)

    def test_it_counts_the_holiday_out_of_the_warning_window(self):
        # 2026-09-28 → 10-09: 9/29, 9/30, 10/8, 10/9 are working days (4 ≤ 5); Mon–Fri would count 9.
        f = facts(due=D(2026, 10, 9), percent=95)
        self.assertEqual(derive(f, D(2026, 9, 28), CAL)[1], YELLOW)
        self.assertEqual(derive(f, D(2026, 9, 28), Weekdays())[1], GREEN)

    def test_it_counts_the_adjusted_working_saturday(self):
        # 2026-10-09 → 10-12: 10/10 (调休上班) and 10/12 are working days: 2 > 1, so not yet a warning.
        f = facts(due=D(2026, 10, 12), percent=98)
        self.assertEqual(derive(f, D(2026, 10, 9), CAL, Thresholds(warn_workdays=1))[1], GREEN)
        self.assertEqual(derive(f, D(2026, 10, 9), Weekdays(), Thresholds(warn_workdays=1))[1], YELLOW)


class NationalDayTestCase(unittest.TestCase):
    """A deadline inside the 2026 国庆 holiday (10/1–10/7) moves to 10/8, the next working day."""

    f = facts(due=D(2026, 10, 5), percent=95)

    def test_it_warns_before_the_holiday(self):
        status, rag, reasons = derive(self.f, D(2026, 9, 28), CAL)
        self.assertEqual((status, rag), (rules.ON_TRACK, YELLOW))
        self.assertEqual(reasons, ["距完成时限 2026-10-05 不足 5 个工作日"])

    def test_it_is_not_overdue_during_the_holiday(self):
        self.assertEqual(derive(self.f, D(2026, 10, 6), CAL)[:2], (rules.ON_TRACK, YELLOW))

    def test_it_is_not_overdue_on_the_first_working_day_after(self):
        self.assertEqual(derive(self.f, D(2026, 10, 8), CAL)[:2], (rules.ON_TRACK, YELLOW))

    def test_it_is_overdue_the_working_day_after_that(self):
        status, rag, reasons = derive(self.f, D(2026, 10, 9), CAL)
        self.assertEqual((status, rag), (rules.OVERDUE, RED))
        self.assertIn("已超过完成时限 2026-10-05", reasons)

    def test_it_moves_a_milestone_in_the_holiday_too(self):
        f = facts(percent=80, milestones=[(D(2026, 10, 1), None)])
        self.assertEqual(derive(f, D(2026, 10, 7), CAL)[1], YELLOW)
        self.assertEqual(derive(f, D(2026, 10, 9), CAL)[:2], (rules.LAGGING, RED))

    def test_it_does_not_move_a_deadline_on_the_adjusted_working_saturday(self):
        f = facts(due=D(2026, 10, 10), percent=95)
        self.assertEqual(derive(f, D(2026, 10, 10), CAL)[0], rules.ON_TRACK)
        self.assertEqual(derive(f, D(2026, 10, 11), CAL)[:2], (rules.OVERDUE, RED))

    def test_it_moves_a_deadline_on_an_ordinary_saturday(self):
        f = facts(due=D(2026, 10, 17), percent=95)
        self.assertEqual(derive(f, D(2026, 10, 18), CAL)[0], rules.ON_TRACK)
        self.assertEqual(derive(f, D(2026, 10, 20), CAL)[:2], (rules.OVERDUE, RED))


class TrajectoryTestCase(unittest.TestCase):
    """双过半: by mid-year, half the time has passed and half the work should be done."""

    MID = D(2026, 7, 1)

    def test_it_expects_about_half_at_mid_year(self):
        self.assertAlmostEqual(rules.expected_percent(YEAR["start"], YEAR["due"], self.MID), 49.7, places=1)

    def test_it_is_green_when_half_is_done(self):
        self.assertEqual(derive(facts(percent=50), self.MID, CAL), (rules.ON_TRACK, GREEN, []))

    def test_it_is_yellow_when_slightly_behind(self):
        status, rag, reasons = derive(facts(percent=38), self.MID, CAL)
        self.assertEqual((status, rag), (rules.LAGGING, YELLOW))
        self.assertEqual(reasons, ["进度 38% 落后时间进度 12 个百分点"])

    def test_it_is_red_when_far_behind(self):
        status, rag, reasons = derive(facts(percent=25), self.MID, CAL)
        self.assertEqual((status, rag), (rules.LAGGING, RED))
        self.assertEqual(reasons, ["进度 25% 落后时间进度 25 个百分点"])

    def test_it_uses_the_thresholds_given(self):
        self.assertEqual(derive(facts(percent=38), self.MID, CAL, Thresholds(lag_yellow=15))[1], GREEN)


class ReportsTestCase(unittest.TestCase):
    def test_it_is_red_when_a_report_is_missing_after_its_cycle_closed(self):
        status, rag, reasons = derive(facts(percent=50, missing_reports=1), D(2026, 7, 1), CAL)
        self.assertEqual(rag, RED)
        self.assertEqual(reasons, ["有 1 期进展报告截止后仍未报送"])

    def test_it_is_yellow_when_an_open_report_is_due_soon(self):
        f = facts(percent=50, reports_due=[D(2026, 7, 3)])
        self.assertEqual(derive(f, D(2026, 7, 1), CAL)[1:], (YELLOW, ["本期报告 2026-07-03 截止，尚未报送"]))

    def test_it_is_green_when_an_open_report_is_not_due_soon(self):
        self.assertEqual(
            derive(facts(percent=50, reports_due=[D(2026, 7, 27)]), D(2026, 7, 1), CAL)[1], GREEN
        )


class NotStartedTestCase(unittest.TestCase):
    def test_it_is_not_started_before_the_start_date(self):
        f = TaskFacts(start=D(2026, 9, 1), due=D(2026, 12, 31))
        self.assertEqual(derive(f, D(2026, 7, 1), CAL), (rules.NOT_STARTED, GREEN, []))


class LatePublicationTestCase(unittest.TestCase):
    """A plan published late in its year: the trajectory starts when the work could start, the later of the
    task's start date and the plan's publication."""

    DECEMBER = D(2026, 12, 1)

    def test_it_does_not_put_a_task_published_today_behind(self):
        status, rag, reasons = derive(facts(published=self.DECEMBER), self.DECEMBER, CAL)
        self.assertEqual((status, rag, reasons), (rules.NOT_STARTED, GREEN, []))

    def test_it_measures_the_trajectory_from_the_publication(self):
        # published 1 Sept, due 31 Dec: on 1 Nov half of the time has gone, not 83%
        f = facts(published=D(2026, 9, 1), percent=45)
        status, rag, reasons = derive(f, D(2026, 11, 1), CAL)
        self.assertEqual((status, rag), (rules.ON_TRACK, GREEN))
        self.assertEqual(rules.effective_start(f), D(2026, 9, 1))

    def test_it_keeps_a_start_date_later_than_the_publication(self):
        f = TaskFacts(start=D(2026, 9, 1), due=D(2026, 12, 31), published=D(2026, 3, 1))
        self.assertEqual(rules.effective_start(f), D(2026, 9, 1))
        self.assertEqual(derive(f, D(2026, 7, 1), CAL), (rules.NOT_STARTED, GREEN, []))

    def test_it_uses_the_publication_for_a_task_without_a_start_date(self):
        f = TaskFacts(start=None, due=D(2026, 12, 31), published=D(2026, 7, 1))
        self.assertEqual(rules.effective_start(f), D(2026, 7, 1))

    def test_it_still_reports_lag_once_time_has_passed_since_the_publication(self):
        f = facts(published=D(2026, 9, 1), percent=10)
        status, rag, reasons = derive(f, D(2026, 12, 1), CAL)
        self.assertEqual((status, rag), (rules.LAGGING, RED))
        self.assertIn("进度 10% 落后时间进度 65 个百分点", reasons)


class WordingTestCase(unittest.TestCase):
    """Status follows the facts, not the wording of the reasons shown to people."""

    def test_it_keeps_an_overdue_milestone_lagging_whatever_its_message_says(self):
        f = facts(percent=50, milestones=[(D(2026, 6, 30), None)])
        reworded = {"milestone_overdue": "里程碑 {day:%m月%d日} 未按期完成"}
        with mock.patch.dict(rules.MESSAGES, reworded):
            status, rag, reasons = derive(f, D(2026, 7, 1), CAL)
        self.assertEqual((status, rag, reasons), (rules.LAGGING, RED, ["里程碑 06月30日 未按期完成"]))

    def test_it_does_not_lag_for_a_reason_that_merely_mentions_a_milestone(self):
        # a missing report is red, but only progress or an overdue milestone makes the task 滞后
        reworded = {"missing_reports": "节点报告 {n} 期逾期未报"}
        with mock.patch.dict(rules.MESSAGES, reworded):
            status, rag, reasons = derive(facts(percent=50, missing_reports=1), D(2026, 7, 1), CAL)
        self.assertEqual((status, rag, reasons), (rules.ON_TRACK, RED, ["节点报告 1 期逾期未报"]))


class VocabularyTestCase(unittest.TestCase):
    """A task's status and light are named once, by the TextChoices in apps/plans/models.py."""

    ROOT = __import__("pathlib").Path(__file__).resolve().parents[3]

    def test_it_derives_the_models_values(self):
        from apps.plans.models import Rag, TaskStatus

        self.assertEqual(
            {rules.NOT_STARTED, rules.ON_TRACK, rules.LAGGING}, {"not_started", "on_track", "lagging"}
        )
        self.assertTrue(all(isinstance(s, TaskStatus) for s in (rules.OVERDUE, rules.DONE, rules.CLOSED)))
        self.assertTrue(all(isinstance(r, Rag) for r in (GREEN, YELLOW, RED)))

    def test_it_finds_the_status_and_light_names_in_the_models_only(self):
        from apps.plans.models import Rag, TaskStatus

        # 已完成 and 逾期 also name a milestone's and a notice's state, 已销号 a rectification item's, so
        # they are left out; a key project's lights are named by its own pure rules (apps/projects/rules.py)
        shared = {"已完成", "逾期", "已销号"}
        names = [label for label in (*TaskStatus.labels, *Rag.labels) if label not in shared]
        sources = [*self.ROOT.glob("apps/*/*.py"), *self.ROOT.glob("apps/*/views/*.py")]
        sources += list(self.ROOT.glob("templates/**/*.html"))
        found = [
            f"{path.relative_to(self.ROOT)}: {name}"
            for path in sources
            if path.name != "models.py" and path != self.ROOT / "apps/projects/rules.py"
            for name in names
            if f'"{name}"' in (text := path.read_text(encoding="utf-8")) or f"'{name}'" in text
        ]
        self.assertGreater(len(sources), 50)
        self.assertEqual(found, [])
