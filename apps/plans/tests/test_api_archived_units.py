"""An archived unit cannot be given a task through the API (plans.actions.check_units), as a lead or a
co-operating unit, on create or on change; the error is keyed by the API's field name, in Chinese."""

from django.utils import timezone

from apps.orgs.models import Unit
from apps.plans.models import Task
from luoshi.test import BaseTestCase


class ArchivedUnitApiTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Unit.objects.filter(pk=cls.tjj.pk).update(archived_at=timezone.now())

    def create(self, lead, co):
        data = {
            "plan_id": self.plan.pk,
            "title": "新建保障性住房1000套",
            "due_date": "2026-11-30",
            "lead_unit_ids": lead,
            "co_unit_ids": co,
        }
        return self.call("POST", "/api/tasks", self.coordinator, data)

    def test_it_refuses_an_archived_lead_unit(self):
        response = self.create([self.tjj.pk], [])
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"lead_unit_ids": ["单位已归档，不能再指定：市统计局"]})
        self.assertFalse(Task.objects.filter(title="新建保障性住房1000套").exists())

    def test_it_refuses_an_archived_co_unit(self):
        response = self.create([self.zjj.pk], [self.tjj.pk])
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"co_unit_ids": ["单位已归档，不能再指定：市统计局"]})

    def test_it_refuses_an_archived_unit_on_change(self):
        data = {"co_unit_ids": [self.zjj.pk, self.tjj.pk]}
        response = self.call("PATCH", f"/api/tasks/{self.task.pk}", self.coordinator, data)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"co_unit_ids": ["单位已归档，不能再指定：市统计局"]})
        self.assertEqual(list(self.task.co_units), [self.zjj])

    def test_it_still_accepts_live_units(self):
        self.assertEqual(self.create([self.zjj.pk], [self.fgw.pk]).status_code, 201)
