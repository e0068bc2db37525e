import datetime
import io
import zipfile
from decimal import Decimal

import xlsxwriter
from django.db import connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from apps.plans.excel import EXPORT_HEADERS, HEADERS, parse_milestone_line, parse_target_line
from apps.plans.excel_export import ExportChanged, _Alongside, _SheetRows
from apps.plans.models import Milestone, Target, Task, TaskUnit
from lib.xlsx import looks_like_formula
from luoshi.test import BaseTestCase


class ExportTestCase(BaseTestCase):
    def setUp(self):
        Target.objects.create(
            task=self.task,
            metric="地区生产总值",
            comparator=">=",
            value=Decimal("1100"),
            unit="亿元",
            baseline=Decimal("900"),
            deadline=datetime.date(2026, 12, 31),
            horizon=2030,
        )
        Milestone.objects.create(
            task=self.task,
            due_date=datetime.date(2026, 4, 30),
            deliverable="完成可研批复",
            done_on=datetime.date(2026, 4, 28),
        )
        self.other = Task.objects.create(plan=self.plan, area=self.area, code="1.2", title="统计制度改革")
        TaskUnit.objects.create(task=self.other, unit=self.tjj, role=TaskUnit.Role.LEAD)

    def export(self, user, query=""):
        self.login(user)
        return self.client.get(f"/plans/{self.plan.pk}/export.xlsx{query}")

    def sheet(self, response):
        wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        return wb["台账"]

    def rows(self, response):
        return list(self.sheet(response).iter_rows(values_only=True))

    def row_of(self, response, code):
        return dict(zip(EXPORT_HEADERS, next(r for r in self.rows(response) if r[0] == code), strict=True))

    def test_it_sends_an_xlsx_attachment_named_after_the_plan_and_the_date(self):
        r = self.export(self.coordinator)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(
            r["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        self.assertIn("attachment", r["Content-Disposition"])
        self.assertIn("filename*=utf-8''%E5%8F%B0%E8%B4%A6-2026", r["Content-Disposition"])
        self.assertTrue(r["Content-Disposition"].endswith(".xlsx"))

    def test_it_puts_the_chinese_headers_in_a_frozen_first_row(self):
        sheet = self.sheet(self.export(self.coordinator))
        self.assertEqual(tuple(c.value for c in sheet[1]), EXPORT_HEADERS)
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertGreater(sheet.column_dimensions["D"].width, 30)

    def test_it_writes_one_row_per_task_with_units_joined_and_chinese_labels(self):
        row = self.row_of(self.export(self.coordinator), "1.1")
        self.assertEqual(row["领域"], "在优化营商环境上突破提升")
        self.assertEqual(row["任务名称"], "建成高标准农田20万亩")
        self.assertEqual(row["牵头单位"], "市发改委")
        self.assertEqual(row["配合单位"], "市住建局")
        self.assertEqual(row["责任领导"], "张副市长")
        self.assertEqual(row["类型"], "改革")
        self.assertEqual(row["优先级"], "中")

    def test_it_writes_dates_as_real_dates_formatted_year_month_day(self):
        sheet = self.sheet(self.export(self.coordinator))
        cell = sheet["I2"]
        self.assertEqual(cell.value, datetime.datetime(2026, 12, 31))
        self.assertEqual(cell.number_format, "yyyy-mm-dd")

    def test_it_writes_one_readable_target_per_line_that_parses_back_exactly(self):
        text = self.row_of(self.export(self.coordinator), "1.1")["量化指标"]
        self.assertEqual(
            text.split("\n"),
            [
                "高标准农田 ≥ 20万亩（年度 2026）",
                "地区生产总值 ≥ 1100亿元（基数 900；截止 2026-12-31；年度 2030）",
            ],
        )
        parsed = parse_target_line(text.split("\n")[1])
        self.assertEqual(
            (parsed.metric, parsed.comparator, parsed.value, parsed.unit, parsed.baseline, parsed.deadline),
            ("地区生产总值", ">=", Decimal("1100"), "亿元", Decimal("900"), datetime.date(2026, 12, 31)),
        )
        self.assertEqual(parsed.horizon, 2030)

    def test_it_writes_one_milestone_per_line_with_the_completion_date_when_done(self):
        text = self.row_of(self.export(self.coordinator), "1.1")["节点安排"]
        self.assertEqual(
            text.split("\n"), ["2026-04-30 完成可研批复（已完成 2026-04-28）", "2026-06-30 完成年度任务过半"]
        )
        parsed = parse_milestone_line(text.split("\n")[0])
        self.assertEqual(parsed.done_on, datetime.date(2026, 4, 28))
        self.assertEqual(parsed.deliverable, "完成可研批复")

    def test_it_wraps_long_text_cells(self):
        sheet = self.sheet(self.export(self.coordinator))
        self.assertTrue(sheet["D2"].alignment.wrap_text)
        self.assertTrue(sheet["L2"].alignment.wrap_text)

    def test_it_exports_only_the_tasks_a_unit_reporter_may_see(self):
        codes = [r[0] for r in self.rows(self.export(self.alice))[1:]]
        self.assertEqual(codes, ["1.1"])

    def test_it_exports_every_task_of_the_plan_to_the_coordinator(self):
        codes = [r[0] for r in self.rows(self.export(self.coordinator))[1:]]
        self.assertEqual(codes, ["1.1", "1.2"])

    def test_it_hides_the_plan_from_an_outsider(self):
        Task.objects.filter(pk=self.other.pk).update(
            archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
        )
        self.assertEqual(self.export(self.charlie).status_code, 404)

    def test_it_applies_the_current_ledger_filters(self):
        codes = [r[0] for r in self.rows(self.export(self.coordinator, "?kind=reform"))[1:]]
        self.assertEqual(codes, ["1.1"])

    def test_it_leaves_out_archived_targets_and_milestones(self):
        Target.objects.filter(pk=self.target.pk).update(
            archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
        )
        text = self.row_of(self.export(self.coordinator), "1.1")["量化指标"]
        self.assertNotIn("高标准农田", text)

    def test_it_keeps_text_that_looks_like_a_formula_as_quoted_plain_text(self):
        Task.objects.filter(pk=self.other.pk).update(
            title='=HYPERLINK("http://x")', description="+1+1", leader="@SUM(A1)", code="-1"
        )
        sheet = self.sheet(self.export(self.coordinator))
        cells = [sheet[ref] for ref in ("A3", "C3", "D3", "G3")]
        self.assertEqual(  # quoted, so that editing the cell in Excel keeps it text
            [(c.data_type, c.value, c.quotePrefix) for c in cells],
            [
                ("s", "-1", True),
                ("s", '=HYPERLINK("http://x")', True),
                ("s", "+1+1", True),
                ("s", "@SUM(A1)", True),
            ],
        )
        self.assertEqual((sheet["C2"].quotePrefix, sheet["C2"].alignment.wrap_text), (False, True))
        self.assertEqual(sheet["D3"].alignment.wrap_text, True)

    def test_it_adds_status_progress_light_and_latest_progress_after_the_importable_columns(self):
        Task.objects.filter(pk=self.task.pk).update(
            status="lagging", percent=45, rag="yellow", progress_note="十月：完成可研批复"
        )
        response = self.export(self.coordinator)
        self.assertEqual(self.rows(response)[0], EXPORT_HEADERS)
        self.assertEqual(EXPORT_HEADERS[: len(HEADERS)], HEADERS)
        row = self.row_of(self.export(self.coordinator), "1.1")
        self.assertEqual(
            [row[h] for h in ("状态", "完成进度（%）", "红黄绿灯", "最新进展")],
            ["滞后", 45, "黄灯", "十月：完成可研批复"],
        )
        other = self.row_of(self.export(self.coordinator), "1.2")
        self.assertEqual(
            [other[h] for h in ("状态", "完成进度（%）", "红黄绿灯", "最新进展")],
            ["未启动", None, "绿灯", None],
        )

    def test_it_writes_a_progress_of_zero_as_the_number_zero(self):
        Task.objects.filter(pk=self.task.pk).update(percent=0)
        self.assertEqual(self.row_of(self.export(self.coordinator), "1.1")["完成进度（%）"], 0)

    def test_it_needs_a_login(self):
        r = self.client.get(f"/plans/{self.plan.pk}/export.xlsx")
        self.assertEqual(r.status_code, 302)
        self.assertIn("/login/", r["Location"])

    def test_it_hands_out_a_tasks_rows_alongside_the_task_stream(self):
        links = _Alongside(TaskUnit.objects.filter(task__plan=self.plan), ["task__id"], "task_id", "unit_id")
        co_then_lead = [(self.task.pk, self.zjj.pk), (self.task.pk, self.fgw.pk)]  # TaskUnit's ordering
        self.assertEqual(links.take([self.task.pk]), co_then_lead)
        self.assertEqual(links.take([self.other.pk]), [(self.other.pk, self.tjj.pk)])
        links.finish()

    def test_it_fails_when_the_tasks_changed_between_the_streams(self):
        # the task stream no longer has self.task (archived meanwhile, say): its links stop the stream
        links = _Alongside(TaskUnit.objects.filter(task__plan=self.plan), ["task__id"], "task_id", "unit_id")
        self.assertEqual(links.take([self.other.pk]), [])
        with self.assertRaises(ExportChanged):
            links.finish()

    def test_it_reads_the_tasks_in_a_fixed_number_of_queries_whatever_their_number(self):
        def count():
            self.login(self.coordinator)
            with CaptureQueriesContext(connection) as queries:
                r = self.client.get(f"/plans/{self.plan.pk}/export.xlsx")
                b"".join(r.streaming_content)
            return len(queries)

        before = count()
        for i in range(20):
            task = Task.objects.create(plan=self.plan, area=self.area, code=f"9.{i}", title=f"任务{i}")
            TaskUnit.objects.create(task=task, unit=self.fgw, role=TaskUnit.Role.LEAD)
            Target.objects.create(task=task, metric="指标", value=Decimal(i))
            Milestone.objects.create(task=task, due_date=datetime.date(2026, 5, 1), deliverable="节点")
        self.assertEqual(count(), before)


class SheetRowsTests(SimpleTestCase):
    """The export writes its rows' XML itself (apps.plans.excel_export._SheetRows); the sheet must be the
    one XlsxWriter's own cell writers make from the same values."""

    ROWS = [
        ("编号", "文本", "空格", "公式样", "日期", "日期", "进度"),
        ("1.1", "A & B <c> \"d\" 'e'", " 前后有空格 ", "=SUM(A1)", datetime.date(2026, 4, 30), None, 50),
        ("1.2", "回车\r换行\n制表\t", "_x0041_ 字面转义", "-3", datetime.date(1900, 2, 28), None, 0),
        ("", "非字符\ufffe\uffff", "\n", "+号 @号", None, datetime.date(2030, 12, 31), None),
    ]
    DATE_COLUMNS = (4, 5)

    def sheet_xml(self, write):
        out = io.BytesIO()
        wb = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False})
        ws = wb.add_worksheet("台账")
        plain, quoted = (
            wb.add_format({"valign": "top"}),
            wb.add_format({"valign": "top", "quote_prefix": True}),
        )
        dated = wb.add_format({"valign": "top", "num_format": "yyyy-mm-dd"})
        styles = [
            (dated, dated) if c in self.DATE_COLUMNS else (plain, quoted) for c in range(len(self.ROWS[0]))
        ]
        write(ws, styles)
        wb.close()
        with zipfile.ZipFile(out) as xlsx:
            return xlsx.read("xl/worksheets/sheet1.xml").decode()

    def test_it_writes_the_same_sheet_as_xlsxwriters_own_cell_writers(self):
        def by_xlsxwriter(ws, styles):
            for r, values in enumerate(self.ROWS):
                for c, value in enumerate(values):
                    style, quoted = styles[c]
                    if value is None or value == "":
                        continue
                    if isinstance(value, str):
                        ws.write_string(r, c, value, quoted if looks_like_formula(value) else style)
                    elif isinstance(value, int):
                        ws.write_number(r, c, value, style)
                    else:
                        ws.write_datetime(r, c, value, style)

        def by_sheet_rows(ws, styles):
            sheet = _SheetRows(ws, len(styles))
            for r, values in enumerate(self.ROWS):
                sheet.write(r, values, styles)
            sheet.finish(len(self.ROWS) - 1)

        expected = self.sheet_xml(by_xlsxwriter)
        self.assertIn("_x000D_", expected)  # the values do reach XlsxWriter's escapes
        self.assertEqual(self.sheet_xml(by_sheet_rows), expected)
