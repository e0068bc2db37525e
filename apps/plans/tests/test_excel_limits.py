"""Ledger import of hostile or oversized files: refused early, naming what is wrong, in bounded time and
memory, and nothing is saved."""

from django.conf import settings
from django.test import Client, override_settings

from apps.plans.models import Task
from tests.xlsx_files import add_rows, claim_dimension, inflated_sheet, replace_sheet, text_cell_xml

from .test_excel_import import GOOD, ImportTestCase, workbook


def bad_rows(count):
    return [{**GOOD, "编号": f"9.{i}", "牵头单位": "市发改局"} for i in range(1, count + 1)]


class ImportLimitTests(ImportTestCase):
    def test_it_refuses_a_file_that_would_inflate_beyond_the_limit(self):
        bomb = replace_sheet(workbook([GOOD]), inflated_sheet(31 * 1024 * 1024))
        self.assertLess(len(bomb), 200 * 1024)
        self.assertRefused(bomb, "文件解压后超过 30 MB 的上限，请拆分后分批导入")

    def test_it_refuses_a_task_row_beyond_the_row_limit_naming_it(self):
        row = f'<row r="5001">{text_cell_xml("C5001", "新建养老床位")}{text_cell_xml("E5001", "市住建局")}</row>'
        self.assertRefused(
            add_rows(workbook([GOOD]), row), "工作表“台账”第 5001 行：超过 5000 行的上限，请拆分后分批导入"
        )

    def test_it_ignores_a_dimension_that_claims_a_million_rows(self):
        data = claim_dimension(workbook([GOOD]), "A1:M1000000")
        r = self.upload(data)
        self.assertEqual(r.status_code, 302)
        self.assertTrue(Task.objects.filter(code="2.1").exists())

    def test_it_refuses_a_value_beyond_the_column_limit_naming_row_and_column(self):
        data = add_rows(workbook([GOOD]), f'<row r="3">{text_cell_xml("XFD3", "x")}</row>')
        self.assertRefused(data, "工作表“台账”第 3 行 XFD 列：超出 50 列的上限，请删除多余的列")

    def test_it_refuses_a_sheet_with_more_cells_than_the_limit(self):
        empty_cells = "<row>" + "<c/>" * 40 + "</row>"
        data = add_rows(workbook([GOOD]), empty_cells * 4000)
        self.assertRefused(data, "工作表“台账”：单元格超过 150000 个的上限，请拆分后分批导入")

    def test_it_refuses_a_cell_longer_than_excel_allows(self):
        data = add_rows(workbook([GOOD]), f'<row r="3">{text_cell_xml("D3", "很长" * 20000)}</row>')
        self.assertRefused(data, "工作表“台账”第 3 行 D 列：内容超过 32767 字")

    def test_it_lists_the_first_hundred_problems_and_counts_the_rest(self):
        r = self.assertRefused(workbook(bad_rows(250)), "另有 150 处问题未列出")
        self.assertEqual(len(r.context["errors"]), 100)
        self.assertContains(r, "发现 250 处问题", status_code=400)
        self.assertContains(r, "第 101 行 E 列（牵头单位）", status_code=400)
        self.assertNotContains(r, "第 102 行 E 列（牵头单位）", status_code=400)

    @override_settings(IMPORT_MAX_BYTES=1024 * 1024)
    def test_it_refuses_a_request_body_over_the_limit_before_reading_it(self):
        client = Client(enforce_csrf_checks=True)  # as a browser: the CSRF check must not read it either
        client.force_login(self.coordinator)
        claimed = settings.IMPORT_MAX_BYTES * 2
        r = client.post(
            f"/plans/{self.plan.pk}/import/",
            data=b"--x\r\n" * 10,  # reading past these 50 bytes would fail the test client
            content_type="multipart/form-data; boundary=x",
            CONTENT_LENGTH=str(claimed),
        )
        self.assertContains(r, "上传的内容过大（2.0 MB），上限为 1 MB", status_code=413)
        self.assertEqual(Task.objects.count(), 1)
