from decimal import Decimal

from django.core.exceptions import ValidationError

from apps.audit.models import AuditEvent

from .. import actions
from ..models import PlanParent, TaskLink
from .base import CascadeTestCase

State, Relation = TaskLink.State, TaskLink.Relation


class SuggestTests(CascadeTestCase):
    def test_it_proposes_the_parent_task_a_county_task_restates(self):
        self.carry()
        actions.suggest(self.county_plan, actor=self.county_coordinator)
        link = TaskLink.objects.get(task=self.farmland)
        self.assertEqual((link.parent, link.state), (self.task, State.SUGGESTED))

    def test_it_proposes_no_parent_for_local_work(self):
        self.carry()
        actions.suggest(self.county_plan, actor=self.county_coordinator)
        self.assertFalse(TaskLink.objects.filter(task=self.games).exists())

    def test_it_does_not_propose_again_a_rejected_link(self):
        self.carry()
        self.link(state=State.REJECTED)
        actions.suggest(self.county_plan, actor=self.county_coordinator)
        self.assertEqual(
            list(TaskLink.objects.filter(task=self.farmland).values_list("state", flat=True)),
            [State.REJECTED],
        )

    def test_it_records_the_run_in_the_audit_log(self):
        self.carry()
        actions.suggest(self.county_plan, actor=self.county_coordinator)
        event = AuditEvent.objects.filter(object_type="plan", object_id=self.county_plan.pk).last()
        self.assertEqual((event.actor, event.changes["cascade_suggestions"][1]), (self.county_coordinator, 1))


class ParentsTests(CascadeTestCase):
    def test_it_drops_the_open_proposals_of_a_parent_plan_no_longer_carried(self):
        self.carry()
        self.link(state=State.SUGGESTED)
        actions.set_parents(self.county_plan, [], actor=self.county_coordinator)
        self.assertFalse(PlanParent.objects.exists() or TaskLink.objects.exists())

    def test_it_keeps_confirmed_links_when_a_parent_plan_is_dropped(self):
        self.carry()
        self.link()
        actions.set_parents(self.county_plan, [], actor=self.county_coordinator)
        self.assertTrue(TaskLink.objects.filter(state=State.ACCEPTED).exists())


class DecideTests(CascadeTestCase):
    def test_it_confirms_a_share_of_the_parent_target(self):
        link = self.link(state=State.SUGGESTED)
        actions.accept(
            link,
            relation=Relation.SHARE,
            parent_target=self.target,
            share=Decimal("6"),
            actor=self.county_coordinator,
        )
        link.refresh_from_db()
        self.assertEqual(
            (link.state, link.share, link.decided_by), (State.ACCEPTED, Decimal("6"), self.county_coordinator)
        )

    def test_it_refuses_a_share_without_a_quantity(self):
        link = self.link(state=State.SUGGESTED)
        with self.assertRaisesMessage(ValidationError, "请填写分解数量"):
            actions.accept(
                link,
                relation=Relation.SHARE,
                parent_target=self.target,
                share=None,
                actor=self.county_coordinator,
            )
        link.refresh_from_db()
        self.assertEqual(link.state, State.SUGGESTED)

    def test_it_refuses_a_target_of_another_parent_task(self):
        link = self.link(parent=self.soe, state=State.SUGGESTED)
        with self.assertRaisesMessage(ValidationError, "不属于该上级任务"):
            actions.accept(
                link,
                relation=Relation.SHARE,
                parent_target=self.target,
                share=Decimal("1"),
                actor=self.county_coordinator,
            )

    def test_it_refuses_a_share_that_is_not_a_number(self):
        with self.assertRaisesMessage(ValidationError, "不是数字"):
            actions.parse_share("六万")

    def test_it_audits_a_rejection_with_the_acting_user(self):
        link = self.link(state=State.SUGGESTED)
        actions.reject(link, actor=self.county_coordinator)
        event = AuditEvent.objects.get(object_type="tasklink", object_id=link.pk)
        self.assertEqual(
            (event.actor, event.changes["state"]),
            (self.county_coordinator, [State.SUGGESTED, State.REJECTED]),
        )

    def test_it_adds_a_link_by_hand_confirmed(self):
        link = actions.add(self.games, self.soe, relation=Relation.REFINE, actor=self.county_coordinator)
        self.assertEqual((link.state, link.relation), (State.ACCEPTED, Relation.REFINE))
