"""The dashboard's 重点项目 and 主要经济指标 cards: counts by colour with the red projects and why; the scope's
own indicator figures against 序时 with the reason; absent when there is nothing to show."""

from decimal import Decimal

import time_machine

from apps.indicators.tests.base import IndicatorTestCase
from apps.projects.tests.base import TODAY, ProjectTestCase


class ProjectCardTests(ProjectTestCase):
    def test_it_counts_the_subtrees_projects_by_colour_and_names_the_red_ones_with_why(self):
        with time_machine.travel(TODAY, tick=False):
            self.login(self.leader)
            response = self.client.get("/dashboard/")
        card = response.context["projects"]
        self.assertEqual(card["total"], 2)
        self.assertEqual(dict((c, n) for _, c, n in card["counts"])["red"], len(card["red"]))
        for project in card["red"]:
            self.assertContains(response, project.colour_reason)

    def test_it_counts_only_the_projects_of_the_chosen_unit(self):
        with time_machine.travel(TODAY, tick=False):
            self.login(self.leader)
            card = self.client.get(f"/dashboard/?unit={self.county.pk}").context["projects"]
        self.assertEqual(card["total"], 1)


class IndicatorCardTests(IndicatorTestCase):
    def test_it_shows_the_scopes_figures_against_schedule_with_the_reason(self):
        self.figures(self.retail, 3, [(self.city, Decimal("60"), Decimal("5"), 3)])
        with time_machine.travel("2026-04-10 10:00+08:00", tick=False):
            self.login(self.leader)
            response = self.client.get("/dashboard/")
        card = response.context["indicators"]
        self.assertEqual(card["month"], 3)
        row = next(r["row"] for r in card["rows"] if r["indicator"] == self.retail)
        self.assertContains(response, row.standing.reason)

    def test_it_leaves_the_card_out_when_no_figures_are_in(self):
        with time_machine.travel("2026-04-10 10:00+08:00", tick=False):
            self.login(self.leader)
            self.assertIsNone(self.client.get("/dashboard/").context["indicators"])
