from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from apps.cascade.coverage import report
from apps.cascade.models import PlanParent, TaskLink
from apps.orgs.models import User
from apps.plans.models import Plan, Task
from apps.supervision.models import Inspection, Instruction, Rectification


class LoadDemoTestCase(TestCase):
    """The demo as `manage.py load_demo` builds it from the seed documents."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def lead_units(self, title):
        task = Task.objects.prefetch_related("links__unit").get(title=title)
        return [unit.name for unit in task.lead_units]

    def test_it_gives_a_discipline_reform_to_the_discipline_commission(self):
        self.assertEqual(self.lead_units("持续深化纪检监察体制改革"), ["市纪委监委"])

    def test_it_gives_employment_and_social_security_to_the_human_resources_bureau(self):
        self.assertEqual(self.lead_units("健全就业公共服务体系、社会保障体系"), ["市人社局"])

    def test_it_issues_the_county_reform_speech_as_a_longxi_plan_with_longxi_units(self):
        plan = Plan.objects.get(title__startswith="陇西县")
        self.assertEqual(plan.owner_unit.name, "陇西县")
        units = {
            link.unit.name for task in plan.tasks.prefetch_related("links__unit") for link in task.links.all()
        }
        self.assertTrue(units)
        self.assertTrue(all(name.startswith("陇西县") for name in units), units)

    def test_it_names_a_county_a_city_task_mentions_as_co_operating_unit(self):
        task = Task.objects.prefetch_related("links__unit").get(
            title="加快陇西省级农业高新技术产业示范区建设"
        )
        self.assertIn("陇西县", [unit.name for unit in task.co_units])

    def test_it_shows_the_longxi_reporter_tasks(self):
        self.client.force_login(User.objects.get(username="longxi"))
        plan = Plan.objects.get(title__startswith="陇西县")
        self.assertContains(self.client.get("/plans/"), plan.title)
        response = self.client.get(f"/plans/{plan.pk}/")
        self.assertGreater(response.context["page"].paginator.count, 0)

    def test_it_gives_the_longxi_reporter_reports_to_fill(self):
        self.client.force_login(User.objects.get(username="longxi"))
        response = self.client.get("/todo/")
        self.assertTrue(response.context["to_fill"].exists())

    def test_it_makes_the_mayor_the_responsible_leader_of_every_other_city_task(self):
        plan = Plan.objects.get(title="2026年定西市政府工作报告重点任务")
        mine = plan.tasks.filter(leader_user__username="shizhang")
        self.assertEqual(mine.count(), (plan.tasks.count() + 1) // 2)
        self.assertEqual(set(mine.values_list("leader", flat=True)), {"市长"})

    def test_it_shows_the_mayor_a_dashboard_with_figures_and_their_own_tasks_first(self):
        self.client.force_login(User.objects.get(username="shizhang"))
        response = self.client.get("/dashboard/")
        self.assertGreater(response.context["total"], 0)
        self.assertGreater(response.context["mine"]["total"], 0)

    def test_it_shows_the_longxi_leader_city_tasks_that_name_longxi(self):
        self.client.force_login(User.objects.get(username="longxi_ld"))
        city_plan = Plan.objects.get(title="2026年定西市政府工作报告重点任务")
        response = self.client.get(f"/plans/{city_plan.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertGreater(response.context["page"].paginator.count, 0)

    def test_it_has_a_finished_inspection_with_findings_and_conclusions(self):
        inspection = Inspection.objects.get()
        self.assertEqual(inspection.status, Inspection.Status.CONCLUDED)
        self.assertEqual((inspection.findings.count(), inspection.conclusions.count()), (4, 3))

    def test_it_has_a_half_done_rectification_ledger(self):
        statuses = set(Rectification.objects.values_list("status", flat=True))
        self.assertTrue({Rectification.Status.CLOSED, Rectification.Status.NOT_STARTED} <= statuses)
        self.assertEqual(Rectification.objects.filter(status=Rectification.Status.CLOSED).count(), 2)

    def test_it_has_a_leaders_instruction_waiting_for_its_answer(self):
        instruction = Instruction.objects.get()
        self.assertEqual((instruction.unit.name, instruction.answered_at), ("市发改委", None))

    def test_it_links_the_county_reform_plan_to_the_citys_through_confirmed_suggestions(self):
        link = TaskLink.objects.get(
            task__plan__title__startswith="陇西县",
            task__title="持续深化生态文明体制改革",
            state=TaskLink.State.ACCEPTED,
        )
        self.assertEqual(link.parent.title, "全面落实黄河流域生态保护和高质量发展战略")

    def test_it_leaves_city_reform_tasks_the_county_did_not_pick_up(self):
        carried = PlanParent.objects.select_related("parent", "plan").get()
        self.assertGreater(report(carried.parent, [carried.plan])["totals"]["unclaimed"], 0)
