"""Ledger import: which unit a 牵头单位/配合单位 cell names when unit names are not unique."""

from apps.orgs.models import Unit
from apps.plans.models import Task
from luoshi.test import make_unit

from .test_excel_import import GOOD, ImportTestCase, workbook


class SharedNameTests(ImportTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        K = Unit.Kind
        cls.tongwei = make_unit("通渭县", K.COUNTY, cls.city)
        # two townships called 城关镇, one per county: both legitimate, neither "the" 城关镇
        cls.longxi_town = make_unit("城关镇", K.TOWNSHIP, cls.county)
        cls.tongwei_town = make_unit("城关镇", K.TOWNSHIP, cls.tongwei)
        cls.tongwei_town.code = "621121100000"
        cls.tongwei_town.save(update_fields=["code"])
        cls.fgw.aliases = ["发改委"]
        cls.fgw.save(update_fields=["aliases"])

    def lead_of(self, title):
        return Task.objects.get(plan=self.plan, title=title).links.get(role="lead").unit

    def test_it_imports_a_unit_whose_name_is_shared_by_its_path(self):
        r = self.upload(workbook([{**GOOD, "牵头单位": "定西市/陇西县/城关镇"}]))
        self.assertEqual(r.status_code, 302, r.content.decode())
        self.assertEqual(self.lead_of(GOOD["任务名称"]), self.longxi_town)

    def test_it_imports_a_unit_by_a_path_that_starts_below_the_top(self):
        self.upload(workbook([{**GOOD, "牵头单位": "通渭县／城关镇"}]))
        self.assertEqual(self.lead_of(GOOD["任务名称"]), self.tongwei_town)

    def test_it_imports_a_unit_whose_name_is_shared_by_its_code(self):
        self.upload(workbook([{**GOOD, "牵头单位": "621121100000"}]))
        self.assertEqual(self.lead_of(GOOD["任务名称"]), self.tongwei_town)

    def test_it_refuses_a_shared_bare_name_naming_row_column_and_candidates(self):
        r = self.assertRefused(
            workbook([GOOD, {**GOOD, "编号": "2.2", "配合单位": "城关镇"}]),
            "工作表“台账”第 3 行 F 列（配合单位）：单位“城关镇”有 2 个同名单位",
        )
        self.assertContains(r, "定西市/通渭县/城关镇", status_code=400)
        self.assertContains(r, "定西市/陇西县/城关镇", status_code=400)
        self.assertContains(r, "请填写单位代码或完整路径", status_code=400)

    def test_it_reads_a_whole_name_that_contains_a_slash_as_that_name(self):
        merged = make_unit("市发改委/市粮食局", Unit.Kind.DEPARTMENT, self.city)
        self.upload(workbook([{**GOOD, "牵头单位": "市发改委/市粮食局"}]))
        self.assertEqual(self.lead_of(GOOD["任务名称"]), merged)

    def test_it_tells_on_the_import_page_how_to_name_a_unit_whose_name_is_shared(self):
        self.login(self.coordinator)
        page = self.client.get(f"/plans/{self.plan.pk}/import/")
        self.assertContains(page, "填写单位代码或完整路径，如“定西市/陇西县/城关镇”")

    def test_it_imports_a_unit_by_an_alias_only_one_unit_has(self):
        self.upload(workbook([{**GOOD, "牵头单位": "发改委"}]))
        self.assertEqual(self.lead_of(GOOD["任务名称"]), self.fgw)

    def test_it_refuses_an_alias_two_units_share(self):
        self.county_fgj.aliases = ["发改委"]
        self.county_fgj.save(update_fields=["aliases"])
        self.assertRefused(workbook([{**GOOD, "牵头单位": "发改委"}]), "单位“发改委”有 2 个同名单位")

    def test_it_prefers_the_one_unit_in_use_over_an_archived_namesake(self):
        from django.utils import timezone

        self.tongwei_town.archived_at = timezone.now()
        self.tongwei_town.save(update_fields=["archived_at"])
        self.upload(workbook([{**GOOD, "牵头单位": "城关镇"}]))
        self.assertEqual(self.lead_of(GOOD["任务名称"]), self.longxi_town)

    def test_it_matches_bare_names_within_the_importing_users_jurisdiction_only(self):
        # for 陇西县's coordinator only 陇西县's 城关镇 exists, so the bare name is unambiguous
        plan = self.empty_plan()
        plan.owner_unit = self.county
        plan.save(update_fields=["owner_unit"])
        r = self.upload(workbook([{**GOOD, "牵头单位": "城关镇"}]), plan=plan, user=self.county_coordinator)
        self.assertEqual(r.status_code, 302, r.content.decode())
        task = Task.objects.get(plan=plan)
        self.assertEqual(task.links.get(role="lead").unit, self.longxi_town)

    def test_it_does_not_find_a_unit_outside_the_importing_users_jurisdiction(self):
        plan = self.empty_plan()
        plan.owner_unit = self.county
        plan.save(update_fields=["owner_unit"])
        r = self.upload(
            workbook([{**GOOD, "牵头单位": "621121100000"}]), plan=plan, user=self.county_coordinator
        )
        self.assertContains(r, "单位“621121100000”不存在", status_code=400)

    def test_it_round_trips_an_export_whose_units_share_a_name(self):
        task = Task.objects.get(pk=self.task.pk)
        task.links.filter(role="co").update(unit=self.tongwei_town)
        data = self.export()
        r = self.upload(data)
        self.assertEqual(r.status_code, 302, r.content.decode())
        self.assertEqual(task.links.get(role="co").unit, self.tongwei_town)
