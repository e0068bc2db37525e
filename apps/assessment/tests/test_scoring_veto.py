"""scoring vetoes (一票否决): a matching event caps the grade, or deducts a fixed amount once."""

import datetime
import unittest

from apps.assessment.scoring import Dimension, Event, Group, Quota, Scheme, TaskFact, Veto, score

D = datetime.date
JUNE = D(2025, 6, 1)
GRADES = [("优秀", 90), ("良好", 80), ("一般", 70), ("较差", 0)]
CAP = Veto("notice", level=3, effect="cap_grade", grade="一般", name="三次督办")
DEDUCT = Veto("notice", min_level=3, effect="deduct", points=30, name="三次督办")


def run(vetoes, events, units=(1,), quota=None, co_share="0.5"):
    scheme = Scheme([Group("G", "组", list(units))], [Dimension("D", "基础", 95)], GRADES, vetoes=vetoes,
                    quota=quota, co_share=co_share)  # fmt: skip
    tasks = [TaskFact(1, unit, "lead" if unit == 1 else "co", "一般", "done") for unit in units]
    return score(scheme, tasks, events, [], [], {1: "一局", 2: "二局"})  # 一 < 二 in code points


def notice(level, ref="notice:1", unit=1, role="lead", day=JUNE):
    return Event("notice", unit, day, ref, "督办单", level=level, role=role)


class CapGradeTestCase(unittest.TestCase):
    def test_it_caps_the_grade(self):
        unit = run([CAP], [notice(3)]).unit(1)
        self.assertEqual((unit.total, unit.grade_by_score, unit.grade), (95, "优秀", "一般"))
        self.assertEqual(unit.grade_notes[1], "一票否决:等次最高为 一般,由 优秀 降为 一般")

    def test_it_lists_each_matching_event_without_moving_the_total(self):
        unit = run([CAP], [notice(3, "notice:1"), notice(3, "notice:2"), notice(2, "notice:3")]).unit(1)
        self.assertEqual(
            [(line.ref, line.delta) for line in unit.vetoed_by], [("notice:1", None), ("notice:2", None)]
        )
        self.assertTrue(unit.vetoed)

    def test_it_never_raises_a_grade(self):
        scheme = Scheme([Group("G", "组", [1])], [Dimension("D", "基础", 60)], GRADES,
                        vetoes=[Veto("notice", level=3, effect="cap_grade", grade="良好")])  # fmt: skip
        unit = score(scheme, [TaskFact(1, 1, "lead", "一般", "done")], [notice(3)], [], [], {}).unit(1)
        self.assertEqual(unit.grade, "较差")
        self.assertEqual(unit.grade_notes[1], "一票否决:等次最高为 良好,不影响")

    def test_it_takes_the_lowest_of_several_caps(self):
        vetoes = [CAP, Veto("honour_revoked", effect="cap_grade", grade="较差")]
        events = [notice(3), Event("honour_revoked", 1, D(2025, 7, 1), "case:1")]
        self.assertEqual(run(vetoes, events).unit(1).grade, "较差")

    def test_it_leaves_the_quota_slot_to_the_next_unit(self):
        quota = Quota("优秀", 50, "down")
        result = run([CAP], [notice(3, unit=1)], units=(1, 2), quota=quota)
        self.assertEqual(
            [(u.unit_id, u.rank, u.grade) for u in result.ranking("G")], [(1, 1, "一般"), (2, 2, "优秀")]
        )

    def test_it_ignores_a_co_units_event_by_default(self):
        self.assertEqual(run([CAP], [notice(3, unit=2, role="co")], units=(1, 2)).unit(2).grade, "优秀")

    def test_it_can_apply_to_co_units(self):
        veto = Veto("notice", level=3, effect="cap_grade", grade="一般", co_units=True)
        self.assertEqual(run([veto], [notice(3, unit=2, role="co")], units=(1, 2)).unit(2).grade, "一般")


class DeductTestCase(unittest.TestCase):
    def test_it_deducts_from_the_total(self):
        unit = run([DEDUCT], [notice(4)]).unit(1)
        self.assertEqual((unit.total, unit.grade), (65, "较差"))
        self.assertEqual(unit.total_text, "95 - 30 = 65")
        self.assertEqual(unit.vetoed_by[0].text, "三次督办 -30")

    def test_it_deducts_once_however_many_events_match(self):
        unit = run([DEDUCT], [notice(3, "notice:1"), notice(4, "notice:2")]).unit(1)
        self.assertEqual(unit.total, 65)
        self.assertEqual([line.delta for line in unit.vetoed_by], [-30, None])
        self.assertEqual(unit.vetoed_by[1].text, "三次督办(已否决,不重复扣分)")

    def test_it_deducts_the_co_share_for_a_co_unit(self):
        veto = Veto("notice", min_level=3, effect="deduct", points=30, co_units=True)
        unit = run([veto], [notice(3, unit=2, role="co")], units=(1, 2)).unit(2)
        self.assertEqual(unit.total, 80)

    def test_it_deducts_the_full_amount_when_a_lead_event_matches_too(self):
        veto = Veto("notice", min_level=3, effect="deduct", points=30, co_units=True)
        events = [
            notice(3, "notice:1", role="co", day=D(2025, 1, 1)),
            notice(3, "notice:2", day=D(2025, 2, 1)),
        ]
        unit = run([veto], events).unit(1)
        self.assertEqual(unit.total, 65)
        self.assertEqual([line.ref for line in unit.vetoed_by if line.delta], ["notice:2"])
