"""The project ledger's Excel export and its all-or-nothing import (row and column named)."""

import io

import openpyxl
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.audit.models import AuditEvent
from apps.projects.excel import HEADERS
from apps.projects.models import Project

from .base import TODAY, ProjectTestCase

ROW = {
    "项目编号": "SJ-2026-050",
    "项目名称": "定西市城区供热管网改造",
    "年度": 2026,
    "级别": "市级重点",
    "类型": "续建",
    "行业类别": "基础设施",
    "责任单位": "市住建局",
    "包抓领导": "王副市长",
    "总投资（万元）": 30000,
    "年度计划投资（万元）": "8000.5",
    "计划开工": "2025-04-01",
    "实际开工": "2025年4月20日",
    "计划竣工": "2027-10-31",
    "是否入库纳统": "是",
}


def workbook(*rows, headers=HEADERS, title_rows=0) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "重点项目台账"
    for _ in range(title_rows):
        ws.append(["2026年市级重点项目清单"])
    ws.append(list(headers))
    for row in rows:
        ws.append([row.get(h) for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(content, name="项目.xlsx"):
    return SimpleUploadedFile(
        name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@time_machine.travel(TODAY, tick=False)
class ExcelTestCase(ProjectTestCase):
    def post(self, content, user=None):
        self.login(user or self.coordinator)
        return self.client.post("/projects/import/", {"file": upload(content)})

    def test_it_exports_the_ledger_with_its_colour_and_reason(self):
        self.login(self.alice)
        response = self.client.get("/projects/export/")
        ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(ws.values)
        self.assertEqual(rows[0][: len(HEADERS)], HEADERS)
        self.assertEqual(len(rows), 2)  # alice's unit's project only
        row = dict(zip(rows[0], rows[1], strict=True))
        self.assertEqual(
            (row["项目编号"], row["责任单位"], row["级别"]), ("SJ-2026-001", "市发改委", "市级重点")
        )
        self.assertEqual(row["亮灯"], "黄灯")
        self.assertIn("已逾期1个月未开工", row["亮灯原因"])

    def test_it_imports_its_own_export_back_unchanged(self):
        self.login(self.coordinator)
        exported = b"".join(self.client.get("/projects/export/").streaming_content)
        response = self.post(exported)
        self.assertRedirects(response, "/projects/", fetch_redirect_response=False)
        self.assertEqual(Project.objects.count(), 2)
        self.assertFalse(AuditEvent.objects.filter(object_type="project", action="update").exists())
        page = self.client.get("/projects/")
        self.assertContains(page, "导入完成：新增项目 0 个，更新 0 个")

    def test_it_imports_new_rows_and_updates_known_ones(self):
        known = {
            **ROW,
            "项目编号": "SJ-2026-001",
            "项目名称": "定西市中医院综合楼（一期）",
            "责任单位": "市发改委",
        }
        response = self.post(workbook(ROW, known, title_rows=2))
        self.assertRedirects(response, "/projects/", fetch_redirect_response=False)
        new = Project.objects.get(code="SJ-2026-050")
        self.assertEqual(
            (new.unit, new.kind, new.in_stats, str(new.annual_plan)),
            (self.zjj, "continuing", True, "8000.50"),
        )
        self.assertEqual(new.actual_start.isoformat(), "2025-04-20")
        self.project.refresh_from_db()
        self.assertEqual(self.project.name, "定西市中医院综合楼（一期）")
        self.assertTrue(
            AuditEvent.objects.filter(
                object_type="project", object_id=new.pk, actor=self.coordinator
            ).exists()
        )

    def test_it_imports_nothing_when_one_row_is_bad_and_names_row_and_column(self):
        bad = {**ROW, "项目编号": "SJ-2026-051", "级别": "省重点", "年度计划投资（万元）": "50000"}
        response = self.post(workbook(ROW, bad))
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "工作表“重点项目台账”第 3 行 D 列（级别）：级别“省重点”无效", status_code=400
        )
        self.assertFalse(Project.objects.filter(code="SJ-2026-050").exists())

    def test_it_puts_the_actions_rule_on_its_column(self):
        bad = {**ROW, "年度计划投资（万元）": "50000"}
        response = self.post(workbook(bad))
        self.assertContains(
            response, "第 2 行 M 列（年度计划投资（万元））：年度计划投资不能超过总投资", status_code=400
        )

    def test_it_names_a_repeated_code_and_an_unknown_unit(self):
        response = self.post(workbook(ROW, {**ROW, "责任单位": "火星局"}))
        self.assertContains(response, "与第 2 行重复", status_code=400)
        self.assertContains(response, "火星局", status_code=400)

    def test_it_names_a_missing_column(self):
        response = self.post(workbook(ROW, headers=HEADERS[:-1]))
        self.assertContains(response, "缺少列“协调责任单位”", status_code=400)

    def test_it_refuses_a_file_that_is_not_a_workbook(self):
        response = self.post(b"not a zip")
        self.assertContains(response, "文件不是有效的 Excel 工作簿", status_code=400)

    @override_settings(IMPORT_MAX_BYTES=1000)
    def test_it_refuses_an_oversized_file_early(self):
        response = self.post(workbook(*[ROW] * 50))
        self.assertIn(response.status_code, (400, 413))
        self.assertFalse(Project.objects.filter(code="SJ-2026-050").exists())

    def test_it_keeps_a_county_coordinator_to_the_county(self):
        response = self.post(workbook(ROW), user=self.county_coordinator)
        self.assertContains(response, "市住建局", status_code=400)
        self.assertFalse(Project.objects.filter(code="SJ-2026-050").exists())
