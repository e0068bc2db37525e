"""scoring.grading: grades by threshold, the quota per group, ranks with tie-breaks, eligibility."""

import datetime
import unittest
from decimal import Decimal

from apps.assessment.scoring import (
    Adjustment,
    Dimension,
    Event,
    Group,
    Quota,
    Rating,
    Rule,
    Scheme,
    TaskFact,
    score,
)

D = datetime.date
GRADES = [("优秀", 90), ("良好", 80), ("一般", 70), ("较差", 0)]
DIMENSIONS = [Dimension("A", "甲项", 50, [Rule.rating()]), Dimension("B", "乙项", 50, [Rule.rating()])]


def run(points, groups=None, quota=None, names=None, tie_break=("A",), tasks=None):
    """points: {unit: (A, B)}; every unit leads one task unless `tasks` says otherwise."""
    groups = groups or [Group("G", "组", list(points))]
    scheme = Scheme(groups, DIMENSIONS, GRADES, quota=quota, tie_break=tie_break)
    ratings = [
        Rating(unit, code, "评分人", p)
        for unit, pair in points.items()
        for code, p in zip("AB", pair, strict=True)
    ]
    if tasks is None:
        tasks = [TaskFact(unit, unit, "lead", "一般", "done") for unit in points]
    names = names or {unit: f"单位{unit}" for unit in points}
    return score(scheme, tasks, [], ratings, [], names)


class ThresholdTestCase(unittest.TestCase):
    def test_it_grades_by_the_highest_threshold_reached(self):
        result = run({1: (45, 45), 2: (45, "44.99"), 3: (35, 35), 4: (30, 30)})
        self.assertEqual([result.unit(u).grade for u in (1, 2, 3, 4)], ["优秀", "良好", "一般", "较差"])

    def test_it_gives_the_last_grade_below_every_threshold(self):
        scheme = Scheme([Group("G", "组", [1])], [Dimension("D", "扣分", 10, floor=-50)], GRADES,
                        deductions=[Rule.per_event("criticism", -30)])  # fmt: skip
        events = [Event("criticism", 1, D(2025, 1, 1), "n:1")]
        unit = score(scheme, [TaskFact(1, 1, "lead", "一般", "done")], events, [], [], {}).unit(1)
        self.assertEqual((unit.total, unit.grade), (-20, "较差"))


class QuotaTestCase(unittest.TestCase):
    FOUR = {1: (50, 49), 2: (50, 48), 3: (46, 45), 4: (40, 40)}  # three at 优秀 by score

    def test_it_rounds_the_slots_up(self):
        result = run(self.FOUR, quota=Quota("优秀", 30, "up"))  # 1.2 → 2
        self.assertEqual([u.grade for u in result.ranking("G")], ["优秀", "优秀", "良好", "良好"])

    def test_it_rounds_the_slots_down(self):
        result = run(self.FOUR, quota=Quota("优秀", 30, "down"))  # 1.2 → 1
        self.assertEqual([u.grade for u in result.ranking("G")], ["优秀", "良好", "良好", "良好"])

    def test_it_rounds_the_slots_to_nearest_half_up(self):
        result = run({1: (50, 49), 2: (50, 48)}, quota=Quota("优秀", 25, "nearest"))  # 0.5 → 1
        self.assertEqual(result.group("G").quota_slots, 1)
        self.assertEqual(result.group("G").quota_text, "优秀名额:2 × 25% = 0.5,四舍五入为 1")

    def test_it_counts_the_quota_per_group(self):
        groups = [Group("X", "县区", [1, 2]), Group("Y", "市直", [3, 4])]
        result = run(self.FOUR | {4: (50, 50)}, groups=groups, quota=Quota("优秀", 50, "down"))
        self.assertEqual([u.grade for u in result.ranking("X")], ["优秀", "良好"])
        self.assertEqual([u.grade for u in result.ranking("Y")], ["优秀", "良好"])

    def test_it_explains_a_unit_that_falls_for_the_quota(self):
        notes = run(self.FOUR, quota=Quota("优秀", 30, "down")).unit(2).grade_notes
        self.assertEqual(notes, (
            "按总分 98:优秀(≥ 90)",
            "优秀名额:4 × 30% = 1.2,向下取整为 1;在本组优秀中居第 2 位,超出名额,降为 良好",
        ))  # fmt: skip


class RankTestCase(unittest.TestCase):
    def test_it_ranks_by_total_then_the_tie_break_dimensions(self):
        result = run({1: (40, 45), 2: (45, 40), 3: (50, 40)})
        self.assertEqual(result.group("G").ranked, (3, 2, 1))

    def test_it_breaks_a_full_tie_by_the_units_name(self):
        result = run({1: (45, 40), 2: (45, 40)}, names={1: "市乙局", 2: "市甲局"})
        self.assertEqual([(u.name, u.rank) for u in result.ranking("G")], [("市乙局", 1), ("市甲局", 2)])
        self.assertLess("乙", "甲")  # code-point order, not pinyin

    def test_it_gives_ranked_units_distinct_ranks(self):
        result = run({1: (45, 40), 2: (45, 40), 3: (45, 40)}, names={1: "同名", 2: "同名", 3: "同名"})
        self.assertEqual([(u.unit_id, u.rank) for u in result.ranking("G")], [(1, 1), (2, 2), (3, 3)])


class EligibilityTestCase(unittest.TestCase):
    def test_it_does_not_rank_a_unit_without_tasks(self):
        tasks = [TaskFact(1, 1, "lead", "一般", "done")]
        result = run({1: (40, 40), 2: (50, 50)}, tasks=tasks, quota=Quota("优秀", 100, "down"))
        unit = result.unit(2)
        self.assertEqual((unit.eligible, unit.rank, unit.grade), (False, None, None))
        self.assertEqual(unit.grade_notes, ("不参与排名:本期无承办任务",))
        self.assertEqual((result.group("G").ranked, result.group("G").unranked), ((1,), (2,)))

    def test_it_ranks_a_unit_with_co_tasks_only(self):
        result = run({1: (40, 40)}, tasks=[TaskFact(9, 1, "co", "一般", "red")])
        self.assertEqual(result.unit(1).rank, 1)

    def test_it_leaves_the_unranked_out_of_the_quota_count(self):
        result = run({1: (50, 50), 2: (50, 50)}, tasks=[TaskFact(1, 1, "lead", "一般", "done")],
                     quota=Quota("优秀", 50, "down"))  # fmt: skip
        self.assertEqual(result.group("G").quota_slots, 0)

    def test_it_lists_units_in_no_group_apart(self):
        scheme = Scheme([Group("G", "组", [1])], DIMENSIONS, GRADES)
        adjustments = [Adjustment(7, None, 1, "核减")]
        result = score(scheme, [TaskFact(1, 5, "lead", "一般", "done")], [], [], adjustments, {})
        self.assertEqual(result.ungrouped, (5, 7))
        self.assertEqual([u.unit_id for u in result.units], [1])
        self.assertEqual(result.unit(1).name, "1")
        self.assertEqual(result.unit(1).total, Decimal(0))
