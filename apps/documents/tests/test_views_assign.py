"""/drafts/<pk>/assign/: one lead unit and/or co-operating units for every checked task."""

from apps.audit.models import AuditEvent
from apps.documents import drafts

from .base import HTMX, DraftTestCase


class AssignTestCase(DraftTestCase):
    def setUp(self):
        super().setUp()
        self.url = f"/drafts/{self.draft.pk}/assign/"
        self.keys = [t["key"] for _, t in drafts.kept_tasks(self.draft.data)][:2]

    def tasks(self):
        self.draft.refresh_from_db()
        return [drafts.find(self.draft.data, key)[2] for key in self.keys]

    def test_it_gives_the_checked_tasks_one_lead_unit(self):
        response = self.client.post(self.url, {"keys": self.keys, "lead": self.fgw.pk}, **HTMX)
        self.assertTemplateUsed(response, "documents/_proposal.html")
        self.assertEqual([t["lead_unit_ids"] for t in self.tasks()], [[self.fgw.pk], [self.fgw.pk]])

    def test_it_adds_co_units_to_the_checked_tasks(self):
        self.client.post(self.url, {"keys": self.keys, "co": [self.zjj.pk, self.tjj.pk]}, **HTMX)
        self.assertEqual([t["co_unit_ids"] for t in self.tasks()], [[self.zjj.pk, self.tjj.pk]] * 2)

    def test_it_leaves_the_other_tasks_alone(self):
        self.client.post(self.url, {"keys": self.keys[:1], "lead": self.fgw.pk}, **HTMX)
        self.assertEqual(self.tasks()[1]["lead_unit_ids"], [])

    def test_it_shows_the_assigned_units_in_the_proposal(self):
        response = self.client.post(self.url, {"keys": self.keys, "lead": self.fgw.pk}, **HTMX)
        self.assertContains(response, "牵头：</span>市发改委", count=2)

    def test_it_asks_for_a_selection(self):
        response = self.client.post(self.url, {"lead": self.fgw.pk}, **HTMX)
        self.assertContains(response, "请先勾选要指定单位的任务")

    def test_it_asks_for_a_unit(self):
        response = self.client.post(self.url, {"keys": self.keys}, **HTMX)
        self.assertContains(response, "请选择牵头单位或配合单位")

    def test_it_ignores_a_unit_outside_the_jurisdiction(self):
        draft = self.make_draft("000", owner_unit=self.county)
        keys = [t["key"] for _, t in drafts.kept_tasks(draft.data)][:1]
        self.login(self.county_coordinator)
        response = self.client.post(
            f"/drafts/{draft.pk}/assign/", {"keys": keys, "lead": self.fgw.pk}, **HTMX
        )
        self.assertContains(response, "请选择牵头单位或配合单位")

    def test_it_records_the_change_of_each_task_with_the_reviewer(self):
        self.client.post(self.url, {"keys": self.keys, "lead": self.fgw.pk}, **HTMX)
        event = AuditEvent.objects.filter(object_type="draft", action=AuditEvent.Action.UPDATE).get()
        self.assertEqual(event.actor, self.coordinator)
        self.assertEqual(sorted(event.changes), sorted(f"task {k}" for k in self.keys))
        before, after = event.changes[f"task {self.keys[0]}"]
        self.assertEqual((before["lead"], after["lead"]), ([], [self.fgw.pk]))

    def test_it_redirects_back_without_htmx(self):
        response = self.client.post(self.url, {"keys": self.keys, "lead": self.fgw.pk})
        self.assertRedirects(response, f"/drafts/{self.draft.pk}/")
