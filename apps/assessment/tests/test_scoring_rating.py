"""scoring.rules.rating: the mean of the unit's ratings for the dimension, each kept with its rater."""

import unittest
from decimal import Decimal

from apps.assessment.scoring import Dimension, Group, Rating, Rule, Scheme, TaskFact, score

GRADES = [("优秀", 90), ("良好", 80), ("一般", 70), ("较差", 0)]
DIMENSIONS = [Dimension("D4", "领导评价", 10, [Rule.rating()]), Dimension("D2", "报送时效", 15)]


def run(ratings):
    scheme = Scheme([Group("G", "组", [1])], DIMENSIONS, GRADES)
    return score(scheme, [TaskFact(1, 1, "lead", "一般", "done")], [], ratings, [], {1: "甲"}).unit(1)


class RatingTestCase(unittest.TestCase):
    def test_it_takes_a_single_rating_with_its_rater(self):
        dim = run([Rating(1, "D4", "王副市长", 9)]).dimension("D4")
        self.assertEqual(dim.points, 9)
        self.assertEqual([(line.label, line.text) for line in dim.lines], [("王副市长", "王副市长 评分 9")])

    def test_it_takes_the_mean_of_several_raters(self):
        dim = run([Rating(1, "D4", "王副市长", "9"), Rating(1, "D4", "李副市长", "8.5")]).dimension("D4")
        self.assertEqual(dim.points, Decimal("8.75"))
        self.assertEqual([line.label for line in dim.lines[:2]], ["李副市长", "王副市长"])
        self.assertEqual(dim.lines[-1].text, "(8.5 + 9) / 2 = 8.75")

    def test_it_rounds_the_mean_half_up_at_the_dimension(self):
        ratings = [Rating(1, "D4", rater, p) for rater, p in (("甲", 9), ("乙", 8), ("丙", 8))]
        self.assertEqual(run(ratings).dimension("D4").points, Decimal("8.33"))

    def test_it_counts_a_missing_rating_as_zero_and_says_so(self):
        unit = run([])
        self.assertEqual(unit.dimension("D4").points, 0)
        self.assertEqual(unit.notes, ("领导评价:未评分",))

    def test_it_holds_a_rating_to_the_dimensions_cap(self):
        self.assertEqual(run([Rating(1, "D4", "王副市长", 12)]).dimension("D4").points, 10)

    def test_it_refuses_a_rating_for_a_dimension_without_a_rating_rule(self):
        with self.assertRaisesRegex(ValueError, "D2"):
            run([Rating(1, "D2", "王副市长", 9)])
