from decimal import Decimal

from apps.audit.models import AuditEvent
from apps.plans.models import Target, Task, TaskUnit
from luoshi.test import BaseTestCase


class ApiTestCase(BaseTestCase):
    """Machine clients: every call carries a real bearer token of the user."""

    def get(self, url, user):
        return self.call("GET", url, user)


class TargetListApiTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.census = Task.objects.create(plan=cls.plan, code="2.1", title="开展第五次全国经济普查")
        TaskUnit.objects.create(task=cls.census, unit=cls.tjj, role=TaskUnit.Role.LEAD)
        cls.census_target = Target.objects.create(
            task=cls.census, metric="普查对象", value=Decimal("3.5"), unit="万家"
        )

    def test_it_pages_as_items_and_count(self):
        body = self.get("/api/targets", self.coordinator).json()
        self.assertEqual(body["count"], 2)
        first = body["items"][0]
        self.assertEqual(first["metric"], "高标准农田")
        self.assertEqual(first["comparator"], ">=")
        self.assertEqual(Decimal(first["value"]), Decimal("20"))
        self.assertEqual(first["horizon"], 2026)

    def test_it_filters_by_task(self):
        body = self.get(f"/api/targets?task={self.census.pk}", self.coordinator).json()
        self.assertEqual([t["id"] for t in body["items"]], [self.census_target.pk])

    def test_it_lists_only_the_targets_of_visible_tasks(self):
        self.assertEqual(
            [t["metric"] for t in self.get("/api/targets", self.alice).json()["items"]], ["高标准农田"]
        )
        self.assertEqual(
            [t["metric"] for t in self.get("/api/targets", self.charlie).json()["items"]], ["普查对象"]
        )
        body = self.get(f"/api/targets?task={self.task.pk}", self.charlie).json()
        self.assertEqual(body, {"items": [], "count": 0})

    def test_it_leaves_out_archived_targets(self):
        Target.objects.filter(pk=self.target.pk).update(archived_at="2026-04-01T00:00:00Z")
        self.assertEqual(self.get("/api/targets", self.alice).json()["count"], 0)
        self.assertEqual(self.get(f"/api/targets/{self.target.pk}", self.coordinator).status_code, 404)

    def test_it_answers_404_for_a_guessed_target_id(self):
        self.assertEqual(self.get(f"/api/targets/{self.target.pk}", self.charlie).status_code, 404)
        self.assertEqual(self.get(f"/api/targets/{self.census_target.pk}", self.bob).status_code, 404)


class TargetWriteApiTestCase(ApiTestCase):
    def test_it_creates_a_target_and_records_it(self):
        data = {
            "task_id": self.task.pk,
            "metric": "新增就业",
            "comparator": ">=",
            "value": "1.2",
            "unit": "万人",
        }
        response = self.call("POST", "/api/targets", self.coordinator, data)
        self.assertEqual(response.status_code, 201)
        target = Target.objects.get(pk=response.json()["id"])
        self.assertEqual(target.task, self.task)
        event = AuditEvent.objects.get(object_type="target", object_id=target.pk)
        self.assertEqual(event.action, AuditEvent.Action.CREATE)
        self.assertEqual(event.changes["value"], [None, "1.2"])

    def test_it_patches_a_target_and_records_before_and_after(self):
        response = self.call("PATCH", f"/api/targets/{self.target.pk}", self.coordinator, {"value": "25"})
        self.assertEqual(response.status_code, 200)
        self.target.refresh_from_db()
        self.assertEqual(self.target.value, Decimal("25"))
        event = AuditEvent.objects.get(object_type="target", object_id=self.target.pk)
        self.assertEqual(event.changes, {"value": ["20", "25"]})

    def test_it_refuses_a_null_value_in_chinese(self):
        response = self.call("PATCH", f"/api/targets/{self.target.pk}", self.coordinator, {"value": None})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"value": ["这个值不能为 null。"]})

    def test_it_explains_a_bad_number_and_comparator_in_chinese(self):
        data = {"task_id": self.task.pk, "metric": "x", "value": "二十", "comparator": "≈≈"}
        response = self.call("POST", "/api/targets", self.coordinator, data)
        self.assertEqual(response.status_code, 422)
        errors = response.json()["errors"]
        self.assertEqual(errors["value"], ["请输入数字。"])
        self.assertEqual(errors["comparator"], ["不是可选的值。"])

    def test_it_refuses_unit_staff_and_hides_from_outsiders(self):
        data = {"task_id": self.task.pk, "metric": "越权", "value": "1"}
        self.assertEqual(self.call("POST", "/api/targets", self.alice, data).status_code, 403)
        self.assertEqual(self.call("POST", "/api/targets", self.charlie, data).status_code, 404)
        self.assertEqual(
            self.call("PATCH", f"/api/targets/{self.target.pk}", self.bob, {"value": "1"}).status_code, 403
        )
        self.assertFalse(Target.objects.filter(metric="越权").exists())
        self.target.refresh_from_db()
        self.assertEqual(self.target.value, Decimal("20"))
