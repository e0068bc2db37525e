import datetime

import time_machine
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.plans.models import Plan
from luoshi.test import BaseTestCase

NOW = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)


def plan_form(t, **overrides):
    data = {
        "title": "2026年民生实事",
        "year": 2026,
        "owner_unit": t.city.pk,
        "status": "published",
        "source_title": "市政府工作报告",
    }
    data.update(overrides)
    return data


def events(obj, action=None):
    rows = AuditEvent.objects.filter(object_type=obj._meta.model_name, object_id=obj.pk)
    return rows.filter(action=action) if action else rows


class PlanCreateTestCase(BaseTestCase):
    def test_it_creates_a_plan_and_records_it(self):
        self.login(self.coordinator)
        response = self.client.post("/plans/new/", plan_form(self))

        plan = Plan.objects.get(title="2026年民生实事")
        self.assertRedirects(response, f"/plans/{plan.pk}/")
        self.assertEqual(plan.owner_unit, self.city)
        event = events(plan, AuditEvent.Action.CREATE).get()
        self.assertEqual(event.actor, self.coordinator)
        self.assertEqual(event.changes["title"], [None, "2026年民生实事"])
        self.assertEqual(event.changes["owner_unit"], [None, "定西市"])
        self.assertEqual(event.changes["year"], [None, 2026])

    def test_it_offers_only_units_in_the_coordinators_jurisdiction(self):
        self.login(self.county_coordinator)
        response = self.client.post("/plans/new/", plan_form(self))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Plan.objects.filter(title="2026年民生实事").exists())

        response = self.client.post("/plans/new/", plan_form(self, owner_unit=self.county.pk))
        plan = Plan.objects.get(title="2026年民生实事")
        self.assertRedirects(response, f"/plans/{plan.pk}/")

    def test_it_shows_chinese_errors_for_a_blank_form(self):
        self.login(self.coordinator)
        response = self.client.post("/plans/new/", plan_form(self, title="", year=""))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "这个字段是必填项。", status_code=400)

    def test_it_forbids_unit_staff(self):
        self.login(self.alice)
        self.assertEqual(self.client.post("/plans/new/", plan_form(self)).status_code, 403)
        self.assertFalse(Plan.objects.filter(title="2026年民生实事").exists())


class PlanEditTestCase(BaseTestCase):
    def test_it_records_before_and_after(self):
        self.login(self.coordinator)
        response = self.client.post(
            f"/plans/{self.plan.pk}/edit/", plan_form(self, title="2026年全面深化改革要点（修订）")
        )
        self.assertRedirects(response, f"/plans/{self.plan.pk}/")

        self.plan.refresh_from_db()
        self.assertEqual(self.plan.title, "2026年全面深化改革要点（修订）")
        event = events(self.plan, AuditEvent.Action.UPDATE).get()
        self.assertEqual(event.actor, self.coordinator)
        self.assertEqual(
            event.changes["title"], ["2026年全面深化改革工作要点", "2026年全面深化改革要点（修订）"]
        )
        self.assertEqual(event.changes["source_title"], ["", "市政府工作报告"])
        self.assertNotIn("year", event.changes)

    def test_it_records_nothing_when_nothing_changed(self):
        self.login(self.coordinator)
        data = plan_form(self, title=self.plan.title, source_title="")
        self.client.post(f"/plans/{self.plan.pk}/edit/", data)
        self.assertFalse(events(self.plan, AuditEvent.Action.UPDATE).exists())

    def test_it_forbids_a_leader(self):
        self.login(self.leader)
        response = self.client.post(f"/plans/{self.plan.pk}/edit/", plan_form(self))
        self.assertEqual(response.status_code, 403)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.title, "2026年全面深化改革工作要点")


class PlanArchiveTestCase(BaseTestCase):
    @time_machine.travel(NOW, tick=False)
    def test_it_archives_and_the_plan_leaves_the_list(self):
        self.login(self.coordinator)
        response = self.client.post(f"/plans/{self.plan.pk}/archive/")
        self.assertRedirects(response, "/plans/")

        self.plan.refresh_from_db()
        self.assertEqual(self.plan.archived_at, NOW)
        event = events(self.plan, AuditEvent.Action.ARCHIVE).get()
        self.assertEqual(event.changes, {"archived_at": [None, NOW.isoformat()]})

        response = self.client.get("/plans/")
        self.assertNotContains(response, "2026年全面深化改革工作要点")

        response = self.client.get("/plans/?archived=1")
        self.assertContains(response, "已归档的计划")
        self.assertContains(response, "2026年全面深化改革工作要点")

    def test_it_hides_an_archived_plan_from_unit_staff(self):
        self.plan.archived_at = timezone.now()
        self.plan.save(update_fields=["archived_at"])

        self.login(self.alice)
        self.assertNotContains(self.client.get("/plans/?archived=1"), "2026年全面深化改革工作要点")
        self.assertEqual(self.client.get(f"/plans/{self.plan.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/tasks/{self.task.pk}/").status_code, 404)

    def test_it_says_so_when_nothing_is_archived(self):
        self.login(self.coordinator)
        self.assertContains(self.client.get("/plans/?archived=1"), "没有已归档的计划。")


class PlanRestoreTestCase(BaseTestCase):
    def test_it_restores_and_records_it(self):
        with time_machine.travel(NOW, tick=False):
            self.plan.archived_at = timezone.now()
            self.plan.save(update_fields=["archived_at"])

        self.login(self.coordinator)
        response = self.client.post(f"/plans/{self.plan.pk}/restore/")
        self.assertRedirects(response, f"/plans/{self.plan.pk}/")

        self.plan.refresh_from_db()
        self.assertIsNone(self.plan.archived_at)
        event = events(self.plan, AuditEvent.Action.RESTORE).get()
        self.assertEqual(event.changes, {"archived_at": [NOW.isoformat(), None]})
        self.assertContains(self.client.get("/plans/"), "2026年全面深化改革工作要点")


class PlanListTestCase(BaseTestCase):
    def test_it_lists_the_plan_for_its_units(self):
        for user in (self.alice, self.bob, self.leader):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertContains(self.client.get("/plans/"), "2026年全面深化改革工作要点")

    def test_it_shows_the_empty_state_to_an_outsider(self):
        self.login(self.charlie)
        response = self.client.get("/plans/")
        self.assertNotContains(response, "2026年全面深化改革工作要点")
        self.assertContains(response, "目前没有与本单位相关的计划")

    def test_it_hides_a_draft_plan_from_unit_staff(self):
        self.plan.status = Plan.Status.DRAFT
        self.plan.save(update_fields=["status"])

        self.login(self.alice)
        self.assertNotContains(self.client.get("/plans/"), "2026年全面深化改革工作要点")
        self.login(self.coordinator)
        self.assertContains(self.client.get("/plans/"), "2026年全面深化改革工作要点")

    def test_it_offers_new_plan_to_coordinators_only(self):
        self.login(self.coordinator)
        self.assertContains(self.client.get("/plans/"), 'href="/plans/new/"')
        self.login(self.leader)
        self.assertNotContains(self.client.get("/plans/"), 'href="/plans/new/"')
