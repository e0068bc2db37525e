"""lib.xlsx: reading uploads within limits, and the problem list."""

import datetime
import io

from django.test import SimpleTestCase
from openpyxl import Workbook

from lib.xlsx import CellError, ErrorList, ImportFailed, Limits, open_workbook, read_rows
from tests.xlsx_files import add_rows, claim_dimension, text_cell_xml

LIMITS = Limits(max_rows=100, max_columns=5, max_cells=1000, max_cell_chars=10)


def xlsx(*rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read(content, limits=LIMITS):
    wb = open_workbook(io.BytesIO(content), limits, "不是 xlsx")
    try:
        return list(read_rows(wb.worksheets[0], limits))
    finally:
        wb.close()


class ReadRowsTests(SimpleTestCase):
    def test_it_yields_the_rows_holding_values_with_their_numbers(self):
        content = xlsx(["编号", "名称"], [None, None], ["1.1", datetime.date(2026, 4, 30)], [7, True])
        self.assertEqual(
            read(content),
            [(1, ("编号", "名称")), (3, ("1.1", datetime.datetime(2026, 4, 30))), (4, (7, True))],
        )

    def test_it_keeps_the_columns_of_a_row_in_place(self):
        content = add_rows(xlsx(["a"]), f'<row r="2">{text_cell_xml("C2", "c")}</row>')
        self.assertEqual(read(content)[1], (2, (None, None, "c")))

    def test_it_ignores_the_size_the_sheet_claims(self):
        self.assertEqual(read(claim_dimension(xlsx(["a"]), "A1:XFD1048576")), [(1, ("a",))])

    def test_it_allows_empty_formatted_rows_beyond_the_row_limit(self):
        content = add_rows(xlsx(["a"]), '<row r="5000"><c r="A5000" s="1"/></row>')
        self.assertEqual(read(content), [(1, ("a",))])

    def test_it_refuses_a_value_beyond_the_row_limit(self):
        content = add_rows(xlsx(["a"]), f'<row r="101">{text_cell_xml("A101", "x")}</row>')
        with self.assertRaises(ImportFailed) as failed:
            read(content)
        self.assertEqual(
            failed.exception.messages(), ["工作表“Sheet”第 101 行：超过 100 行的上限，请拆分后分批导入"]
        )

    def test_it_refuses_a_value_beyond_the_column_limit(self):
        with self.assertRaises(ImportFailed) as failed:
            read(xlsx(["a", None, None, None, None, "f"]))
        self.assertEqual(failed.exception.errors[0].column, "F")

    def test_it_refuses_more_cells_than_the_limit_even_empty_ones(self):
        with self.assertRaises(ImportFailed) as failed:
            read(add_rows(xlsx(["a"]), "<row>" + "<c/>" * 1000 + "</row>"))
        self.assertIn("单元格超过 1000 个的上限", failed.exception.messages()[0])

    def test_it_refuses_a_cell_longer_than_the_limit(self):
        with self.assertRaises(ImportFailed) as failed:
            read(xlsx(["一二三四五六七八九十十"]))
        self.assertEqual(
            failed.exception.messages(), ["工作表“Sheet”第 1 行 A 列：内容超过 10 字，Excel 单元格容纳不下"]
        )

    def test_it_refuses_an_archive_that_inflates_beyond_the_limit(self):
        with self.assertRaises(ImportFailed) as failed:
            read(
                xlsx([f"{i}" + "a" * 30000 for i in range(40)]),
                Limits(max_rows=10, max_uncompressed_bytes=1024 * 1024),
            )
        self.assertEqual(failed.exception.messages(), ["文件解压后超过 1 MB 的上限，请拆分后分批导入"])

    def test_it_refuses_a_file_that_is_not_a_zip_archive(self):
        with self.assertRaises(ImportFailed) as failed:
            read(b"not a workbook")
        self.assertEqual(failed.exception.messages(), ["不是 xlsx"])


class ErrorListTests(SimpleTestCase):
    def test_it_keeps_the_first_problems_and_counts_the_rest(self):
        errors = ErrorList(limit=2)
        errors.extend(CellError(f"问题{i}") for i in range(5))
        self.assertEqual(([e.message for e in errors], errors.more), (["问题0", "问题1"], 3))

    def test_it_says_how_many_problems_were_not_listed(self):
        errors = ErrorList(limit=1)
        errors.extend([CellError("甲", "台账", 2, "E", "牵头单位"), CellError("乙")])
        self.assertEqual(
            ImportFailed(errors).messages(),
            ["工作表“台账”第 2 行 E 列（牵头单位）：甲", "另有 1 处问题未列出"],
        )
