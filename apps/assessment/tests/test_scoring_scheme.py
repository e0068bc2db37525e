"""scoring.scheme: building a scheme from literals and JSON, and refusing an inconsistent one."""

import unittest
from decimal import Decimal

from apps.assessment.scoring import Dimension, Group, Quota, Rule, Scheme, TaskFact, Veto

GRADES = [("优秀", 90), ("良好", 80), ("一般", 70), ("较差", 0)]
D1 = Dimension("D1", "承办任务完成", 60, [Rule.proportional({"重点": 3})])


def scheme(**kwargs):
    return Scheme(**{"groups": [Group("G", "组", [1, 2])], "dimensions": [D1], "grades": GRADES} | kwargs)


class BuildTestCase(unittest.TestCase):
    def test_it_converts_numbers_to_exact_decimals(self):
        rule = Rule.per_event("late_report", -0.1)
        self.assertEqual(rule.points, Decimal("-0.1"))
        self.assertEqual(Rule.proportional().value("yellow"), Decimal("0.8"))

    def test_it_caps_a_dimension_at_its_points_by_default(self):
        self.assertEqual((D1.floor, D1.cap), (0, 60))

    def test_it_round_trips_through_a_dict(self):
        built = scheme(
            bonuses=[Rule.bonus_by_level("honour", {4: 2, 3: 1})],
            bonus_cap=10,
            deductions=[Rule.per_event("criticism", -1, name="通报批评")],
            vetoes=[Veto("notice", level=3, grade="一般"), Veto("fraud", effect="deduct", points=30)],
            quota=Quota("优秀", 30, "up"),
            tie_break=["D1"],
        )
        self.assertEqual(Scheme.from_dict(built.to_dict()), built)

    def test_it_keeps_decimals_as_strings_in_its_dict(self):
        data = scheme(co_share=0.5).to_dict()
        self.assertEqual(
            (data["co_share"], data["dimensions"][0]["rules"][0]["weights"]), ("0.5", {"重点": "3"})
        )

    def test_it_reads_grades_as_pairs_or_dicts(self):
        data = scheme().to_dict() | {"grades": [{"name": "合格", "min_score": "60"}, ["不合格", 0]]}
        self.assertEqual(Scheme.from_dict(data).grade_names(), ["合格", "不合格"])

    def test_it_validates_a_task_fact(self):
        with self.assertRaisesRegex(ValueError, "任务状态"):
            TaskFact(1, 1, "lead", "一般", "late")


class RefuseTestCase(unittest.TestCase):
    def assertRefused(self, message, **kwargs):
        with self.assertRaisesRegex(ValueError, message):
            scheme(**kwargs)

    def test_it_refuses_a_unit_in_two_groups(self):
        self.assertRefused("单位重复", groups=[Group("X", "甲", [1]), Group("Y", "乙", [1])])

    def test_it_refuses_grades_out_of_order(self):
        self.assertRefused("从高到低", grades=[("一般", 70), ("优秀", 90)])

    def test_it_refuses_two_base_rules_in_a_dimension(self):
        with self.assertRaisesRegex(ValueError, "最多一条"):
            Dimension("D", "混合", 10, [Rule.proportional(), Rule.rating()])

    def test_it_refuses_a_proportional_rule_among_the_bonuses(self):
        self.assertRefused("加分、减分", bonuses=[Rule.proportional()])

    def test_it_refuses_a_veto_capping_at_an_unknown_grade(self):
        self.assertRefused("未知的等次", vetoes=[Veto("notice", level=3, grade="合格")])

    def test_it_refuses_a_quota_on_the_lowest_grade(self):
        self.assertRefused("名额", quota=Quota("较差", 30, "up"))

    def test_it_refuses_an_unknown_rounding(self):
        with self.assertRaisesRegex(ValueError, "取整"):
            Quota("优秀", 30, "ceil")

    def test_it_refuses_an_unknown_tie_break_dimension(self):
        self.assertRefused("D3", tie_break=["D3"])

    def test_it_refuses_an_unknown_key_in_the_json(self):
        data = scheme().to_dict() | {"quota": {"grade": "优秀", "percent": "30", "round": "up"}}
        with self.assertRaisesRegex(ValueError, "格式有误"):
            Scheme.from_dict(data)

    def test_it_refuses_a_per_event_rule_without_points(self):
        with self.assertRaisesRegex(ValueError, "分值"):
            Rule.from_dict({"type": "per_event", "kind": "late_report"})

    def test_it_refuses_an_unknown_state_in_the_values(self):
        with self.assertRaisesRegex(ValueError, "未知的任务状态"):
            Rule.proportional(values={"green": 1})
