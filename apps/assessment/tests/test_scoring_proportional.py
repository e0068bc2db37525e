"""scoring.rules.proportional: points × Σ(w·v) / Σw over the unit's lead tasks."""

import unittest
from decimal import Decimal

from apps.assessment.scoring import Dimension, Group, Rule, Scheme, TaskFact, score

GRADES = [("优秀", 90), ("良好", 80), ("一般", 70), ("较差", 0)]


def run(rule, tasks, points=60):
    scheme = Scheme([Group("G", "组", [1])], [Dimension("D1", "承办任务完成", points, [rule])], GRADES)
    return score(scheme, tasks, [], [], [], {1: "甲"}).unit(1)


def lead(task_id, weight_class="一般", state="done", role="lead"):
    return TaskFact(task_id, 1, role, weight_class, state)


class ProportionalTestCase(unittest.TestCase):
    def test_it_weighs_each_lead_task_by_its_class(self):
        unit = run(Rule.proportional({"重点": 3}), [lead(1, "重点", "done"), lead(2, "一般", "overdue")])
        self.assertEqual(unit.dimension("D1").points, 45)
        self.assertEqual(unit.dimension("D1").lines[-1].text, "60 × 3 / 4 = 45")

    def test_it_weighs_an_unlisted_class_1(self):
        unit = run(Rule.proportional({"重点": 3}), [lead(1, "其他", "red"), lead(2, "其他", "done")])
        self.assertEqual(unit.dimension("D1").points, 45)

    def test_it_uses_the_default_values_per_state(self):
        states = ["done", "on_track", "yellow", "red", "overdue"]
        unit = run(Rule.proportional(), [lead(n, state=s) for n, s in enumerate(states)], points=5)
        self.assertEqual(unit.dimension("D1").lines[-1].text, "5 × 3.3 / 5 = 3.3")

    def test_it_lets_the_scheme_override_a_value(self):
        unit = run(Rule.proportional(values={"yellow": "0.6"}), [lead(1, state="yellow")])
        self.assertEqual(unit.dimension("D1").points, 36)

    def test_it_shows_one_term_line_per_task_without_a_delta(self):
        lines = run(Rule.proportional({"重点": 3}), [lead(7, "重点", "yellow")]).dimension("D1").lines
        self.assertEqual(
            (lines[0].ref, lines[0].delta, lines[0].text), ("task:7", None, "重点 权重 3 × 黄灯 0.8 = 2.4")
        )

    def test_it_ignores_co_tasks(self):
        unit = run(Rule.proportional(), [lead(1, state="done"), lead(2, state="overdue", role="co")])
        self.assertEqual(unit.dimension("D1").points, 60)

    def test_it_rounds_the_dimension_half_up_to_cents(self):
        tasks = [lead(1)] + [lead(n, state="overdue") for n in range(2, 9)]
        dim = run(Rule.proportional(), tasks, points=1).dimension("D1")
        self.assertEqual((dim.lines[-1].delta, dim.points), (Decimal("0.125"), Decimal("0.13")))

    def test_it_keeps_the_exact_quotient_in_the_line(self):
        dim = run(Rule.proportional(), [lead(1), lead(2), lead(3, state="overdue")]).dimension("D1")
        self.assertEqual(dim.lines[-1].delta, Decimal(40))
        dim = run(
            Rule.proportional(), [lead(1), lead(2, state="overdue"), lead(3, state="overdue")], 1
        ).dimension("D1")
        self.assertEqual((dim.lines[-1].text, dim.points), ("1 × 1 / 3 = 0.33", Decimal("0.33")))


class NoLeadTasksTestCase(unittest.TestCase):
    def test_it_does_not_rank_a_co_only_unit_by_default(self):
        unit = run(Rule.proportional(), [lead(1, role="co")])
        self.assertFalse(unit.eligible)
        self.assertEqual(unit.ineligible_reason, "无牵头任务,承办任务完成无法按比例计分")
        self.assertEqual((unit.rank, unit.grade), (None, None))

    def test_it_can_give_full_points_without_lead_tasks(self):
        unit = run(Rule.proportional(when_no_lead_tasks="full"), [lead(1, role="co")])
        self.assertTrue(unit.eligible)
        self.assertEqual(unit.dimension("D1").points, 60)

    def test_it_can_give_zero_without_lead_tasks(self):
        unit = run(Rule.proportional(when_no_lead_tasks="zero"), [lead(1, role="co")])
        self.assertTrue(unit.eligible)
        self.assertEqual(unit.dimension("D1").points, 0)

    def test_it_treats_lead_tasks_of_weight_zero_as_none(self):
        unit = run(Rule.proportional({"一般": 0}, when_no_lead_tasks="zero"), [lead(1)])
        self.assertEqual(unit.dimension("D1").lines[-1].text, "无牵头任务,计 0")
