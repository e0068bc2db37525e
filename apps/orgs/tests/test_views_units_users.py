from apps.audit.models import AuditEvent
from apps.orgs.models import Role, Unit, User
from luoshi.test import BaseTestCase, make_unit


def unit_form(name, parent, kind=Unit.Kind.DEPARTMENT, order=0):
    return {"name": name, "kind": kind, "parent": parent.pk if parent else "", "order": order}


def user_form(t, **overrides):
    data = {
        "username": "dave",
        "full_name": "戴维",
        "unit": t.tjj.pk,
        "roles": [Role.REPORTER, Role.APPROVER],
        "phone": "0932-8000000",
        "email": "dave@example.org",
        "password": "Luoshi-2026-strong",
        "is_active": "on",
    }
    data.update(overrides)
    return data


class UnitTreeTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.price_office = make_unit("市发改委价格科", Unit.Kind.DEPARTMENT, cls.fgw)
        cls.price_team = make_unit("市发改委价格科收费组", Unit.Kind.DEPARTMENT, cls.price_office)

    def setUp(self):
        self.login(self.admin)

    def test_it_creates_a_unit_in_the_tree(self):
        response = self.client.post("/units/new/", unit_form("市审计局", self.city, order=9))
        self.assertRedirects(response, "/units/")
        unit = Unit.objects.get(name="市审计局")
        self.assertEqual(unit.path, f"{self.city.path}{unit.pk}/")
        event = AuditEvent.objects.get(object_type="unit", object_id=unit.pk)
        self.assertEqual(event.action, AuditEvent.Action.CREATE)
        self.assertEqual(event.changes["parent"], [None, "定西市"])
        self.assertContains(self.client.get("/units/"), "市审计局")

    def test_it_creates_a_root_unit(self):
        self.client.post("/units/new/", unit_form("白银市", None, kind=Unit.Kind.CITY))
        unit = Unit.objects.get(name="白银市")
        self.assertEqual(unit.path, f"/{unit.pk}/")

    def test_it_refuses_a_duplicate_name_in_chinese(self):
        response = self.client.post("/units/new/", unit_form("市发改委", self.city))
        self.assertContains(response, "具有 单位名称 的 单位 已存在。", status_code=400)

    def test_it_moves_the_whole_subtree_with_the_unit(self):
        response = self.client.post(f"/units/{self.fgw.pk}/edit/", unit_form("市发改委", self.county))
        self.assertRedirects(response, "/units/")

        for unit in (self.fgw, self.price_office, self.price_team):
            unit.refresh_from_db()
        self.assertEqual(self.fgw.parent, self.county)
        self.assertEqual(self.fgw.path, f"{self.county.path}{self.fgw.pk}/")
        self.assertEqual(self.price_office.path, f"{self.fgw.path}{self.price_office.pk}/")
        self.assertEqual(self.price_team.path, f"{self.price_office.path}{self.price_team.pk}/")
        event = AuditEvent.objects.get(object_type="unit", object_id=self.fgw.pk, action="update")
        self.assertEqual(event.changes["parent"], ["定西市", "陇西县"])

    def test_it_moves_the_subtree_into_the_new_jurisdiction(self):
        self.client.post(f"/units/{self.fgw.pk}/edit/", unit_form("市发改委", self.county))
        self.assertIn(self.price_team.pk, self.county.subtree_ids())
        self.assertNotIn(self.price_team.pk, self.zjj.subtree_ids())

    def test_it_refuses_to_put_a_unit_below_its_own_descendant(self):
        response = self.client.post(f"/units/{self.fgw.pk}/edit/", unit_form("市发改委", self.price_team))
        self.assertContains(response, "选择一个有效的选项", status_code=400)
        self.fgw.refresh_from_db()
        self.assertEqual(self.fgw.parent, self.city)

    def test_it_refuses_to_put_a_unit_below_itself(self):
        response = self.client.post(f"/units/{self.fgw.pk}/edit/", unit_form("市发改委", self.fgw))
        self.assertEqual(response.status_code, 400)
        self.fgw.refresh_from_db()
        self.assertEqual(self.fgw.parent, self.city)

    def test_it_refuses_to_archive_a_unit_with_active_children(self):
        response = self.client.post(f"/units/{self.price_office.pk}/archive/", follow=True)
        self.assertContains(response, "“市发改委价格科”下还有未归档的下级单位")
        self.price_office.refresh_from_db()
        self.assertIsNone(self.price_office.archived_at)
        self.assertFalse(AuditEvent.objects.filter(object_type="unit", action="archive").exists())

    def test_it_archives_a_unit_once_its_children_are_archived(self):
        self.client.post(f"/units/{self.price_team.pk}/archive/")
        self.client.post(f"/units/{self.price_office.pk}/archive/")
        self.price_office.refresh_from_db()
        self.assertIsNotNone(self.price_office.archived_at)

        self.client.post(f"/units/{self.price_office.pk}/restore/")
        self.price_office.refresh_from_db()
        self.assertIsNone(self.price_office.archived_at)
        actions = AuditEvent.objects.filter(object_type="unit", object_id=self.price_office.pk)
        self.assertEqual(list(actions.values_list("action", flat=True)), ["restore", "archive"])

    def test_it_no_longer_offers_an_archived_unit_as_a_parent(self):
        self.client.post(f"/units/{self.price_team.pk}/archive/")
        response = self.client.post("/units/new/", unit_form("新科室", self.price_team))
        self.assertEqual(response.status_code, 400)

    def test_it_forbids_everyone_but_the_admin(self):
        for user in (self.coordinator, self.leader, self.alice):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get("/units/").status_code, 403)
                response = self.client.post("/units/new/", unit_form("越权单位", self.city))
                self.assertEqual(response.status_code, 403)
                self.assertFalse(Unit.objects.filter(name="越权单位").exists())


