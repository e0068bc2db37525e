"""Manual adjustments: to a dimension (inside its clamp) or to the total, each with its reason and ref."""

import datetime
import unittest
from decimal import Decimal

from apps.assessment.scoring import Adjustment, Dimension, Event, Group, Rule, Scheme, TaskFact, score

D = datetime.date
GRADES = [("优秀", 90), ("良好", 80), ("一般", 70), ("较差", 0)]
SCHEME = Scheme(
    [Group("G", "组", [1])],
    [Dimension("D2", "报送时效", 15, [Rule.per_event("late_report", "-0.5", name="迟报")])],
    GRADES,
)
LATE = Event("late_report", 1, D(2025, 4, 8), "report:5", "迟报")


def run(adjustments, events=(LATE,)):
    return score(SCHEME, [TaskFact(1, 1, "lead", "一般", "done")], events, [], adjustments, {1: "甲"}).unit(1)


class AdjustmentTestCase(unittest.TestCase):
    def test_it_adds_an_adjustment_to_the_total(self):
        unit = run([Adjustment(1, None, "-1.5", "数据核减", "evidence:3")])
        self.assertEqual(unit.total, Decimal("13"))
        self.assertEqual([(a.ref, a.label, a.text) for a in unit.adjustments],
                         [("evidence:3", "数据核减", "人工调整 -1.5:数据核减")])  # fmt: skip
        self.assertEqual(unit.total_text, "14.5 - 1.5 = 13")

    def test_it_adds_an_adjustment_to_its_dimension(self):
        unit = run([Adjustment(1, "D2", "0.5", "迟报系系统故障,经核实撤销", "evidence:4")])
        self.assertEqual(unit.dimension("D2").points, 15)
        self.assertEqual(unit.dimension("D2").lines[-1].kind, "adjustment")
        self.assertEqual(unit.adjustments, ())

    def test_it_holds_a_dimension_adjustment_to_the_dimensions_cap(self):
        unit = run([Adjustment(1, "D2", 2, "表现突出")])
        self.assertEqual(unit.dimension("D2").points, 15)
        self.assertEqual(unit.dimension("D2").lines[-1].text, "不超过上限 15:16.5 → 15")

    def test_it_refuses_an_adjustment_to_an_unknown_dimension(self):
        with self.assertRaisesRegex(ValueError, "D9"):
            run([Adjustment(1, "D9", 1, "理由")])

    def test_it_refuses_an_adjustment_without_a_reason(self):
        with self.assertRaisesRegex(ValueError, "理由"):
            Adjustment(1, None, 1, "  ")

    def test_it_rounds_the_total_half_up_to_cents(self):
        self.assertEqual(run([Adjustment(1, None, "0.005", "尾差")], events=()).total, Decimal("15.01"))
