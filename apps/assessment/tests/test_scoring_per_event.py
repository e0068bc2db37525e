"""scoring.rules.per_event: each matching event moves its dimension; the dimension is clamped."""

import datetime
import unittest
from decimal import Decimal

from apps.assessment.scoring import Dimension, Event, Group, Rule, Scheme, TaskFact, score

D = datetime.date
MARCH = D(2025, 3, 1)
GRADES = [("优秀", 90), ("良好", 80), ("一般", 70), ("较差", 0)]
TASKS = [TaskFact(1, 1, "lead", "一般", "done"), TaskFact(1, 2, "co", "一般", "done")]


def run(rules, events, unit=1, **dim):
    dimension = Dimension("D3", "督办响应", 15, rules, **dim)
    scheme = Scheme([Group("G", "组", [1, 2])], [dimension], GRADES)
    return score(scheme, TASKS, events, [], [], {1: "甲", 2: "乙"}).unit(unit).dimension("D3")


def notice(level, ref="notice:1", unit=1, role="lead", day=MARCH):
    return Event("notice", unit, day, ref, "督办单", level=level, role=role)


LEVELS = [
    Rule.per_event("notice", -3, level=2, name="二次督办"),
    Rule.per_event("notice", -10, level=3, name="三次督办"),
]


class PerEventTestCase(unittest.TestCase):
    def test_it_starts_a_deduction_dimension_at_its_full_points(self):
        dim = run(LEVELS, [])
        self.assertEqual(dim.points, 15)
        self.assertEqual([(line.kind, line.text) for line in dim.lines], [("start", "满分 15")])

    def test_it_deducts_once_per_matching_event(self):
        dim = run(LEVELS, [notice(2, "notice:1"), notice(2, "notice:2"), notice(3, "notice:3")], floor=-20)
        self.assertEqual(dim.points, -1)
        self.assertEqual([line.ref for line in dim.lines[1:4]], ["notice:1", "notice:2", "notice:3"])

    def test_it_matches_the_level_exactly(self):
        dim = run(LEVELS, [notice(1), notice(4)])
        self.assertEqual(dim.points, 15)

    def test_it_matches_a_minimum_level(self):
        dim = run(
            [Rule.per_event("notice", -2, min_level=3)], [notice(2), notice(3), notice(4), notice(None)]
        )
        self.assertEqual(dim.points, 11)

    def test_it_clamps_the_dimension_at_its_floor(self):
        dim = run(LEVELS, [notice(3, "notice:1"), notice(3, "notice:2")])
        self.assertEqual(dim.points, 0)
        self.assertEqual(
            (dim.lines[-1].kind, dim.lines[-1].delta, dim.lines[-1].text), ("clamp", 5, "不低于下限 0:-5 → 0")
        )

    def test_it_clamps_at_a_floor_the_scheme_sets(self):
        self.assertEqual(run(LEVELS, [notice(3, "notice:1"), notice(3, "notice:2")], floor=3).points, 3)

    def test_it_clamps_a_bonus_at_the_cap(self):
        dim = run([Rule.per_event("praise", 1)], [Event("praise", 1, D(2025, 5, 1), "notice:9", "表扬")])
        self.assertEqual(dim.points, 15)
        self.assertEqual(dim.lines[-1].text, "不超过上限 15:16 → 15")

    def test_it_can_start_at_zero_and_add(self):
        rules = [Rule.per_event("praise", 2), Rule.per_event("criticism", -1)]
        events = [Event("praise", 1, D(2025, 5, 1), "n:1"), Event("criticism", 1, D(2025, 6, 1), "n:2")]
        self.assertEqual(run(rules, events, start="zero").points, 1)

    def test_it_counts_a_co_units_event_at_the_co_share(self):
        dim = run(LEVELS, [notice(2, unit=2, role="co")], unit=2)
        self.assertEqual(dim.points, Decimal("13.5"))
        self.assertEqual(dim.lines[-1].text, "二次督办(协办)-3 × 0.5 = -1.5")

    def test_it_counts_only_the_units_own_events(self):
        self.assertEqual(run(LEVELS, [notice(3, unit=2)], unit=1).points, 15)

    def test_it_names_an_unnamed_rule_by_what_it_matches(self):
        dim = run([Rule.per_event("notice", -3, level=2)], [notice(2)])
        self.assertEqual(dim.lines[-1].text, "督办 2级 -3")

    def test_it_keeps_the_event_day_on_its_line(self):
        self.assertEqual(run(LEVELS, [notice(2, day=D(2025, 8, 8))]).lines[-1].day, D(2025, 8, 8))
