"""责任领导 as an account (我分管): the data migration's linking, the task form, the Excel import and export,
the API and the ledger's 我分管 filter. A 领导 of the plan's jurisdiction may be linked; a name that is no
account's stays a name only."""

import importlib
import io

from django.apps import apps
from openpyxl import load_workbook

from apps.orgs.models import Role, User
from apps.plans.excel import HEADERS, LEADER_ACCOUNT
from apps.plans.models import Task, TaskUnit
from luoshi.test import make_user

from .test_excel_import import GOOD, ImportTestCase, workbook

migration = importlib.import_module("apps.plans.migrations.0007_task_leader_user")


class LeaderTestCase(ImportTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        User.objects.filter(pk=cls.leader.pk).update(full_name="张副市长")
        cls.leader.refresh_from_db()
        cls.vice = make_user("wang", cls.gov, Role.LEADER)
        User.objects.filter(pk=cls.vice.pk).update(full_name="王副市长")
        cls.vice.refresh_from_db()

    def leader_task(self, leader, code="9.1"):
        task = Task.objects.create(plan=self.plan, code=code, title=f"任务{code}", leader=leader)
        TaskUnit.objects.create(task=task, unit=self.fgw, role=TaskUnit.Role.LEAD)
        return task


class MigrationTests(LeaderTestCase):
    def test_it_links_a_name_that_one_leader_of_the_jurisdiction_has(self):
        migration.link_leaders(apps, None)
        self.task.refresh_from_db()
        self.assertEqual((self.task.leader_user, self.task.leader), (self.leader, "张副市长"))

    def test_it_leaves_a_name_two_leaders_share_and_a_non_leader_name_as_text(self):
        make_user("zhang2", self.county, Role.LEADER)
        User.objects.filter(username="zhang2").update(full_name="张副市长")
        other = self.leader_task("alice")  # a reporter's username: not a leader
        migration.link_leaders(apps, None)
        self.task.refresh_from_db()
        other.refresh_from_db()
        self.assertEqual((self.task.leader_user, other.leader_user), (None, None))

    def test_it_does_not_link_a_leader_outside_the_plans_jurisdiction(self):
        self.plan.owner_unit = self.county
        self.plan.save(update_fields=["owner_unit"])
        migration.link_leaders(apps, None)
        self.task.refresh_from_db()
        self.assertIsNone(self.task.leader_user)


class FormTests(LeaderTestCase):
    def post(self, leader_user, leader="随便写"):
        self.login(self.coordinator)
        data = {
            "title": self.task.title,
            "code": self.task.code,
            "leader": leader,
            "leader_user": leader_user.pk if leader_user else "",
            "kind": self.task.kind,
            "priority": self.task.priority,
            "lead_units": [self.fgw.pk],
            "co_units": [self.zjj.pk],
        }
        return self.client.post(f"/tasks/{self.task.pk}/edit/", data)

    def test_it_offers_the_leaders_of_the_jurisdiction_only(self):
        self.login(self.coordinator)
        r = self.client.get(f"/tasks/{self.task.pk}/edit/")
        choices = [str(label) for _, label in r.context["form"].fields["leader_user"].choices]
        self.assertEqual(choices, ["（无账号，只填姓名）", "county_leader", "张副市长", "王副市长"])
        self.assertContains(r, '<label for="id_leader_user">责任领导账号')

    def test_it_links_the_chosen_leader_and_shows_their_name(self):
        self.assertEqual(self.post(self.vice).status_code, 302)
        self.task.refresh_from_db()
        self.assertEqual((self.task.leader_user, self.task.leader), (self.vice, "王副市长"))

    def test_it_refuses_a_user_who_is_not_a_leader(self):
        r = self.post(self.alice)
        self.assertEqual(r.status_code, 400)
        self.assertIn("leader_user", r.context["form"].errors)
        self.task.refresh_from_db()
        self.assertIsNone(self.task.leader_user)

    def test_it_keeps_a_name_without_an_account(self):
        self.post(None, leader="李书记")
        self.task.refresh_from_db()
        self.assertEqual((self.task.leader_user, self.task.leader), (None, "李书记"))


class ImportTests(LeaderTestCase):
    def imported(self, **row):
        r = self.upload(workbook([{**GOOD, **row}], headers=row.pop("headers", HEADERS)))
        self.assertEqual(r.status_code, 302, r.content.decode()[:2000])
        return Task.objects.get(code=GOOD["编号"])

    def test_it_links_a_name_one_leader_has(self):
        task = self.imported(责任领导="王副市长")
        self.assertEqual((task.leader_user, task.leader), (self.vice, "王副市长"))

    def test_it_links_a_leader_named_by_username_and_shows_the_full_name(self):
        self.assertEqual(self.imported(责任领导="wang").leader, "王副市长")

    def test_it_keeps_an_unknown_name_as_text(self):
        task = self.imported(责任领导="李书记")
        self.assertEqual((task.leader_user, task.leader), (None, "李书记"))

    def test_it_refuses_a_name_two_leaders_share_naming_row_and_column(self):
        make_user("wang2", self.county, Role.LEADER)
        User.objects.filter(username="wang2").update(full_name="王副市长")
        self.assertRefused(
            workbook([{**GOOD, "编号": "2.0"}, {**GOOD, "责任领导": "王副市长"}]),
            "工作表“台账”第 3 行 G 列（责任领导）：“王副市长”与本辖区 2 个领导账号同名（wang、wang2）",
        )

    def test_it_takes_the_account_column_when_there_is_one(self):
        make_user("wang2", self.county, Role.LEADER)
        User.objects.filter(username="wang2").update(full_name="王副市长")
        headers = (*HEADERS, LEADER_ACCOUNT)
        task = self.imported(责任领导="王副市长", 责任领导账号="wang2", headers=headers)
        self.assertEqual(task.leader_user.username, "wang2")

    def test_it_refuses_an_account_that_is_not_a_leader_of_the_jurisdiction(self):
        row = {**GOOD, "责任领导账号": "alice"}
        self.assertRefused(
            workbook([row], headers=(*HEADERS, LEADER_ACCOUNT)),
            "账号“alice”不是本辖区有“领导”角色的用户",
        )

    def test_it_exports_the_name_and_the_account_and_reads_them_back_unchanged(self):
        Task.objects.filter(pk=self.task.pk).update(leader_user=self.leader)
        data = self.export()
        sheet = load_workbook(io.BytesIO(data)).active
        header = [c.value for c in sheet[1]]
        row = [c.value for c in sheet[2]]
        self.assertEqual(
            (row[header.index("责任领导")], row[header.index(LEADER_ACCOUNT)]), ("张副市长", "leader")
        )
        r = self.upload(data)
        self.assertContains(self.client.get(r["Location"]), "未变 1 项")


class ApiTests(LeaderTestCase):
    def test_it_shows_the_name_and_the_account(self):
        Task.objects.filter(pk=self.task.pk).update(leader_user=self.leader)
        body = self.call("GET", f"/api/tasks/{self.task.pk}", self.alice).json()
        self.assertEqual(
            (body["leader"], body["leader_user_id"], body["leader_username"]),
            ("张副市长", self.leader.pk, "leader"),
        )

    def test_it_links_a_leader_and_unlinks_when_only_another_name_is_given(self):
        url = f"/api/tasks/{self.task.pk}"
        body = self.call("PATCH", url, self.coordinator, {"leader_user_id": self.vice.pk}).json()
        self.assertEqual((body["leader"], body["leader_user_id"]), ("王副市长", self.vice.pk))
        body = self.call("PATCH", url, self.coordinator, {"leader": "李书记"}).json()
        self.assertEqual((body["leader"], body["leader_user_id"]), ("李书记", None))

    def test_it_refuses_a_user_who_is_not_a_leader_by_field(self):
        r = self.call(
            "PATCH", f"/api/tasks/{self.task.pk}", self.coordinator, {"leader_user_id": self.bob.pk}
        )
        self.assertEqual(r.status_code, 422)
        self.assertIn("不是本辖区的领导", r.json()["errors"]["leader_user_id"][0])


class LedgerFilterTests(LeaderTestCase):
    def test_it_lists_a_leaders_own_tasks_under_mine(self):
        Task.objects.filter(pk=self.task.pk).update(leader_user=self.leader)
        self.leader_task("王副市长")
        self.login(self.leader)
        r = self.client.get(f"/plans/{self.plan.pk}/?mine=on")
        self.assertContains(r, '<label for="id_mine">我分管</label>')
        self.assertEqual([t.pk for t in r.context["page"].object_list], [self.task.pk])

    def test_it_offers_mine_to_leaders_only(self):
        self.login(self.coordinator)
        r = self.client.get(f"/plans/{self.plan.pk}/?mine=on")
        self.assertNotContains(r, "id_mine")
        self.assertEqual(r.context["page"].paginator.count, 1)
