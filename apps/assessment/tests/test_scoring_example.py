"""The worked example of issue 10 (DOMAIN.md §1.2), end to end: group 市直重点考核部门, three units.

D1 承办任务完成 60 (proportional, weights 重点 3 / 一般 1), D2 报送时效 15 (迟报 -0.5, 未报 -1, 退回 -2),
D3 督办响应 15 (二次督办 -3, 三次督办 -10 and veto: grade at most 一般), D4 领导评价 10 (rating);
bonuses 省部级表彰 +1, 通报表扬 主办 +1; deduction 通报批评 -1; quota 优秀 30 %.
"""

import datetime
import json
import unittest
from decimal import Decimal

from apps.assessment.scoring import Event, Rating, Scheme, TaskFact, score

D = datetime.date
FGW, ZJJ, WLJ = 1, 2, 3
NAMES = {FGW: "市发改委", ZJJ: "市住建局", WLJ: "市文旅局"}


def scheme_dict(rounding="up") -> dict:
    """The scheme as the app stores it (JSON), written literally."""
    return {
        "groups": [{"code": "G2", "name": "市直单位-重点考核部门", "unit_ids": [FGW, ZJJ, WLJ]}],
        "dimensions": [
            {
                "code": "D1",
                "name": "承办任务完成",
                "points": "60",
                "rules": [{"type": "proportional", "weights": {"重点": "3", "一般": "1"}}],
            },
            {
                "code": "D2",
                "name": "报送时效",
                "points": "15",
                "rules": [
                    {"type": "per_event", "name": "迟报", "kind": "late_report", "points": "-0.5"},
                    {"type": "per_event", "name": "未报", "kind": "missing_report", "points": "-1"},
                    {"type": "per_event", "name": "退回重报", "kind": "report_returned", "points": "-2"},
                ],
            },
            {
                "code": "D3",
                "name": "督办响应",
                "points": "15",
                "rules": [
                    {"type": "per_event", "name": "二次督办", "kind": "notice", "level": 2, "points": "-3"},
                    {"type": "per_event", "name": "三次督办", "kind": "notice", "level": 3, "points": "-10"},
                ],
            },
            {"code": "D4", "name": "领导评价", "points": "10", "rules": [{"type": "rating"}]},
        ],
        "bonuses": [
            {"type": "bonus_by_level", "name": "表彰", "kind": "honour", "points_by_level": {"3": "1"}},
            {"type": "per_event", "name": "通报表扬", "kind": "praise", "points": "1"},
        ],
        "deductions": [{"type": "per_event", "name": "通报批评", "kind": "criticism", "points": "-1"}],
        "vetoes": [
            {
                "kind": "notice",
                "level": 3,
                "effect": "cap_grade",
                "grade": "一般",
                "name": "三次督办 取消评优",
            }
        ],
        "grades": [["优秀", "90"], ["良好", "80"], ["一般", "70"], ["较差", "0"]],
        "quota": {"grade": "优秀", "percent": "30", "rounding": rounding},
        "tie_break": ["D1", "D3"],
        "co_share": "0.5",
    }


def task(task_id, unit_id, weight_class, state):
    return TaskFact(task_id, unit_id, "lead", weight_class, state, f"任务{task_id}")


TASKS = [
    # 市发改委: two 重点 tasks done, three 一般 tasks at 1 / 0.8 / 0.5 → 60 × 8.3 / 9
    task(101, FGW, "重点", "done"),
    task(102, FGW, "重点", "done"),
    task(103, FGW, "一般", "on_track"),
    task(104, FGW, "一般", "yellow"),
    task(105, FGW, "一般", "red"),
    # 市住建局: four tasks, all 1 → 60
    task(201, ZJJ, "重点", "done"),
    task(202, ZJJ, "一般", "done"),
    task(203, ZJJ, "一般", "on_track"),
    task(204, ZJJ, "一般", "done"),
    # 市文旅局: weighted average 0.7 → 60 × 3.5 / 5 = 42
    task(301, WLJ, "重点", "done"),
    task(302, WLJ, "一般", "red"),
    task(303, WLJ, "一般", "overdue"),
]

EVENTS = [
    Event("late_report", FGW, D(2025, 4, 8), "report:11", "一季度进展迟报"),
    Event("notice", FGW, D(2025, 6, 3), "notice:21", "二次督办", level=2),
    Event("honour", FGW, D(2025, 9, 20), "case:31", "省级表彰", level=3),
    Event("praise", FGW, D(2025, 10, 15), "notice:22", "督查通报表扬"),
    Event("notice", ZJJ, D(2025, 7, 1), "notice:23", "三次督办", level=3),
    Event("missing_report", WLJ, D(2025, 4, 10), "report:12", "一季度未报"),
    Event("missing_report", WLJ, D(2025, 7, 10), "report:13", "二季度未报"),
    Event("criticism", WLJ, D(2025, 11, 5), "notice:24", "督查通报批评"),
]

