"""The 重点项目 and 下级承接落实 sections of a 通报's 总体情况: the projects of the plan's unit and below by
colour with the red ones named; how the lower plans carrying the plan picked up its tasks; each left out
when there is nothing to say."""

import time_machine

from apps.briefings import figures, periods, text
from apps.cascade.tests.base import CascadeTestCase
from apps.projects.tests.base import ProjectTestCase

from .base import NOW, TODAY


def body(plan, kind="monthly", month=11):
    data = figures.gather(kind, periods.of(kind, 2026, month), today=TODAY, plan=plan)
    return [content for _, content in text.blocks(data, office="市政府督查室")]


@time_machine.travel(NOW, tick=False)
class ProjectSectionTests(ProjectTestCase):
    def test_it_counts_the_projects_by_colour_and_names_the_red_ones(self):
        lines = body(self.plan)
        heading = next(line for line in lines if str(line).endswith("重点项目推进情况"))
        sentence = lines[lines.index(heading) + 1]
        self.assertTrue(sentence.startswith("纳入调度的重点项目2个"), sentence)
        self.assertIn("年度计划投资24000万元", sentence)


@time_machine.travel(NOW, tick=False)
class CascadeSectionTests(CascadeTestCase):
    def test_it_says_what_the_county_picked_up_and_what_no_lower_plan_claimed(self):
        self.carry()
        self.link()
        lines = body(self.plan)
        heading = next(line for line in lines if str(line).endswith("下级承接落实情况"))
        at = lines.index(heading)
        self.assertEqual(
            lines[at + 1], "1个下级计划承接本计划2项任务：陇西县认领1项、未认领1项、本地新增1项。"
        )
        self.assertEqual(lines[at + 2], "尚无下级认领的任务：推动国有资本做强做优做大。")

    def test_it_leaves_the_section_out_when_no_lower_plan_carries_the_plan(self):
        self.assertFalse(any(str(line).endswith("下级承接落实情况") for line in body(self.plan)))
