"""scoring.rules.bonus_by_level and the bonuses / deductions outside the dimensions, with their caps."""

import datetime
import unittest
from decimal import Decimal

from apps.assessment.scoring import Dimension, Event, Group, Rule, Scheme, TaskFact, score

D = datetime.date
GRADES = [("优秀", 90), ("良好", 80), ("一般", 70), ("较差", 0)]
HONOUR = Rule.bonus_by_level("honour", {4: 2, 3: 1, 2: "0.5"}, name="表彰")
CRITICISM = Rule.per_event("criticism", -1, name="通报批评")


def run(events, unit=1, **scheme):
    built = Scheme([Group("G", "组", [1, 2])], [Dimension("D2", "报送时效", 15)], GRADES, **scheme)
    tasks = [TaskFact(1, 1, "lead", "一般", "done"), TaskFact(1, 2, "co", "一般", "done")]
    return score(built, tasks, events, [], [], {1: "甲", 2: "乙"}).unit(unit)


def honour(level, ref, unit=1, role="lead"):
    return Event("honour", unit, D(2025, 9, 1), ref, "表彰文件", level=level, role=role)


class BonusByLevelTestCase(unittest.TestCase):
    def test_it_adds_the_points_of_each_events_level(self):
        unit = run([honour(4, "case:1"), honour(3, "case:2"), honour(2, "case:3")], bonuses=[HONOUR])
        self.assertEqual(unit.bonus_total, Decimal("3.5"))
        self.assertEqual(
            [line.text for line in unit.bonuses], ["表彰 国家级 +2", "表彰 省级 +1", "表彰 市级 +0.5"]
        )
        self.assertEqual(unit.total, Decimal("18.5"))

    def test_it_ignores_a_level_the_rule_does_not_list(self):
        self.assertEqual(run([honour(1, "case:1"), honour(None, "case:2")], bonuses=[HONOUR]).bonuses, ())

    def test_it_gives_a_co_unit_its_share(self):
        unit = run([honour(4, "case:1", unit=2, role="co")], unit=2, bonuses=[HONOUR])
        self.assertEqual(unit.bonuses[0].text, "表彰 国家级(协办)+2 × 0.5 = +1")

    def test_it_uses_the_schemes_co_share(self):
        unit = run([honour(4, "case:1", unit=2, role="co")], unit=2, bonuses=[HONOUR], co_share="0.25")
        self.assertEqual(unit.bonus_total, Decimal("0.5"))

    def test_it_can_sit_inside_a_dimension(self):
        dims = [Dimension("D5", "创新创优", 3, [HONOUR])]
        built = Scheme([Group("G", "组", [1])], dims, GRADES)
        events = [honour(4, "case:1"), honour(4, "case:2")]
        unit = score(built, [TaskFact(1, 1, "lead", "一般", "done")], events, [], [], {}).unit(1)
        self.assertEqual(unit.dimension("D5").points, 3)  # from 0, 4 held to the cap 3


class CapsTestCase(unittest.TestCase):
    def test_it_holds_the_bonuses_to_the_bonus_cap(self):
        unit = run([honour(4, "case:1"), honour(4, "case:2")], bonuses=[HONOUR], bonus_cap=3)
        self.assertEqual(unit.bonus_total, 3)
        self.assertEqual((unit.bonuses[-1].delta, unit.bonuses[-1].text), (-1, "加分合计 +4,以 +3 为限"))

    def test_it_applies_no_bonus_cap_without_one(self):
        unit = run([honour(4, f"case:{n}") for n in range(6)], bonuses=[HONOUR])
        self.assertEqual(unit.bonus_total, 12)

    def test_it_takes_the_deductions_off_the_total(self):
        unit = run([Event("criticism", 1, D(2025, 5, 1), "notice:3", "通报批评")], deductions=[CRITICISM])
        self.assertEqual((unit.deduction_total, unit.total), (-1, 14))
        self.assertEqual(unit.total_text, "15 - 1 = 14")

    def test_it_holds_the_deductions_to_the_deduction_cap(self):
        events = [Event("criticism", 1, D(2025, 5, n), f"notice:{n}") for n in range(1, 6)]
        unit = run(events, deductions=[CRITICISM], deduction_cap=2)
        self.assertEqual(unit.deduction_total, -2)
        self.assertEqual(unit.deductions[-1].text, "减分合计 -5,以 -2 为限")
