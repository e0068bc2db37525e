"""The project ledger page: filters, the colour with its reason, empty states and its query budget."""

import time_machine

from apps.projects.models import Project

from .base import TODAY, ProjectTestCase


@time_machine.travel(TODAY, tick=False)
class LedgerTestCase(ProjectTestCase):
    def test_it_shows_each_project_with_its_colour_and_why(self):
        self.login(self.coordinator)
        response = self.client.get("/projects/")
        self.assertContains(response, "定西市中医院综合楼建设项目")
        self.assertContains(response, "陇西县中药材物流园")
        self.assertContains(response, "黄灯")
        self.assertContains(response, "计划2026年3月开工，已逾期1个月未开工")
        self.assertContains(response, "亮灯规则")

    def test_it_shows_a_unit_only_its_own_projects(self):
        self.login(self.alice)
        response = self.client.get("/projects/")
        self.assertContains(response, "定西市中医院综合楼建设项目")
        self.assertNotContains(response, "陇西县中药材物流园")
        self.assertNotContains(response, 'id="new-project"')

    def test_it_filters_by_level_type_unit_leader_and_colour(self):
        self.login(self.coordinator)
        for query, shown in (
            ("level=3", ["陇西县中药材物流园"]),
            (f"unit={self.county.pk}", ["陇西县中药材物流园"]),
            ("kind=continuing", []),
            ("leader=张副", ["定西市中医院综合楼建设项目", "陇西县中药材物流园"]),
            ("colour=red", []),
            ("colour=yellow&q=中医院", ["定西市中医院综合楼建设项目"]),
        ):
            with self.subTest(query=query):
                response = self.client.get(f"/projects/?{query}")
                names = [p.name for p in response.context["page"].object_list]
                self.assertEqual(names, shown)

    def test_it_says_why_nothing_is_shown(self):
        self.login(self.coordinator)
        self.assertContains(self.client.get("/projects/?colour=red"), "没有符合条件的项目")
        Project.objects.all().delete()
        self.assertContains(self.client.get("/projects/"), "本年度还没有重点项目")

    def test_it_renders_only_the_table_for_htmx(self):
        self.login(self.coordinator)
        response = self.client.get("/projects/?level=2", headers={"HX-Request": "true"})
        self.assertNotContains(response, "<html")
        self.assertContains(response, 'id="projects"')

    def test_it_keeps_to_a_query_budget_whatever_the_number_of_projects(self):
        for n in range(30):
            self.make_project(code=f"SJ-2026-1{n:02d}", name=f"项目{n}")
        self.login(self.coordinator)
        self.client.get("/projects/")
        with self.assertNumQueries(10):  # session and user, 3 of the filters, count, page, session save
            self.client.get("/projects/")
