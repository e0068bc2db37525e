"""The 统计局 sheet import: the 统计月报 layout, one period per sheet, all or nothing with row/column errors."""

import io
from decimal import Decimal as D

from openpyxl import Workbook, load_workbook

from apps.indicators import excel
from apps.indicators.models import Actual
from lib.xlsx import ImportFailed

from .base import IndicatorTestCase

HEAD = ["指标名称", "地区", "累计值", "累计增速（%）", "全省位次"]


def workbook(*sheets) -> io.BytesIO:
    """sheets: (title row text, rows) — each rows a list of lists under the header."""
    wb = Workbook()
    wb.remove(wb.active)
    for index, (title, rows, *head) in enumerate(sheets):
        ws = wb.create_sheet(f"表{index + 1}")
        ws.append([title])
        ws.append(head[0] if head else HEAD)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


MARCH = [
    ["社会消费品零售总额", "全省", 980.5, 4.8, None],
    [None, "定西市", 70.2, 5.1, 6],
    [None, "陇西县", 21, "5.9", "第2位"],
    [None, "渭源县", "—", 3.2, None],
    ["地区生产总值增速", "全省", None, 6.1, None],
    [None, "定西市", 151.2, 6.8, 3],
    [None, "陇西县", None, 7.5, None],
]


class ImportTestCase(IndicatorTestCase):
    def run_import(self, file, user=None):
        user = user or self.statistician
        return excel.import_sheet(
            file, indicators=[self.gdp, self.retail], jurisdiction=self.city, actor=user
        )

    def test_it_imports_a_month_of_the_statistical_bulletin(self):
        result = self.run_import(workbook(("2026年1-3月定西市主要经济指标", MARCH)))
        self.assertEqual(result, {"rows": 7, "created": 7, "updated": 0, "unchanged": 0})
        county = Actual.objects.get(indicator=self.retail, unit=self.county, year=2026, month=3)
        self.assertEqual((county.cumulative, county.growth, county.province_rank), (D("21"), D("5.90"), 2))
        weiyuan = Actual.objects.get(indicator=self.retail, unit=self.county2, month=3)
        self.assertIsNone(weiyuan.cumulative)  # “—” is not published, never zero
        self.assertEqual(Actual.objects.get(indicator=self.gdp, unit__isnull=True).growth, D("6.10"))

    def test_it_reads_each_sheet_as_its_period_and_updates_on_a_second_import(self):
        file = workbook(
            ("2026年1-2月主要经济指标", [["社会消费品零售总额", "陇西县", 13, 5, None]]),
            ("2026年一季度主要经济指标", MARCH[:4]),
        )
        self.assertEqual(self.run_import(file)["created"], 5)
        self.assertEqual(
            sorted(Actual.objects.filter(unit=self.county).values_list("month", flat=True)), [2, 3]
        )
        again = self.run_import(workbook(("2026年1-3月", [["社会消费品零售总额", "陇西县", 22, 6, 2]])))
        self.assertEqual(again, {"rows": 1, "created": 0, "updated": 1, "unchanged": 0})

    def test_it_accepts_the_bulletins_own_column_names(self):
        head = ["指标", "县区", "本年累计", "比上年同期增长（%）", "位次"]
        self.run_import(workbook(("2026年1-3月", [["社会消费品零售总额", "陇西县", 21, 5.9, 2]], head)))
        self.assertEqual(Actual.objects.get(unit=self.county).province_rank, 2)

    def test_it_imports_nothing_and_names_row_and_column_of_each_problem(self):
        rows = [
            *MARCH,
            ["固定资产投资", "定西市", 1, 1, None],
            ["社会消费品零售总额", "市发改委", 1, 1, None],
            [None, "陇西县", 1, 1, None],
            [None, "安定区", "abc", 1, 0],
        ]
        with self.assertRaises(ImportFailed) as caught:
            self.run_import(workbook(("2026年1-3月", rows)))
        messages = caught.exception.messages()
        self.assertIn(
            "工作表“表1”第 10 行 A 列（指标名称）：没有名为“固定资产投资”的指标，请先在“经济指标”中添加，或检查名称",
            messages,
        )
        self.assertIn(
            "工作表“表1”第 11 行 B 列（地区）：“市发改委”不是市或县区，经济指标按市、县区填报", messages
        )
        self.assertIn(
            "工作表“表1”第 12 行 B 列（地区）：“社会消费品零售总额”的“陇西县”已在第 5 行出现", messages
        )
        self.assertIn("工作表“表1”第 13 行 B 列（地区）：单位“安定区”不存在", messages)
        self.assertFalse(Actual.objects.exists())

    def test_it_names_a_bad_number_and_a_bad_rank(self):
        rows = [["社会消费品零售总额", "陇西县", "二十", 1, "前列"]]
        with self.assertRaises(ImportFailed) as caught:
            self.run_import(workbook(("2026年1-3月", rows)))
        messages = caught.exception.messages()
        self.assertIn("工作表“表1”第 3 行 C 列（累计值）：“二十”不是数字", messages)
        self.assertIn("工作表“表1”第 3 行 E 列（全省位次）：全省位次“前列”应为数字，如 3 或“第3位”", messages)

    def test_it_refuses_a_quarterly_indicator_at_another_month(self):
        with self.assertRaises(ImportFailed) as caught:
            self.run_import(workbook(("2026年1-4月", [["地区生产总值增速", "陇西县", None, 7, None]])))
        self.assertIn("按季度统计", caught.exception.messages()[0])

    def test_it_needs_the_period_in_the_title(self):
        with self.assertRaises(ImportFailed) as caught:
            self.run_import(workbook(("主要经济指标", MARCH)))
        self.assertIn("标题中没有统计期", caught.exception.messages()[0])

    def test_it_refuses_a_unit_the_reporter_may_not_enter(self):
        with self.assertRaises(ImportFailed) as caught:
            self.run_import(workbook(("2026年1-3月", MARCH[:3])), user=self.county_reporter)
        self.assertIn("无权填报“全省”的数据", "\n".join(caught.exception.messages()))
        self.assertFalse(Actual.objects.exists())

    def test_it_refuses_a_file_that_is_not_a_workbook(self):
        with self.assertRaises(ImportFailed) as caught:
            self.run_import(io.BytesIO(b"not a zip"))
        self.assertIn("不是有效的 Excel 工作簿", caught.exception.messages()[0])

    def test_it_reads_the_period_of_a_title(self):
        self.assertEqual(excel.parse_period("2026年1-3月各县区主要经济指标"), (2026, 3))
        self.assertEqual(excel.parse_period("2026年1—11月"), (2026, 11))
        self.assertEqual(excel.parse_period("2026年5月"), (2026, 5))
        self.assertEqual(excel.parse_period("2026年上半年"), (2026, 6))
        self.assertEqual(excel.parse_period("2026年前三季度"), (2026, 9))
        self.assertIsNone(excel.parse_period("2026年4-6月"))  # not cumulative from January
        self.assertIsNone(excel.parse_period("主要经济指标"))

    def test_it_writes_a_template_that_imports_back_empty(self):
        out = io.BytesIO()
        excel.write_template(out, [self.gdp, self.retail], [self.city, self.county], 2026, 3)
        out.seek(0)
        rows = list(load_workbook(out).active.values)
        self.assertEqual(rows[0][0], "2026年1-3月主要经济指标")
        self.assertEqual(rows[2][:2], ("地区生产总值增速", "全省"))
        self.assertEqual(len(rows), 2 + 2 * 3)
        out.seek(0)
        self.assertEqual(self.run_import(out)["rows"], 6)