class UserAdminTestCase(BaseTestCase):
    def setUp(self):
        self.login(self.admin)

    def test_it_creates_a_user_with_roles(self):
        response = self.client.post("/users/new/", user_form(self))
        self.assertRedirects(response, "/users/")
        dave = User.objects.get(username="dave")
        self.assertEqual(dave.unit, self.tjj)
        self.assertEqual(dave.roles, ["reporter", "approver"])
        self.assertTrue(dave.check_password("Luoshi-2026-strong"))

        event = AuditEvent.objects.get(object_type="user", object_id=dave.pk)
        self.assertEqual(event.actor, self.admin)
        self.assertEqual(event.changes["roles"], [None, ["reporter", "approver"]])
        self.assertNotIn("password", event.changes)
        self.assertNotIn("Luoshi-2026-strong", str(event.changes))

    def test_the_new_user_can_sign_in(self):
        self.client.post("/users/new/", user_form(self))
        self.client.logout()
        response = self.client.post("/login/", {"username": "dave", "password": "Luoshi-2026-strong"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)

    def test_it_explains_a_weak_password_in_chinese(self):
        cases = {
            "abc": "密码长度太短。密码必须包含至少 8 个字符。",
            "20260101": "密码只包含数字。",
            "password": "这个密码太常见了。",
        }
        for password, message in cases.items():
            with self.subTest(password=password):
                response = self.client.post("/users/new/", user_form(self, password=password))
                self.assertContains(response, message, status_code=400)
                self.assertNotContains(response, "This password", status_code=400)
        self.assertFalse(User.objects.filter(username="dave").exists())

    def test_it_requires_a_password_for_a_new_user(self):
        response = self.client.post("/users/new/", user_form(self, password=""))
        self.assertContains(response, "新建用户必须设置密码", status_code=400)

    def test_it_requires_a_role(self):
        data = user_form(self)
        del data["roles"]
        self.assertContains(self.client.post("/users/new/", data), "这个字段是必填项。", status_code=400)

    def test_it_refuses_an_unknown_role(self):
        response = self.client.post("/users/new/", user_form(self, roles=["superuser"]))
        self.assertEqual(response.status_code, 400)

    def test_it_edits_a_user_and_keeps_the_password_when_left_blank(self):
        data = user_form(self, username="charlie", roles=[Role.APPROVER], password="")
        response = self.client.post(f"/users/{self.charlie.pk}/edit/", data)
        self.assertRedirects(response, "/users/")
        self.charlie.refresh_from_db()
        self.assertEqual(self.charlie.roles, ["approver"])
        self.assertTrue(self.charlie.check_password("luoshi-test-pw"))
        event = AuditEvent.objects.get(object_type="user", object_id=self.charlie.pk, action="update")
        self.assertEqual(event.changes["roles"], [["reporter"], ["approver"]])
        self.assertNotIn("password", event.changes)

    def test_it_resets_a_password_and_records_only_that_it_was_reset(self):
        data = user_form(self, username="charlie", roles=[Role.REPORTER], password="Another-2026-pw")
        self.client.post(f"/users/{self.charlie.pk}/edit/", data)
        self.charlie.refresh_from_db()
        self.assertTrue(self.charlie.check_password("Another-2026-pw"))
        event = AuditEvent.objects.get(object_type="user", object_id=self.charlie.pk, action="update")
        self.assertEqual(event.changes["password"], ["******", "******（已重置）"])
        self.assertNotIn("Another-2026-pw", str(event.changes))

    def test_it_deactivates_a_user(self):
        data = user_form(self, username="charlie", roles=[Role.REPORTER], password="")
        del data["is_active"]
        self.client.post(f"/users/{self.charlie.pk}/edit/", data)
        self.charlie.refresh_from_db()
        self.assertFalse(self.charlie.is_active)

    def test_it_searches_users(self):
        response = self.client.get("/users/?q=市统计局")
        self.assertEqual([u.username for u in response.context["page"].object_list], ["charlie"])

    def test_it_forbids_everyone_but_the_admin(self):
        for user in (self.coordinator, self.leader, self.county_coordinator, self.alice):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get("/users/").status_code, 403)
                self.assertEqual(self.client.post("/users/new/", user_form(self)).status_code, 403)
                data = user_form(self, username="charlie", roles=[Role.ADMIN], password="")
                self.assertEqual(self.client.post(f"/users/{self.charlie.pk}/edit/", data).status_code, 403)
        self.assertFalse(User.objects.filter(username="dave").exists())
        self.charlie.refresh_from_db()
        self.assertEqual(self.charlie.roles, ["reporter"])

    def test_it_answers_404_for_a_user_that_does_not_exist(self):
        self.assertEqual(self.client.get("/users/999999/edit/").status_code, 404)
