"""The permission rules of apps/plans/access.py, one at a time (the matrix tests them through the URLs)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from apps.orgs.models import Role, Unit
from apps.plans import access
from apps.plans.models import Plan, Task, TaskUnit
from luoshi.test import BaseTestCase, make_unit, make_user


class JurisdictionTestCase(BaseTestCase):
    def test_it_gives_city_oversight_the_whole_tree(self):
        self.assertIsNone(access.jurisdiction_ids(self.coordinator))
        self.assertIsNone(access.jurisdiction_ids(self.leader))

    def test_it_gives_county_oversight_the_county_subtree(self):
        self.assertEqual(
            set(access.jurisdiction_ids(self.county_leader)), {self.county.pk, self.county_fgj.pk}
        )

    def test_it_uses_the_nearest_county_for_a_department_below_it(self):
        clerk = make_user("county_inspector", self.county_fgj, Role.INSPECTOR)
        self.assertEqual(set(access.jurisdiction_ids(clerk)), {self.county.pk, self.county_fgj.pk})


class TaskVisibilityTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.price_office = make_unit("市发改委价格科", Unit.Kind.DEPARTMENT, cls.fgw)
        cls.price_clerk = make_user("price_clerk", cls.price_office, Role.REPORTER)
        cls.county_task = Task.objects.create(plan=cls.plan, code="5.1", title="陇西县中药材产业提升")
        TaskUnit.objects.create(task=cls.county_task, unit=cls.fgw, role=TaskUnit.Role.LEAD)
        TaskUnit.objects.create(task=cls.county_task, unit=cls.county_fgj, role=TaskUnit.Role.CO)

    def visible(self, user) -> set[str]:
        return set(access.visible_tasks(user).values_list("code", flat=True))


class VisibleTasksTestCase(TaskVisibilityTestCase):
    def test_it_shows_unit_staff_the_tasks_of_their_unit_and_below(self):
        self.assertEqual(self.visible(self.alice), {"1.1", "5.1"})
        self.assertEqual(self.visible(self.approver), {"1.1", "5.1"})
        self.assertEqual(self.visible(self.bob), {"1.1"})
        self.assertEqual(self.visible(self.charlie), set())

    def test_it_does_not_show_a_sub_units_staff_the_parents_tasks(self):
        self.assertEqual(self.visible(self.price_clerk), set())
        TaskUnit.objects.create(task=self.task, unit=self.price_office, role=TaskUnit.Role.CO)
        self.assertEqual(self.visible(self.price_clerk), {"1.1"})
        self.assertTrue(access.can_report_on_task(self.alice, self.task))

    def test_it_shows_county_oversight_only_the_city_tasks_its_units_share(self):
        self.assertEqual(self.visible(self.county_leader), {"5.1"})
        self.assertEqual(
            set(access.visible_plans(self.county_leader).values_list("pk", flat=True)), {self.plan.pk}
        )
        self.assertFalse(access.can_manage_plan(self.county_coordinator, self.plan))

    def test_it_hides_a_draft_plan_from_unit_staff_only(self):
        Plan.objects.filter(pk=self.plan.pk).update(status=Plan.Status.DRAFT)
        self.assertEqual(self.visible(self.alice), set())
        self.assertEqual(self.visible(self.inspector), {"1.1", "5.1"})

    def test_it_hides_archived_tasks_and_plans(self):
        Task.objects.filter(pk=self.task.pk).update(archived_at=timezone.now())
        self.assertEqual(self.visible(self.coordinator), {"5.1"})
        Plan.objects.filter(pk=self.plan.pk).update(archived_at=timezone.now())
        self.assertEqual(self.visible(self.coordinator), set())

    def test_it_shows_nothing_to_a_user_without_a_unit_or_a_role(self):
        nobody = make_user("nobody", None, Role.COORDINATOR)
        self.assertEqual(self.visible(nobody), set())
        roleless = make_user("roleless", self.fgw)
        self.assertEqual(self.visible(roleless), set())
        self.assertFalse(access.visible_plans(roleless).exists())


class VisiblePlanTasksTestCase(TaskVisibilityTestCase):
    """visible_plan_tasks(user, plan) decides the rule for one plan and must agree with visible_tasks."""

    STATES = {
        "as issued": lambda case: None,
        "a draft": lambda case: Plan.objects.filter(pk=case.plan.pk).update(status=Plan.Status.DRAFT),
        "a task archived": lambda case: Task.objects.filter(pk=case.task.pk).update(
            archived_at=timezone.now()
        ),
        "archived": lambda case: Plan.objects.filter(pk=case.plan.pk).update(archived_at=timezone.now()),
        "issued by the county": lambda case: Plan.objects.filter(pk=case.plan.pk).update(
            owner_unit=case.county
        ),
    }

    def plan_visible(self, user) -> set[str]:
        plan = Plan.objects.select_related("owner_unit").get(pk=self.plan.pk)
        return set(access.visible_plan_tasks(user, plan).values_list("code", flat=True))

    def test_it_shows_every_role_the_same_tasks_as_visible_tasks_whatever_the_plans_state(self):
        nobody, roleless = make_user("nobody", None, Role.COORDINATOR), make_user("roleless", self.fgw)
        users = [self.alice, self.approver, self.bob, self.charlie, self.price_clerk, self.coordinator]
        users += [self.leader, self.inspector, self.admin, self.county_leader, self.county_coordinator]
        for state, apply in self.STATES.items():
            with transaction.atomic():
                apply(self)
                for user in [*users, nobody, roleless]:
                    with self.subTest(plan=state, user=user.username):
                        self.assertEqual(self.plan_visible(user), self.visible(user))
                transaction.set_rollback(True)

    def test_it_shows_a_county_coordinator_every_task_of_a_county_plan(self):
        self.STATES["issued by the county"](self)
        self.assertEqual(self.plan_visible(self.county_coordinator), {"1.1", "5.1"})

    def test_it_leaves_out_the_tasks_of_other_plans(self):
        other = Plan.objects.create(title="另一计划", year=2026, owner_unit=self.city, status="published")
        task = Task.objects.create(plan=other, code="9.9", title="别的计划的任务")
        TaskUnit.objects.create(task=task, unit=self.county_fgj, role=TaskUnit.Role.LEAD)
        self.assertEqual(self.plan_visible(self.county_leader), {"5.1"})
        self.assertEqual(self.plan_visible(self.alice), {"1.1", "5.1"})


class GetTaskForUserTestCase(BaseTestCase):
    def test_it_raises_404_for_an_outsider_and_403_for_a_viewer_who_may_not_manage(self):
        with self.assertRaises(Http404):
            access.get_task_for_user(self.charlie, self.task.pk)
        with self.assertRaises(Http404):
            access.get_task_for_user(self.charlie, self.task.pk, manage=True)
        with self.assertRaises(PermissionDenied):
            access.get_task_for_user(self.alice, self.task.pk, manage=True)
        with self.assertRaises(PermissionDenied):
            access.get_task_for_user(self.leader, self.task.pk, report=True)
        self.assertEqual(access.get_task_for_user(self.bob, self.task.pk, report=True), self.task)

    def test_it_lets_only_a_manager_reach_an_archived_task(self):
        Task.objects.filter(pk=self.task.pk).update(archived_at=timezone.now())
        self.assertEqual(access.get_task_for_user(self.coordinator, self.task.pk), self.task)
        for user in (self.alice, self.leader, self.admin):
            with self.subTest(user=user.username), self.assertRaises(Http404):
                access.get_task_for_user(user, self.task.pk)

    def test_it_raises_404_for_an_id_that_does_not_exist(self):
        with self.assertRaises(Http404):
            access.get_task_for_user(self.coordinator, 999999)
        with self.assertRaises(Http404):
            access.get_plan_for_user(self.coordinator, "not-a-number")
