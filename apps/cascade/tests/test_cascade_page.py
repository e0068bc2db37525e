from ..models import PlanParent, TaskLink
from .base import CascadeTestCase

State = TaskLink.State


class CascadePageTests(CascadeTestCase):
    def url(self, name="", plan=None):
        return f"/plans/{(plan or self.county_plan).pk}/cascade/{name}"

    def test_it_is_shown_to_who_sees_the_plan_and_hidden_from_others(self):
        self.assertStatusFor(
            self.url(),
            {
                None: 302,
                self.county_coordinator: 200,
                self.coordinator: 200,
                self.county_reporter: 200,
                self.charlie: 404,
            },
        )

    def test_it_offers_the_city_plan_as_a_parent_to_the_county_coordinator(self):
        self.login(self.county_coordinator)
        response = self.client.get(self.url())
        self.assertContains(response, f'value="{self.plan.pk}"')

    def test_it_saves_the_parent_plans(self):
        self.login(self.county_coordinator)
        self.client.post(self.url("parents/"), {"parents": [self.plan.pk]})
        self.assertTrue(PlanParent.objects.filter(plan=self.county_plan, parent=self.plan).exists())

    def test_it_refuses_a_parent_plan_issued_below_the_plan(self):
        self.login(self.county_coordinator)
        self.client.post(self.url("parents/", plan=self.plan), {"parents": [self.county_plan.pk]})
        self.assertFalse(PlanParent.objects.exists())

    def test_it_forbids_a_reporter_to_change_the_parents(self):
        self.login(self.county_reporter)
        response = self.client.post(self.url("parents/"), {"parents": [self.plan.pk]})
        self.assertEqual(response.status_code, 403)

    def test_it_generates_proposals_and_shows_them_with_shared_words_marked(self):
        self.carry()
        self.login(self.county_coordinator)
        response = self.client.post(self.url("suggest/"), follow=True)
        self.assertContains(response, "已生成 1 条承接建议")
        self.assertContains(response, "<mark>高标准</mark>", html=False)

    def test_it_confirms_a_proposal_as_a_share(self):
        self.carry()
        link = self.link(state=State.SUGGESTED)
        self.login(self.county_coordinator)
        data = {"decision": "accept", "relation": "share", "parent_target": self.target.pk, "share": "6"}
        self.client.post(f"/cascade/links/{link.pk}/decide/", data)
        link.refresh_from_db()
        self.assertEqual((link.state, link.share), (State.ACCEPTED, 6))

    def test_it_shows_the_error_of_a_share_without_quantity_and_keeps_the_proposal(self):
        self.carry()
        link = self.link(state=State.SUGGESTED)
        self.login(self.county_coordinator)
        data = {"decision": "accept", "relation": "share", "parent_target": self.target.pk, "share": ""}
        response = self.client.post(f"/cascade/links/{link.pk}/decide/", data, follow=True)
        self.assertContains(response, "请填写分解数量")
        link.refresh_from_db()
        self.assertEqual(link.state, State.SUGGESTED)

    def test_it_rejects_a_proposal(self):
        self.carry()
        link = self.link(state=State.SUGGESTED)
        self.login(self.county_coordinator)
        self.client.post(f"/cascade/links/{link.pk}/decide/", {"decision": "reject"})
        link.refresh_from_db()
        self.assertEqual(link.state, State.REJECTED)

    def test_it_hides_a_link_from_an_outsider(self):
        link = self.link(state=State.SUGGESTED)
        self.login(self.charlie)
        self.assertEqual(
            self.client.post(f"/cascade/links/{link.pk}/decide/", {"decision": "reject"}).status_code, 404
        )

    def test_it_forbids_a_reporter_to_decide_a_link(self):
        link = self.link(state=State.SUGGESTED)
        self.login(self.county_reporter)
        self.assertEqual(
            self.client.post(f"/cascade/links/{link.pk}/decide/", {"decision": "reject"}).status_code, 403
        )

    def test_it_adds_a_link_by_hand_to_a_task_of_a_parent_plan(self):
        self.carry()
        self.login(self.county_coordinator)
        self.client.post(
            self.url("links/add/"), {"task": self.games.pk, "parent": self.soe.pk, "relation": "refine"}
        )
        self.assertTrue(
            TaskLink.objects.filter(task=self.games, parent=self.soe, state=State.ACCEPTED).exists()
        )

    def test_it_refuses_a_hand_link_to_a_task_outside_the_parent_plans(self):
        self.login(self.county_coordinator)
        response = self.client.post(
            self.url("links/add/"),
            {"task": self.games.pk, "parent": self.soe.pk, "relation": "refine"},
            follow=True,
        )
        self.assertContains(response, "请选择本级任务和上级任务")
        self.assertFalse(TaskLink.objects.exists())

    def test_it_lists_only_tasks_still_without_a_parent_when_asked(self):
        self.link()
        self.login(self.county_coordinator)
        response = self.client.get(self.url() + "?show=unlinked")
        self.assertContains(response, "办好县第十届农民运动会")
        self.assertNotContains(response, f'id="task-{self.farmland.pk}"')
