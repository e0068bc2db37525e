from apps.audit.models import AuditEvent
from apps.orgs.models import Role, Unit, User, path_segment
from luoshi.test import BaseTestCase, make_unit


def unit_form(name, parent, kind=Unit.Kind.DEPARTMENT, order=0, code="", aliases=""):
    return {
        "name": name,
        "code": code,
        "aliases": aliases,
        "kind": kind,
        "parent": parent.pk if parent else "",
        "order": order,
    }


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
        self.assertEqual(unit.path, self.city.path + path_segment(unit.order, unit.pk))
        event = AuditEvent.objects.get(object_type="unit", object_id=unit.pk)
        self.assertEqual(event.action, AuditEvent.Action.CREATE)
        self.assertEqual(event.changes["parent"], [None, "定西市"])
        self.assertContains(self.client.get("/units/"), "市审计局")

    def test_it_creates_a_root_unit(self):
        self.client.post("/units/new/", unit_form("白银市", None, kind=Unit.Kind.CITY))
        unit = Unit.objects.get(name="白银市")
        self.assertEqual(unit.path, "/" + path_segment(unit.order, unit.pk))

    def test_it_puts_a_province_above_the_city_as_the_root_of_the_tree(self):
        self.client.post("/units/new/", unit_form("甘肃省", None, kind=Unit.Kind.PROVINCE))
        province = Unit.objects.get(name="甘肃省")
        self.client.post(f"/units/{self.city.pk}/edit/", unit_form("定西市", province, kind=Unit.Kind.CITY))
        self.fgw.refresh_from_db()
        self.assertTrue(self.fgw.path.startswith(province.path))
        self.assertIn(self.fgw.pk, province.subtree_ids())

    def test_it_makes_the_province_the_jurisdiction_of_its_own_departments(self):
        province = make_unit("甘肃省", Unit.Kind.PROVINCE)
        department = make_unit("省发展改革委", Unit.Kind.DEPARTMENT, province)
        self.assertEqual(department.jurisdiction(), province)

    def test_it_creates_a_unit_whose_name_another_unit_already_has(self):
        response = self.client.post("/units/new/", unit_form("城关镇", self.city, kind=Unit.Kind.TOWNSHIP))
        self.assertRedirects(response, "/units/")
        response = self.client.post("/units/new/", unit_form("城关镇", self.county, kind=Unit.Kind.TOWNSHIP))
        self.assertRedirects(response, "/units/")
        self.assertEqual(
            sorted(Unit.objects.filter(name="城关镇").values_list("parent__name", flat=True)),
            ["定西市", "陇西县"],
        )

    def test_it_offers_namesakes_by_their_path_in_the_unit_selects(self):
        make_unit("城关镇", Unit.Kind.TOWNSHIP, self.city)
        make_unit("城关镇", Unit.Kind.TOWNSHIP, self.county)
        for url in ("/users/new/", "/units/new/"):
            with self.subTest(url=url):
                page = self.client.get(url)
                self.assertContains(page, ">定西市/城关镇</option>")
                self.assertContains(page, ">定西市/陇西县/城关镇</option>")
                self.assertContains(page, ">市发改委</option>")

    def test_it_saves_code_and_aliases_and_shows_them_in_the_list(self):
        form = unit_form(
            "市发展和改革委员会", self.city, code=" 11621100MB0000001X ", aliases="市发改委、发改委"
        )
        self.client.post(f"/units/{self.fgw.pk}/edit/", form)
        self.fgw.refresh_from_db()
        self.assertEqual((self.fgw.code, self.fgw.aliases), ("11621100MB0000001X", ["市发改委", "发改委"]))
        event = AuditEvent.objects.get(object_type="unit", object_id=self.fgw.pk, action="update")
        self.assertEqual(event.changes["aliases"], [[], ["市发改委", "发改委"]])
        page = self.client.get("/units/")
        self.assertContains(page, "11621100MB0000001X")
        self.assertContains(page, "市发改委、发改委")
        self.assertContains(self.client.get(f"/units/{self.fgw.pk}/edit/"), 'value="市发改委、发改委"')

    def test_it_stores_an_empty_code_as_none_so_many_units_may_have_none(self):
        self.client.post("/units/new/", unit_form("市审计局", self.city))
        self.client.post("/units/new/", unit_form("市档案局", self.city))
        self.assertEqual(Unit.objects.filter(name__in=["市审计局", "市档案局"], code__isnull=True).count(), 2)

    def test_it_refuses_a_duplicate_code_in_chinese(self):
        self.fgw.code = "11621100MB0000001X"
        self.fgw.save(update_fields=["code"])
        response = self.client.post(
            "/units/new/", unit_form("市审计局", self.city, code="11621100MB0000001X")
        )
        self.assertContains(response, "具有 单位代码 的 单位 已存在。", status_code=400)

    def test_it_lists_units_in_tree_order_whatever_their_ids(self):
        # ids 9 and 10 of one parent sorted as text put 10 first; zero-padded paths keep id order
        late = [make_unit(f"市第{n}局", Unit.Kind.DEPARTMENT, self.city) for n in range(12)]
        town = make_unit("文峰镇", Unit.Kind.TOWNSHIP, self.county)
        names = list(Unit.objects.values_list("name", flat=True))
        self.assertEqual(names[0], "定西市")
        self.assertLess(names.index("市政府办"), names.index("陇西县发改局"))
        self.assertEqual(names.index("陇西县发改局") + 1, names.index("文峰镇"))
        self.assertEqual([n for n in names if n.startswith("市第")], [u.name for u in late])
        self.assertLess(names.index(town.name), names.index(late[0].name))
        body = self.client.get("/units/").content.decode()
        self.assertLess(body.index("市政府办"), body.index("陇西县发改局"))
        self.assertLess(body.index("陇西县发改局"), body.index("文峰镇"))

    def test_it_lists_siblings_by_their_order_with_their_subtrees(self):
        self.client.post(
            f"/units/{self.county.pk}/edit/", unit_form("陇西县", self.city, Unit.Kind.COUNTY, 90)
        )
        self.client.post(f"/units/{self.tjj.pk}/edit/", unit_form("市统计局", self.city, order=5))
        self.client.post(f"/units/{self.gov.pk}/edit/", unit_form("市政府办", self.city, order=1))
        names = list(Unit.objects.values_list("name", flat=True))
        # 排序 0 (by creation), then 1, 5, 90; each unit's subtree right after it
        self.assertEqual(
            names[:8],
            [
                "定西市",
                "市委改革办",
                "市发改委",
                "市发改委价格科",
                "市发改委价格科收费组",
                "市住建局",
                "市政府办",
                "市统计局",
            ],
        )
        self.assertEqual(names[-2:], ["陇西县", "陇西县发改局"])
        body = self.client.get("/units/").content.decode()
        self.assertLess(body.index("市统计局"), body.index("陇西县发改局"))
        self.county.refresh_from_db()
        self.assertEqual(self.county.jurisdiction(), self.county)
        self.assertIn(self.county_fgj.pk, self.county.subtree_ids())

    def test_it_moves_a_subtree_in_one_update_whatever_its_size(self):
        from apps.orgs.actions import update_unit

        for n in range(5):
            make_unit(f"价格科{n}组", Unit.Kind.DEPARTMENT, self.price_office)
        # 2 savepoints in and 2 out, ONE UPDATE of all 8 paths, full_clean's parent check, the unit's
        # parent UPDATE, the audit INSERT: the same count for a subtree of any size
        with self.assertNumQueries(8):
            update_unit(self.fgw, {"parent": self.county}, actor=self.admin)
        self.assertEqual(Unit.objects.filter(path__startswith=self.county.path).count(), 1 + 1 + 1 + 2 + 5)
        event = AuditEvent.objects.get(object_type="unit", object_id=self.fgw.pk, action="update")
        self.assertEqual(event.changes["moved_units"], 8)
        self.assertContains(self.client.get("/audit/"), "调整位置的单位数")

    def test_it_moves_the_whole_subtree_with_the_unit(self):
        response = self.client.post(f"/units/{self.fgw.pk}/edit/", unit_form("市发改委", self.county))
        self.assertRedirects(response, "/units/")

        for unit in (self.fgw, self.price_office, self.price_team):
            unit.refresh_from_db()
        self.assertEqual(self.fgw.parent, self.county)
        self.assertEqual(self.fgw.path, self.county.path + path_segment(self.fgw.order, self.fgw.pk))
        self.assertEqual(
            self.price_office.path,
            self.fgw.path + path_segment(self.price_office.order, self.price_office.pk),
        )
        self.assertEqual(
            self.price_team.path,
            self.price_office.path + path_segment(self.price_team.order, self.price_team.pk),
        )
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
            "abc": "密码长度太短。密码必须包含至少 10 个字符。",
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