RATINGS = [
    Rating(FGW, "D4", "分管副市长", "9"),
    Rating(ZJJ, "D4", "分管副市长", "8"),
    Rating(WLJ, "D4", "分管副市长", "8"),
]


def run(rounding="up"):
    return score(Scheme.from_dict(scheme_dict(rounding)), TASKS, EVENTS, RATINGS, [], NAMES)


def points(unit):
    return {dim.code: dim.points for dim in unit.dimensions}


class WorkedExampleTestCase(unittest.TestCase):
    def test_it_scores_the_fgw_at_92_83(self):
        unit = run().unit(FGW)
        self.assertEqual(points(unit), {"D1": Decimal("55.33"), "D2": Decimal("14.5"), "D3": 12, "D4": 9})
        self.assertEqual(unit.bonus_total, 2)
        self.assertEqual(unit.total, Decimal("92.83"))
        self.assertEqual(unit.total_text, "55.33 + 14.5 + 12 + 9 + 2 = 92.83")

    def test_it_explains_the_fgw_d1_arithmetic(self):
        lines = run().unit(FGW).dimension("D1").lines
        self.assertEqual(lines[-1].text, "60 × 8.3 / 9 = 55.33")
        self.assertEqual([line.ref for line in lines[:-1]], [f"task:{n}" for n in range(101, 106)])
        self.assertEqual(lines[3].text, "一般 权重 1 × 黄灯 0.8 = 0.8")

    def test_it_links_each_fgw_deduction_and_bonus_to_its_event(self):
        unit = run().unit(FGW)
        self.assertEqual(
            [(line.ref, line.delta) for line in unit.dimension("D3").lines[1:]], [("notice:21", -3)]
        )
        self.assertEqual([(line.ref, line.text) for line in unit.bonuses], [
            ("case:31", "表彰 省级 +1"), ("notice:22", "通报表扬 +1"),
        ])  # fmt: skip

    def test_it_gives_the_fgw_the_only_excellent_slot_when_rounding_up(self):
        result = run("up")
        self.assertEqual(result.unit(FGW).grade, "优秀")
        self.assertEqual(result.group("G2").quota_slots, 1)
        self.assertEqual(result.group("G2").quota_text, "优秀名额:3 × 30% = 0.9,向上取整为 1")

    def test_it_scores_the_zjj_at_88_and_caps_it_at_yiban_by_veto(self):
        unit = run().unit(ZJJ)
        self.assertEqual(points(unit), {"D1": 60, "D2": 15, "D3": 5, "D4": 8})
        self.assertEqual(unit.total, 88)
        self.assertEqual((unit.grade_by_score, unit.grade), ("良好", "一般"))
        self.assertEqual([line.ref for line in unit.vetoed_by], ["notice:23"])

    def test_it_scores_the_wlj_at_77_yiban(self):
        unit = run().unit(WLJ)
        self.assertEqual(points(unit), {"D1": 42, "D2": 13, "D3": 15, "D4": 8})
        self.assertEqual(unit.dimension("D1").lines[-1].text, "60 × 3.5 / 5 = 42")
        self.assertEqual(unit.deduction_total, -1)
        self.assertEqual((unit.total, unit.grade), (77, "一般"))

    def test_it_ranks_the_group_by_total(self):
        result = run()
        self.assertEqual(result.group("G2").ranked, (FGW, ZJJ, WLJ))
        self.assertEqual([unit.rank for unit in result.ranking("G2")], [1, 2, 3])

    def test_it_gives_nobody_excellent_when_rounding_down(self):
        result = run("down")
        self.assertEqual([u.grade for u in result.ranking("G2")], ["良好", "一般", "一般"])
        self.assertEqual(result.group("G2").quota_slots, 0)
        self.assertIn("超出名额,降为 良好", result.unit(FGW).grade_notes[-1])

    def test_it_round_trips_the_scheme_through_json(self):
        scheme = Scheme.from_dict(scheme_dict())
        again = Scheme.from_dict(json.loads(json.dumps(scheme.to_dict())))
        self.assertEqual(again, scheme)
        self.assertEqual(score(again, TASKS, EVENTS, RATINGS, [], NAMES), run())

    def test_it_gives_the_same_result_whatever_the_order_of_the_facts(self):
        shuffled = score(Scheme.from_dict(scheme_dict()), TASKS[::-1], EVENTS[::-1], RATINGS[::-1], [], NAMES)
        self.assertEqual(shuffled, run())
        self.assertEqual(
            json.dumps(shuffled.to_dict(), ensure_ascii=False),
            json.dumps(run().to_dict(), ensure_ascii=False),
        )
