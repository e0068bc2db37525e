"""The offline progress sheet: a unit downloads its reports of a cycle, fills them in Excel, uploads back
(all or nothing, every problem named by sheet, row and column)."""

import datetime
import io
import os
import time
import tracemalloc

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.cycles import actions
from apps.cycles.excel import HEADERS, SHEET
from apps.cycles.models import Cycle, Report, TargetActual
from apps.plans.models import Task, TaskUnit
from luoshi.test import BaseTestCase
from tests.xlsx_files import (
    add_rows,
    claim_dimension,
    edit_sheet,
    inflated_sheet,
    replace_sheet,
    text_cell_xml,
)

COL = {h: i + 1 for i, h in enumerate(HEADERS)}


class SheetTestCase(BaseTestCase):
    """November's cycle is open. 市发改委 leads 1.1 (市住建局 co-operates) and 1.2."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.task2 = Task.objects.create(
            plan=cls.plan,
            area=cls.area,
            code="1.2",
            title="推进项目审批制度改革",
            start_date=datetime.date(2026, 1, 1),
            due_date=datetime.date(2026, 12, 31),
        )
        TaskUnit.objects.create(task=cls.task2, unit=cls.fgw, role=TaskUnit.Role.LEAD)
        cls.cycle = Cycle.objects.create(
            plan=cls.plan,
            kind="month",
            label="2026年11月",
            period_start=datetime.date(2026, 11, 1),
            period_end=datetime.date(2026, 11, 30),
            opens_on=datetime.date(2026, 11, 15),
            due_on=datetime.date(2026, 11, 25),
        )
        actions.open_cycle(cls.cycle)
        cls.report = Report.objects.get(cycle=cls.cycle, task=cls.task, unit=cls.fgw)
        cls.report2 = Report.objects.get(cycle=cls.cycle, task=cls.task2, unit=cls.fgw)
        cls.co_report = Report.objects.get(cycle=cls.cycle, task=cls.task, unit=cls.zjj)

    def download(self, user=None):
        self.login(user or self.alice)
        response = self.client.get(f"/cycles/{self.cycle.pk}/sheet.xlsx")
        self.assertEqual(response.status_code, 200)
        content = b"".join(response.streaming_content)  # the test client closes the response at the end
        return load_workbook(io.BytesIO(content))

    def rows(self, wb):
        return list(wb[SHEET].iter_rows(values_only=True))

    def set(self, wb, row, header, value):
        wb[SHEET].cell(row=row, column=COL[header], value=value)

    def upload(self, wb=None, *, content=None, name="进展填报.xlsx", user=None, follow=False):
        if content is None:
            buffer = io.BytesIO()
            wb.save(buffer)
            content = buffer.getvalue()
        self.login(user or self.alice)
        return self.client.post(
            f"/cycles/{self.cycle.pk}/sheet/", {"file": SimpleUploadedFile(name, content)}, follow=follow
        )

    def fill_first_row(self, wb, percent=60):
        self.set(wb, 2, "进展情况", "已建成高标准农田12万亩")
        self.set(wb, 2, "完成进度（%）", percent)
        actual = wb[SHEET].cell(row=2, column=COL["指标实际值"]).value
        self.set(wb, 2, "指标实际值", actual + "12")

    def assert_nothing_imported(self):
        for report in (self.report, self.report2):
            fresh = Report.objects.get(pk=report.pk)
            self.assertEqual(
                (fresh.status, fresh.version, fresh.narrative),
                (report.status, report.version, report.narrative),
            )
        self.assertFalse(TargetActual.objects.exists())


class SheetDownloadTestCase(SheetTestCase):
    def test_it_has_the_header_and_one_row_per_report_of_the_unit(self):
        rows = self.rows(self.download())
        self.assertEqual(rows[0][: len(HEADERS)], HEADERS)
        self.assertEqual(
            [r[:6] for r in rows[1:]],
            [
                (self.report.pk, 1, "1.1", "建成高标准农田20万亩", "牵头", "待填报"),
                (self.report2.pk, 1, "1.2", "推进项目审批制度改革", "牵头", "待填报"),
            ],
        )

    def test_it_lists_the_targets_to_fill(self):
        rows = self.rows(self.download())
        self.assertEqual(rows[1][COL["指标实际值"] - 1], f"[{self.target.pk}] 高标准农田（目标 ≥20万亩）：")

    def test_it_gives_the_co_unit_only_its_own_report(self):
        rows = self.rows(self.download(self.bob))
        self.assertEqual([(r[0], r[4]) for r in rows[1:]], [(self.co_report.pk, "配合")])

    def test_it_names_the_file_after_the_unit_and_cycle(self):
        self.login(self.alice)
        response = self.client.get(f"/cycles/{self.cycle.pk}/sheet.xlsx")
        self.assertIn("filename*=UTF-8''", response["Content-Disposition"])
        self.assertIn("%E5%B8%82%E5%8F%91%E6%94%B9%E5%A7%94", response["Content-Disposition"])  # 市发改委
        b"".join(response.streaming_content)

    def test_it_removes_its_temporary_file(self):
        self.login(self.alice)
        response = self.client.get(f"/cycles/{self.cycle.pk}/sheet.xlsx")
        path = response.filename_on_disk
        self.assertTrue(os.path.exists(path))
        b"".join(response.streaming_content)  # read to the end: the client closes the response
        self.assertFalse(os.path.exists(path))

    def test_it_writes_text_that_looks_like_a_formula_as_text(self):
        Task.objects.filter(pk=self.task.pk).update(code="-1", title='=HYPERLINK("http://x","点击")')
        actions.save_report(
            self.report,
            {"narrative": "+1+1", "problems": "@SUM(A1)", "next_steps": "-2"},
            {},
            version=1,
            actor=self.alice,
        )
        row = next(self.download()[SHEET].iter_rows(min_row=2, max_row=2))
        cells = {h: row[COL[h] - 1] for h in ("任务编号", "任务名称", "进展情况", "存在问题", "下步打算")}
        self.assertEqual(
            {h: (c.data_type, c.value, c.quotePrefix) for h, c in cells.items()},
            {  # and quoted, so that editing the cell in Excel keeps it text
                "任务编号": ("s", "-1", True),
                "任务名称": ("s", '=HYPERLINK("http://x","点击")', True),
                "进展情况": ("s", "+1+1", True),
                "存在问题": ("s", "@SUM(A1)", True),
                "下步打算": ("s", "-2", True),
            },
        )

    def test_it_is_for_unit_staff_only(self):
        for user, status in (
            (self.coordinator, 403),
            (self.leader, 403),
            (self.charlie, 404),
            (self.county_leader, 404),
        ):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(f"/cycles/{self.cycle.pk}/sheet.xlsx").status_code, status)


class SheetUploadTestCase(SheetTestCase):
    def test_it_shows_the_upload_form(self):
        self.login(self.alice)
        response = self.client.get(f"/cycles/{self.cycle.pk}/sheet/")
        self.assertContains(response, "本单位本期共 2 份报告")

    def test_it_saves_the_filled_rows_as_drafts(self):
        wb = self.download()
        self.fill_first_row(wb)
        response = self.upload(wb, follow=True)
        self.assertRedirects(response, "/todo/")
        self.assertContains(response, "填报表已导入：更新 1 份报告")

        self.report.refresh_from_db()
        self.assertEqual(
            (
                self.report.status,
                self.report.narrative,
                self.report.percent,
                self.report.version,
                self.report.updated_by,
            ),
            (Report.Status.DRAFT, "已建成高标准农田12万亩", 60, 2, self.alice),
        )
        self.assertEqual(TargetActual.objects.get(report=self.report, target=self.target).value, 12)
        self.assertEqual(Report.objects.get(pk=self.report2.pk).status, Report.Status.PENDING)
        event = AuditEvent.objects.filter(object_type="report", object_id=self.report.pk).first()
        self.assertEqual(event.actor, self.alice)

    def test_it_imports_an_unchanged_sheet_as_nothing(self):
        response = self.upload(self.download(), follow=True)
        self.assertContains(response, "更新 0 份报告")
        self.assert_nothing_imported()

    def test_it_refuses_a_bad_percent_and_imports_nothing(self):
        wb = self.download()
        self.fill_first_row(wb)
        self.set(wb, 3, "进展情况", "已完成审批改革方案")
        self.set(wb, 3, "完成进度（%）", 120)
        response = self.upload(wb)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.context["errors"],
            ["工作表“进展填报”第 3 行 H 列（完成进度（%））：完成进度应为 0 到 100 的整数"],
        )
        self.assertContains(response, "没有导入任何内容", status_code=400)
        self.assert_nothing_imported()

    def test_it_refuses_a_percent_that_is_not_a_number(self):
        wb = self.download()
        self.set(wb, 2, "完成进度（%）", "过半")
        self.assertEqual(
            self.upload(wb).context["errors"],
            ["工作表“进展填报”第 2 行 H 列（完成进度（%））：“过半”不是数字"],
        )

    def test_it_refuses_an_unknown_report_number(self):
        wb = self.download()
        self.fill_first_row(wb)
        self.set(wb, 3, "报告编号", 99999)
        self.assertEqual(
            self.upload(wb).context["errors"],
            ["工作表“进展填报”第 3 行 A 列（报告编号）：报告编号“99999”不是本单位本期的报告"],
        )
        self.assert_nothing_imported()

    def test_it_refuses_another_units_report_number(self):
        wb = self.download()
        self.set(wb, 2, "报告编号", self.co_report.pk)
        self.set(wb, 2, "进展情况", "改别人的报告")
        errors = self.upload(wb).context["errors"]
        self.assertEqual(
            errors,
            [f"工作表“进展填报”第 2 行 A 列（报告编号）：报告编号“{self.co_report.pk}”不是本单位本期的报告"],
        )
        self.assertEqual(Report.objects.get(pk=self.co_report.pk).narrative, "")

    def test_it_refuses_a_row_changed_in_the_app_since_the_download(self):
        wb = self.download()
        self.fill_first_row(wb)
        self.set(wb, 3, "进展情况", "已完成审批改革方案")
        actions.save_report(
            self.report2, {"narrative": "审核人在网页上改过"}, {}, version=1, actor=self.approver
        )
        self.report2.refresh_from_db()

        response = self.upload(wb)
        self.assertEqual(
            response.context["errors"],
            ["工作表“进展填报”第 3 行 B 列（版本）：该报告在下载后已被 approver 修改，请重新下载填报表"],
        )
        self.assert_nothing_imported()

    def test_it_refuses_a_changed_row_of_a_submitted_report(self):
        Report.objects.filter(pk=self.report2.pk).update(
            status=Report.Status.SUBMITTED, narrative="已提交", percent=70
        )
        self.report2.refresh_from_db()
        wb = self.download()
        self.fill_first_row(wb)
        self.set(wb, 3, "进展情况", "提交后又改")
        self.assertEqual(
            self.upload(wb).context["errors"],
            ["工作表“进展填报”第 3 行 G 列（进展情况）：该报告待单位审核，不能再修改；请保持此行不变"],
        )
        self.assert_nothing_imported()

    def test_it_leaves_an_unchanged_multi_line_submitted_report_alone(self):
        # text typed in a browser textarea arrives with CRLF line breaks; Excel gives back LF
        self.login(self.alice)
        self.client.post(
            f"/reports/{self.report2.pk}/submit/",
            {
                "narrative": "一、已完成方案\r\n二、已报审",
                "percent": 70,
                "problems": "",
                "next_steps": "",
                "version": 1,
            },
        )
        self.report2.refresh_from_db()
        self.assertEqual(self.report2.status, Report.Status.SUBMITTED)

        wb = self.download()
        self.fill_first_row(wb)
        response = self.upload(wb, follow=True)
        self.assertEqual(response.context.get("errors"), None)
        self.assertContains(response, "填报表已导入：更新 1 份报告")
        self.assertEqual(Report.objects.get(pk=self.report.pk).percent, 60)

    def test_it_names_every_problem_at_once(self):
        wb = self.download()
        self.set(wb, 2, "完成进度（%）", -5)
        self.set(wb, 3, "指标实际值", "高标准农田 12")
        errors = self.upload(wb).context["errors"]
        self.assertEqual(len(errors), 2)
        self.assertTrue(errors[0].startswith("工作表“进展填报”第 2 行 H 列"))
        self.assertTrue(errors[1].startswith("工作表“进展填报”第 3 行 K 列（指标实际值）：无法识别"))

    def test_it_refuses_a_file_that_is_not_xlsx(self):
        response = self.upload(content=b"%PDF-1.7 not a workbook", name="进展填报.xlsx")
        self.assertEqual(response.status_code, 400)
        self.assertIn("文件不是有效的 Excel 工作簿（.xlsx）", response.context["errors"][0])
        self.assert_nothing_imported()

    def test_it_refuses_a_workbook_without_the_sheet(self):
        wb = self.download()
        wb[SHEET].title = "Sheet1"
        self.assertEqual(
            self.upload(wb).context["errors"], ["找不到工作表“进展填报”，请使用本页下载的填报表"]
        )

    def test_it_refuses_a_changed_header(self):
        wb = self.download()
        self.set(wb, 1, "进展情况", "工作进展")
        self.assertEqual(
            self.upload(wb).context["errors"],
            ["工作表“进展填报”第 1 行：表头与填报表不一致，请使用本页下载的填报表"],
        )

    def test_it_asks_for_a_file(self):
        self.login(self.alice)
        response = self.client.post(f"/cycles/{self.cycle.pk}/sheet/", {})
        self.assertEqual(response.context["errors"], ["请选择要上传的填报表（.xlsx）"])

    @override_settings(IMPORT_MAX_BYTES=1024 * 1024)
    def test_it_refuses_an_oversize_file(self):
        response = self.upload(content=b"PK" + b"0" * (1024 * 1024 + 1))
        self.assertEqual(response.context["errors"], ["文件超过 1 MB 的上限"])

    def test_it_is_for_unit_staff_only(self):
        wb = self.download()
        self.fill_first_row(wb)
        for user, status in ((self.coordinator, 403), (self.inspector, 403), (self.charlie, 404)):
            with self.subTest(user=user.username):
                self.assertEqual(self.upload(wb, user=user).status_code, status)
        self.assert_nothing_imported()


class SheetLimitsTestCase(SheetTestCase):
    """Hostile or oversized sheets are refused early, naming what is wrong, and nothing is saved."""

    def content(self, wb):
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()

    def test_it_imports_a_sheet_claiming_every_column_with_a_formatted_row_far_below_quickly(self):
        wb = self.download()
        self.fill_first_row(wb)
        content = claim_dimension(self.content(wb), "A1:XFD20000")  # 16,384 columns × 20,000 rows
        content = add_rows(content, '<row r="20000"><c r="A20000" s="1"/></row>')  # styled, empty
        tracemalloc.start()
        started = time.process_time()
        try:
            response = self.upload(content=content)
            seconds, peak = time.process_time() - started, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        self.assertRedirects(response, "/todo/", fetch_redirect_response=False)
        self.assertEqual(Report.objects.get(pk=self.report.pk).percent, 60)
        self.assertLess(peak, 30 * 1024 * 1024)
        self.assertLess(seconds, 2)  # about 0.3 s; padding the gap out to the claimed width took minutes

    def test_it_refuses_a_row_beyond_the_row_limit_naming_it(self):
        row = f'<row r="1000000">{text_cell_xml("A1000000", "1")}</row>'
        response = self.upload(content=add_rows(self.content(self.download()), row))
        self.assertEqual(
            response.context["errors"],
            ["工作表“进展填报”第 1000000 行：超过 2000 行的上限，请拆分后分批导入"],
        )
        self.assert_nothing_imported()

    def test_it_refuses_a_sheet_that_would_inflate_beyond_the_limit(self):
        content = replace_sheet(self.content(self.download()), inflated_sheet(21 * 1024 * 1024))
        response = self.upload(content=content)
        self.assertEqual(response.context["errors"], ["文件解压后超过 20 MB 的上限，请拆分后分批导入"])

    def test_it_refuses_a_value_beyond_the_column_limit_naming_row_and_column(self):
        wb = self.download()
        self.fill_first_row(wb)
        content = edit_sheet(
            self.content(wb), lambda xml: xml.replace("</row>", text_cell_xml("XFD1", "x") + "</row>", 1)
        )
        self.assertEqual(
            self.upload(content=content).context["errors"],
            ["工作表“进展填报”第 1 行 XFD 列：超出 50 列的上限，请删除多余的列"],
        )
        self.assert_nothing_imported()

    def test_it_lists_the_first_hundred_problems_and_counts_the_rest(self):
        wb = self.download()
        for row in range(4, 154):
            self.set(wb, row, "报告编号", 90000 + row)
        errors = self.upload(wb).context["errors"]
        self.assertEqual(len(errors), 101)
        self.assertEqual(
            errors[99], "工作表“进展填报”第 103 行 A 列（报告编号）：报告编号“90103”不是本单位本期的报告"
        )
        self.assertEqual(errors[100], "另有 50 处问题未列出")

    @override_settings(IMPORT_MAX_BYTES=1024 * 1024)
    def test_it_refuses_a_request_body_over_the_limit_before_reading_it(self):
        client = Client(enforce_csrf_checks=True)  # as a browser: the CSRF check must not read it either
        client.force_login(self.alice)
        response = client.post(
            f"/cycles/{self.cycle.pk}/sheet/",
            data=b"--x\r\n" * 10,  # reading past these 50 bytes would fail the test client
            content_type="multipart/form-data; boundary=x",
            CONTENT_LENGTH=str(3 * 1024 * 1024),
        )
        self.assertContains(response, "上传的内容过大（3.0 MB），上限为 1 MB", status_code=413)
        self.assertContains(response, f'href="/cycles/{self.cycle.pk}/sheet/"', status_code=413)
