import datetime

from apps.audit.models import AuditEvent
from apps.orgs.models import Unit
from apps.plans.models import Area, Plan, Task, TaskUnit
from luoshi.test import BaseTestCase, make_unit


class ApiTestCase(BaseTestCase):
    """Machine clients: every call carries a real bearer token of the user."""

    def get(self, url, user):
        return self.call("GET", url, user)

    def titles(self, url, user) -> set[str]:
        return {t["title"] for t in self.get(url, user).json()["items"]}


class TaskListApiTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.price_office = make_unit("市发改委价格科", Unit.Kind.DEPARTMENT, cls.fgw)
        cls.area2 = Area.objects.create(plan=cls.plan, title="在保障改善民生上用力", order=2)
        cls.census = Task.objects.create(
            plan=cls.plan,
            area=cls.area2,
            code="2.1",
            title="开展第五次全国经济普查",
            leader="王副市长",
            kind=Task.Kind.ROUTINE,
            due_date=datetime.date(2026, 3, 31),
        )
        TaskUnit.objects.create(task=cls.census, unit=cls.tjj, role=TaskUnit.Role.LEAD)
        cls.prices = Task.objects.create(
            plan=cls.plan, code="3.1", title="深化公用事业价格改革", kind="reform"
        )
        TaskUnit.objects.create(task=cls.prices, unit=cls.price_office, role=TaskUnit.Role.LEAD)

    def test_it_pages_as_items_and_count(self):
        body = self.get("/api/tasks", self.leader).json()
        self.assertEqual(set(body), {"items", "count"})
        self.assertEqual(body["count"], 3)
        farmland = next(t for t in body["items"] if t["id"] == self.task.pk)
        self.assertEqual(farmland["lead_units"], [{"id": self.fgw.pk, "name": "市发改委"}])
        self.assertEqual(farmland["co_units"], [{"id": self.zjj.pk, "name": "市住建局"}])
        self.assertEqual(farmland["due_date"], "2026-12-31")

        page = self.get("/api/tasks?page_size=2&page=2", self.leader).json()
        self.assertEqual((page["count"], len(page["items"])), (3, 1))

    def test_it_walks_pages_after_the_last_id_read(self):
        first = self.get("/api/tasks?page_size=2", self.leader).json()
        ids = [t["id"] for t in first["items"]]
        rest = self.get(f"/api/tasks?page_size=2&after={ids[-1]}", self.leader).json()
        self.assertEqual(
            ids + [t["id"] for t in rest["items"]], [self.task.pk, self.census.pk, self.prices.pk]
        )
        self.assertEqual(rest["count"], 3)

    def test_it_walks_only_the_filtered_tasks_after_an_id(self):
        body = self.get(f"/api/tasks?unit={self.fgw.pk}&after={self.task.pk}", self.leader).json()
        self.assertEqual([t["id"] for t in body["items"]], [self.prices.pk])

    def test_it_filters_like_the_ledger(self):
        cases = {
            f"?area={self.area2.pk}": {"开展第五次全国经济普查"},
            f"?unit={self.fgw.pk}": {"建成高标准农田20万亩", "深化公用事业价格改革"},
            f"?unit={self.zjj.pk}": {"建成高标准农田20万亩"},
            "?kind=routine": {"开展第五次全国经济普查"},
            "?leader=张副市长": {"建成高标准农田20万亩"},
            "?q=高标准农田": {"建成高标准农田20万亩"},
            "?q=不存在": set(),
            "?due_month=2026-03": {"开展第五次全国经济普查"},
            f"?plan={self.plan.pk}": {
                "建成高标准农田20万亩",
                "开展第五次全国经济普查",
                "深化公用事业价格改革",
            },
        }
        for query, titles in cases.items():
            with self.subTest(query=query):
                self.assertEqual(self.titles(f"/api/tasks{query}", self.coordinator), titles)

    def test_it_explains_a_bad_month_in_chinese(self):
        response = self.get("/api/tasks?due_month=2026年3月", self.coordinator)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"due_month": ["月份格式应为 2026-04"]})

    def test_it_shows_unit_staff_only_their_units_tasks(self):
        self.assertEqual(
            self.titles("/api/tasks", self.alice), {"建成高标准农田20万亩", "深化公用事业价格改革"}
        )
        self.assertEqual(self.titles("/api/tasks", self.bob), {"建成高标准农田20万亩"})
        self.assertEqual(self.titles("/api/tasks", self.charlie), {"开展第五次全国经济普查"})

    def test_it_gives_unit_staff_an_empty_list_for_other_units_tasks(self):
        body = self.get(f"/api/tasks?unit={self.tjj.pk}", self.alice).json()
        self.assertEqual(body, {"items": [], "count": 0})
        body = self.get(f"/api/tasks?unit={self.fgw.pk}", self.charlie).json()
        self.assertEqual(body, {"items": [], "count": 0})

    def test_it_gives_county_users_nothing_of_the_city_plan(self):
        self.assertEqual(self.get("/api/tasks", self.county_leader).json()["count"], 0)
        self.assertEqual(self.get(f"/api/tasks?plan={self.plan.pk}", self.county_leader).status_code, 404)

    def test_it_answers_404_for_a_guessed_task_id(self):
        self.assertEqual(self.get(f"/api/tasks/{self.task.pk}", self.charlie).status_code, 404)
        self.assertEqual(self.get(f"/api/tasks/{self.census.pk}", self.alice).status_code, 404)
        self.assertEqual(self.get(f"/api/tasks/{self.census.pk}", self.charlie).status_code, 200)

    def test_it_hides_tasks_of_a_draft_plan_from_unit_staff(self):
        Plan.objects.filter(pk=self.plan.pk).update(status=Plan.Status.DRAFT)
        self.assertEqual(self.get("/api/tasks", self.alice).json()["count"], 0)
        self.assertEqual(self.get("/api/tasks", self.coordinator).json()["count"], 3)


