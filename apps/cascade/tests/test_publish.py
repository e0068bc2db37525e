"""Suggestions made without asking: when a lower plan is published (plans.signals.plan_published, sent by the
plan's status change and by the document review's publish) and when a published plan is given a parent plan."""

from unittest import mock

from apps.audit.models import AuditEvent
from apps.plans import actions as plan_actions
from apps.plans.models import Plan

from .. import receivers
from ..models import PlanParent, TaskLink
from .base import CascadeTestCase

State = TaskLink.State


class PublishTests(CascadeTestCase):
    def setUp(self):
        self.county_plan.status = Plan.Status.DRAFT
        self.county_plan.save(update_fields=["status"])

    def publish(self, status=Plan.Status.PUBLISHED):
        with self.captureOnCommitCallbacks(execute=True):
            plan_actions.update_plan(self.county_plan, {"status": status}, actor=self.county_coordinator)

    def proposals(self):
        return list(TaskLink.objects.filter(state=State.SUGGESTED).values_list("task", "parent"))

    def test_it_proposes_the_parent_tasks_when_a_plan_with_a_parent_is_published(self):
        self.carry()
        self.publish()
        self.assertEqual(self.proposals(), [(self.farmland.pk, self.task.pk)])

    def test_it_does_not_duplicate_the_proposals_when_a_plan_is_published_twice(self):
        self.carry()
        self.publish()
        self.publish(Plan.Status.DRAFT)
        self.publish()
        self.assertEqual(self.proposals(), [(self.farmland.pk, self.task.pk)])

    def test_it_keeps_a_confirmed_link_as_decided_when_the_plan_is_published_again(self):
        self.carry()
        self.link()
        self.publish()
        self.assertEqual(
            list(TaskLink.objects.values_list("task", "parent", "state")),
            [(self.farmland.pk, self.task.pk, State.ACCEPTED)],
        )

    def test_it_proposes_nothing_and_records_no_run_for_a_plan_without_a_parent(self):
        self.publish()
        runs = AuditEvent.objects.filter(object_type="plan", changes__has_key="cascade_suggestions")
        self.assertEqual((TaskLink.objects.count(), runs.count()), (0, 0))

    def test_it_queues_no_job_for_a_plan_published_without_a_parent_plan(self):
        with mock.patch.object(receivers, "queue_suggest") as queue:
            self.publish()
        queue.assert_not_called()

    def test_it_proposes_nothing_when_a_plan_stays_a_draft(self):
        self.carry()
        with self.captureOnCommitCallbacks(execute=True):
            plan_actions.update_plan(
                self.county_plan, {"title": "陇西县重点改革任务"}, actor=self.county_coordinator
            )
        self.assertEqual(self.proposals(), [])

    def test_it_proposes_the_links_when_a_plan_is_published_through_the_api(self):
        self.carry()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.call(
                "PATCH", f"/api/plans/{self.county_plan.pk}", self.county_coordinator, {"status": "published"}
            )
        self.assertEqual((response.status_code, self.proposals()), (200, [(self.farmland.pk, self.task.pk)]))


class NewParentTests(CascadeTestCase):
    def put_parents(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.call(
                "PUT",
                f"/api/plans/{self.county_plan.pk}/parents",
                self.county_coordinator,
                {"parents": [self.plan.pk]},
            )

    def test_it_proposes_the_links_when_a_published_plan_is_given_a_parent_plan(self):
        self.client.force_login(self.county_coordinator)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/plans/{self.county_plan.pk}/cascade/parents/", {"parents": [self.plan.pk]})
        self.assertEqual(
            list(TaskLink.objects.values_list("task", "parent", "state")),
            [(self.farmland.pk, self.task.pk, State.SUGGESTED)],
        )

    def test_it_proposes_nothing_again_when_the_parent_plans_are_saved_unchanged(self):
        self.carry()
        self.put_parents()
        self.assertFalse(TaskLink.objects.exists())

    def test_it_proposes_the_links_when_a_parent_plan_is_added_through_the_api(self):
        self.put_parents()
        self.assertTrue(PlanParent.objects.filter(plan=self.county_plan).exists())
        self.assertEqual(
            list(TaskLink.objects.values_list("task", "parent")), [(self.farmland.pk, self.task.pk)]
        )
