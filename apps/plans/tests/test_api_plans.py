from apps.audit.models import AuditEvent
from apps.plans.models import Plan
from luoshi.test import BaseTestCase


class ApiTestCase(BaseTestCase):
    """Machine clients: every call carries a real bearer token of the user."""

    def get(self, url, user):
        return self.call("GET", url, user)


class PlanListApiTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = Plan.objects.create(title="2025年工作要点", year=2025, owner_unit=cls.city)
        cls.county_plan = Plan.objects.create(
            title="陇西县2026年重点工作", year=2026, owner_unit=cls.county, status=Plan.Status.PUBLISHED
        )

    def test_it_pages_as_items_and_count(self):
        body = self.get("/api/plans", self.coordinator).json()
        self.assertEqual(set(body), {"items", "count"})
        self.assertEqual(body["count"], 3)
        self.assertEqual(
            set(body["items"][0]),
            {"id", "title", "year", "owner_unit_id", "status", "source_title", "archived"},
        )

    def test_it_serves_one_page_at_a_time(self):
        first = self.get("/api/plans?page_size=2", self.coordinator).json()
        second = self.get("/api/plans?page_size=2&page=2", self.coordinator).json()
        self.assertEqual((first["count"], len(first["items"])), (3, 2))
        self.assertEqual((second["count"], len(second["items"])), (3, 1))
        ids = {p["id"] for p in first["items"] + second["items"]}
        self.assertEqual(ids, {self.plan.pk, self.draft.pk, self.county_plan.pk})

    def test_it_filters_by_year_and_status(self):
        body = self.get("/api/plans?year=2025", self.coordinator).json()
        self.assertEqual([p["title"] for p in body["items"]], ["2025年工作要点"])
        body = self.get("/api/plans?status=draft", self.coordinator).json()
        self.assertEqual([p["id"] for p in body["items"]], [self.draft.pk])

    def test_it_lists_only_what_the_user_sees(self):
        expected = {
            self.alice: {self.plan.pk},
            self.charlie: set(),
            self.county_leader: {self.county_plan.pk},
            self.leader: {self.plan.pk, self.draft.pk, self.county_plan.pk},
        }
        for user, ids in expected.items():
            with self.subTest(user=user.username):
                body = self.get("/api/plans", user).json()
                self.assertEqual({p["id"] for p in body["items"]}, ids)
                self.assertEqual(body["count"], len(ids))

    def test_it_answers_404_for_a_plan_the_user_does_not_see(self):
        self.assertEqual(self.get(f"/api/plans/{self.plan.pk}", self.charlie).status_code, 404)
        self.assertEqual(self.get(f"/api/plans/{self.draft.pk}", self.alice).status_code, 404)
        self.assertEqual(self.get("/api/plans/999999", self.coordinator).status_code, 404)


class PlanCreateApiTestCase(ApiTestCase):
    def test_it_creates_a_plan_and_records_it(self):
        data = {"title": "2026年民生实事", "year": 2026, "owner_unit_id": self.city.pk, "status": "published"}
        response = self.call("POST", "/api/plans", self.coordinator, data)
        self.assertEqual(response.status_code, 201)
        body = response.json()
        self.assertEqual(body["title"], "2026年民生实事")
        self.assertFalse(body["archived"])

        plan = Plan.objects.get(pk=body["id"])
        event = AuditEvent.objects.get(object_type="plan", object_id=plan.pk)
        self.assertEqual(event.action, AuditEvent.Action.CREATE)
        self.assertEqual(event.actor, self.coordinator)
        self.assertEqual(event.changes["owner_unit"], [None, "定西市"])

    def test_it_lets_a_county_coordinator_create_for_the_county_only(self):
        data = {"title": "陇西县民生实事", "year": 2026, "owner_unit_id": self.county.pk}
        self.assertEqual(self.call("POST", "/api/plans", self.county_coordinator, data).status_code, 201)
        data["owner_unit_id"] = self.city.pk
        self.assertEqual(self.call("POST", "/api/plans", self.county_coordinator, data).status_code, 404)

    def test_it_explains_missing_fields_in_chinese(self):
        response = self.call("POST", "/api/plans", self.coordinator, {"title": "缺年份"})
        self.assertEqual(response.status_code, 422)
        body = response.json()
        self.assertEqual(body["detail"], "数据校验失败")
        self.assertEqual(body["errors"]["year"], ["此字段为必填项。"])
        self.assertEqual(body["errors"]["owner_unit_id"], ["此字段为必填项。"])

    def test_it_explains_a_bad_status_in_chinese(self):
        data = {"title": "状态错误", "year": 2026, "owner_unit_id": self.city.pk, "status": "done"}
        response = self.call("POST", "/api/plans", self.coordinator, data)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"]["status"], ["不是可选的值。"])

    def test_it_explains_a_blank_title_in_chinese(self):
        data = {"title": "", "year": 2026, "owner_unit_id": self.city.pk}
        response = self.call("POST", "/api/plans", self.coordinator, data)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"]["title"], ["此字段不能为空。"])
        self.assertFalse(AuditEvent.objects.filter(object_type="plan").exists())

    def test_it_refuses_a_leader_in_chinese(self):
        data = {"title": "越权", "year": 2026, "owner_unit_id": self.city.pk}
        response = self.call("POST", "/api/plans", self.leader, data)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["detail"], "只有牵头机关可以在本辖区内创建计划")


class PlanPatchApiTestCase(ApiTestCase):
    def test_it_updates_only_the_fields_sent_and_records_before_and_after(self):
        data = {"title": "2026年全面深化改革要点（修订）", "status": "draft"}
        response = self.call("PATCH", f"/api/plans/{self.plan.pk}", self.coordinator, data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "draft")

        self.plan.refresh_from_db()
        self.assertEqual(self.plan.title, "2026年全面深化改革要点（修订）")
        self.assertEqual(self.plan.year, 2026)
        event = AuditEvent.objects.get(object_type="plan", object_id=self.plan.pk)
        self.assertEqual(
            event.changes,
            {
                "title": ["2026年全面深化改革工作要点", "2026年全面深化改革要点（修订）"],
                "status": ["published", "draft"],
            },
        )

    def test_it_records_nothing_for_an_empty_patch(self):
        response = self.call("PATCH", f"/api/plans/{self.plan.pk}", self.coordinator, {})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(AuditEvent.objects.filter(object_type="plan").exists())

    def test_it_refuses_a_blank_title_in_chinese(self):
        response = self.call("PATCH", f"/api/plans/{self.plan.pk}", self.coordinator, {"title": ""})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"title": ["此字段不能为空。"]})
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.title, "2026年全面深化改革工作要点")

    def test_it_refuses_unit_staff_and_hides_the_plan_from_outsiders(self):
        self.assertEqual(
            self.call("PATCH", f"/api/plans/{self.plan.pk}", self.alice, {"year": 2027}).status_code, 403
        )
        self.assertEqual(
            self.call("PATCH", f"/api/plans/{self.plan.pk}", self.charlie, {"year": 2027}).status_code, 404
        )
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.year, 2026)