class TaskCreateApiTestCase(ApiTestCase):
    def data(self, **overrides):
        data = {
            "plan_id": self.plan.pk,
            "area_id": self.area.pk,
            "code": "1.2",
            "title": "新建保障性住房1000套",
            "start_date": "2026-02-01",
            "due_date": "2026-11-30",
            "kind": "livelihood",
            "priority": 1,
            "lead_unit_ids": [self.zjj.pk],
            "co_unit_ids": [self.fgw.pk],
        }
        data.update(overrides)
        return data

    def test_it_creates_a_task_with_its_units_and_records_it(self):
        response = self.call("POST", "/api/tasks", self.coordinator, self.data())
        self.assertEqual(response.status_code, 201)
        body = response.json()
        self.assertEqual(body["lead_units"], [{"id": self.zjj.pk, "name": "市住建局"}])
        self.assertEqual(body["co_units"], [{"id": self.fgw.pk, "name": "市发改委"}])

        task = Task.objects.get(pk=body["id"])
        event = AuditEvent.objects.get(object_type="task", object_id=task.pk)
        self.assertEqual(event.action, AuditEvent.Action.CREATE)
        self.assertEqual(event.changes["lead_units"], [[], ["市住建局"]])
        self.assertEqual(event.changes["due_date"], [None, "2026-11-30"])

    def test_it_refuses_an_unknown_unit_in_chinese(self):
        response = self.call("POST", "/api/tasks", self.coordinator, self.data(lead_unit_ids=[999999]))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"units": ["单位不存在：[999999]"]})
        self.assertFalse(Task.objects.filter(title="新建保障性住房1000套").exists())

    def test_it_refuses_the_same_unit_as_lead_and_co_unit(self):
        data = self.data(co_unit_ids=[self.zjj.pk])
        response = self.call("POST", "/api/tasks", self.coordinator, data)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["errors"], {"co_unit_ids": ["同一单位不能既是牵头单位又是配合单位：市住建局"]}
        )
        self.assertFalse(Task.objects.filter(title="新建保障性住房1000套").exists())

    def test_it_refuses_a_due_date_before_the_start(self):
        data = self.data(start_date="2026-06-01", due_date="2026-05-01")
        response = self.call("POST", "/api/tasks", self.coordinator, data)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"due_date": ["完成时限不能早于开始日期"]})
        self.assertFalse(Task.objects.filter(title="新建保障性住房1000套").exists())

    def test_it_explains_a_bad_date_in_chinese(self):
        response = self.call("POST", "/api/tasks", self.coordinator, self.data(due_date="年底"))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"]["due_date"], ["日期格式应为 2026-04-30。"])

    def test_it_refuses_an_area_of_another_plan(self):
        other = Plan.objects.create(title="另一计划", year=2026, owner_unit=self.city)
        area = Area.objects.create(plan=other, title="别的领域")
        response = self.call("POST", "/api/tasks", self.coordinator, self.data(area_id=area.pk))
        self.assertEqual(response.status_code, 404)

    def test_it_refuses_unit_staff(self):
        response = self.call("POST", "/api/tasks", self.alice, self.data())
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["detail"], "没有权限执行此操作")


class TaskPatchApiTestCase(ApiTestCase):
    def test_it_updates_fields_and_units_and_records_before_and_after(self):
        data = {"leader": "李副市长", "co_unit_ids": [self.tjj.pk]}
        response = self.call("PATCH", f"/api/tasks/{self.task.pk}", self.coordinator, data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["co_units"], [{"id": self.tjj.pk, "name": "市统计局"}])

        self.task.refresh_from_db()
        self.assertEqual(self.task.leader, "李副市长")
        self.assertEqual([u.name for u in self.task.lead_units], ["市发改委"])
        event = AuditEvent.objects.get(object_type="task", object_id=self.task.pk)
        self.assertEqual(
            event.changes, {"leader": ["张副市长", "李副市长"], "co_units": [["市住建局"], ["市统计局"]]}
        )

    def test_it_refuses_making_a_co_unit_also_the_lead_unit(self):
        data = {"lead_unit_ids": [self.fgw.pk, self.zjj.pk]}
        response = self.call("PATCH", f"/api/tasks/{self.task.pk}", self.coordinator, data)
        self.assertEqual(response.status_code, 422)
        self.assertEqual([u.name for u in self.task.lead_units], ["市发改委"])

    def test_it_refuses_a_blank_title_in_chinese(self):
        response = self.call("PATCH", f"/api/tasks/{self.task.pk}", self.coordinator, {"title": ""})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"title": ["此字段不能为空。"]})

    def test_it_refuses_the_co_units_reporter(self):
        response = self.call("PATCH", f"/api/tasks/{self.task.pk}", self.bob, {"leader": "鲍勃"})
        self.assertEqual(response.status_code, 403)
        self.task.refresh_from_db()
        self.assertEqual(self.task.leader, "张副市长")

    def test_it_hides_the_task_from_an_outsider(self):
        response = self.call("PATCH", f"/api/tasks/{self.task.pk}", self.charlie, {"leader": "查理"})
        self.assertEqual(response.status_code, 404)
