from apps.audit.models import AuditEvent
from apps.orgs.models import Unit, path_segment
from luoshi.test import BaseTestCase, make_unit


class ApiTestCase(BaseTestCase):
    """Machine clients: every call carries a real bearer token of the user."""

    def get(self, url, user):
        return self.call("GET", url, user)

    def names(self, url, user) -> set[str]:
        return {u["name"] for u in self.get(url, user).json()["items"]}


class UnitListApiTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.price_office = make_unit("市发改委价格科", Unit.Kind.DEPARTMENT, cls.fgw)

    def test_it_pages_as_items_and_count(self):
        body = self.get("/api/units", self.admin).json()
        self.assertEqual(set(body), {"items", "count"})
        self.assertEqual(body["count"], Unit.objects.count())
        city = next(u for u in body["items"] if u["id"] == self.city.pk)
        self.assertEqual(
            city,
            {
                "id": self.city.pk,
                "name": "定西市",
                "code": None,
                "aliases": [],
                "kind": "city",
                "parent_id": None,
                "archived": False,
            },
        )

    def test_it_filters_by_name_and_kind(self):
        self.assertEqual(
            self.names("/api/units?q=发改", self.admin), {"市发改委", "市发改委价格科", "陇西县发改局"}
        )
        self.assertEqual(self.names("/api/units?kind=county", self.admin), {"陇西县"})

    def test_it_filters_by_code_and_by_alias(self):
        self.zjj.code = "11621100MB0000002Y"
        self.zjj.save(update_fields=["code"])
        self.tjj.aliases = ["统计局", "定西统计"]
        self.tjj.save(update_fields=["aliases"])
        self.assertEqual(self.names("/api/units?q=11621100MB0000002Y", self.admin), {"市住建局"})
        self.assertEqual(self.names("/api/units?q=定西统计", self.admin), {"市统计局"})

    def test_it_shows_unit_staff_their_own_subtree(self):
        self.assertEqual(self.names("/api/units", self.alice), {"市发改委", "市发改委价格科"})
        self.assertEqual(self.names("/api/units", self.charlie), {"市统计局"})

    def test_it_shows_oversight_roles_their_jurisdiction(self):
        self.assertEqual(self.names("/api/units", self.county_leader), {"陇西县", "陇西县发改局"})
        self.assertEqual(self.get("/api/units", self.leader).json()["count"], Unit.objects.count())

    def test_it_answers_404_for_a_unit_outside_what_the_user_sees(self):
        self.assertEqual(self.get(f"/api/units/{self.price_office.pk}", self.alice).status_code, 200)
        self.assertEqual(self.get(f"/api/units/{self.fgw.pk}", self.charlie).status_code, 404)
        self.assertEqual(self.get(f"/api/units/{self.city.pk}", self.county_coordinator).status_code, 404)


class UnitWriteApiTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.price_office = make_unit("市发改委价格科", Unit.Kind.DEPARTMENT, cls.fgw)

    def test_it_creates_a_unit_in_the_tree_and_records_it(self):
        data = {"name": "市审计局", "kind": "department", "parent_id": self.city.pk}
        response = self.call("POST", "/api/units", self.admin, data)
        self.assertEqual(response.status_code, 201)
        unit = Unit.objects.get(pk=response.json()["id"])
        self.assertEqual(unit.path, self.city.path + path_segment(unit.order, unit.pk))
        event = AuditEvent.objects.get(object_type="unit", object_id=unit.pk)
        self.assertEqual(event.action, AuditEvent.Action.CREATE)
        self.assertEqual(event.actor, self.admin)

    def test_it_creates_a_unit_whose_name_another_unit_has_with_its_code_and_aliases(self):
        body = {"name": "市发改委", "kind": "department", "code": "11621100MB0000001X", "aliases": ["发改委"]}
        response = self.call("POST", "/api/units", self.admin, body)
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["aliases"], ["发改委"])
        self.assertEqual(Unit.objects.filter(name="市发改委").count(), 2)

    def test_it_refuses_a_duplicate_code_in_chinese(self):
        self.fgw.code = "11621100MB0000001X"
        self.fgw.save(update_fields=["code"])
        body = {"name": "新单位", "kind": "department", "code": "11621100MB0000001X"}
        response = self.call("POST", "/api/units", self.admin, body)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"code": ["具有 单位代码 的 单位 已存在。"]})

    def test_it_explains_a_bad_kind_in_chinese(self):
        response = self.call("POST", "/api/units", self.admin, {"name": "新单位", "kind": "prefecture"})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"kind": ["不是可选的值。"]})

    def test_it_moves_a_unit_with_its_subtree(self):
        old_path = self.fgw.path
        response = self.call("PATCH", f"/api/units/{self.fgw.pk}", self.admin, {"parent_id": self.county.pk})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["parent_id"], self.county.pk)
        self.fgw.refresh_from_db()
        self.price_office.refresh_from_db()
        self.assertEqual(self.fgw.path, self.county.path + path_segment(self.fgw.order, self.fgw.pk))
        self.assertEqual(
            self.price_office.path,
            self.fgw.path + path_segment(self.price_office.order, self.price_office.pk),
        )
        event = AuditEvent.objects.get(object_type="unit", object_id=self.fgw.pk)
        self.assertEqual(
            event.changes,
            {"parent": ["定西市", "陇西县"], "path": [old_path, self.fgw.path], "moved_units": 2},
        )

    def test_it_refuses_to_put_a_unit_below_its_descendant(self):
        for parent in (self.price_office, self.fgw):
            with self.subTest(parent=parent.name):
                response = self.call(
                    "PATCH", f"/api/units/{self.fgw.pk}", self.admin, {"parent_id": parent.pk}
                )
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.json()["errors"], {"parent": ["上级单位不能是本单位或其下级单位"]})
        self.fgw.refresh_from_db()
        self.assertEqual(self.fgw.parent, self.city)

    def test_it_renames_a_unit(self):
        response = self.call(
            "PATCH", f"/api/units/{self.tjj.pk}", self.admin, {"name": "市统计局（普查中心）"}
        )
        self.assertEqual(response.status_code, 200)
        self.tjj.refresh_from_db()
        self.assertEqual(self.tjj.name, "市统计局（普查中心）")

    def test_it_is_for_the_admin_only(self):
        for user in (self.coordinator, self.leader, self.alice):
            with self.subTest(user=user.username):
                response = self.call("POST", "/api/units", user, {"name": "越权单位", "kind": "department"})
                self.assertEqual(response.status_code, 403)
                self.assertEqual(response.json()["detail"], "只有系统管理员可以管理单位和用户")
                response = self.call("PATCH", f"/api/units/{self.tjj.pk}", user, {"name": "改名"})
                self.assertEqual(response.status_code, 403)
        self.assertFalse(Unit.objects.filter(name__in=["越权单位", "改名"]).exists())
