"""lib.xlsx's small helpers: the early refusal of an oversized upload and the temporary workbook."""

import unittest

import openpyxl

from lib.xlsx import temporary_xlsx, too_large


class TooLargeTestCase(unittest.TestCase):
    def test_it_names_the_size_and_the_limit_in_chinese(self):
        error = too_large(3 * 1024 * 1024, 2 * 1024 * 1024)
        self.assertEqual(str(error), "文件过大（3.0 MB），上限为 2 MB")

    def test_it_lets_a_file_at_the_limit_through(self):
        self.assertIsNone(too_large(1024, 1024))


class TemporaryXlsxTestCase(unittest.TestCase):
    def test_it_returns_the_written_workbook_at_its_start(self):
        def write(out, title):
            wb = openpyxl.Workbook()
            wb.active.title = title
            wb.save(out)

        with temporary_xlsx(write, "表") as out:
            self.assertEqual(out.tell(), 0)
            self.assertEqual(openpyxl.load_workbook(out).sheetnames, ["表"])

    def test_it_closes_the_file_when_writing_fails(self):
        opened = []

        def write(out):
            opened.append(out)
            raise ValueError("坏")

        with self.assertRaises(ValueError):
            temporary_xlsx(write)
        self.assertTrue(opened[0].closed)
