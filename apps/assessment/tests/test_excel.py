"""The breakdown workbook (apps/assessment/excel.py), read back with openpyxl: the worked example of issue 10
(test_scoring_example.py) line by line, and its totals recomputed from the sheet's own numbers."""

import datetime
import io
import unittest
from decimal import ROUND_HALF_UP, Decimal

import openpyxl

from apps.assessment.excel import HEADERS, breakdown_workbook
from apps.assessment.models import Scheme, ScoreRun, UnitScore
from apps.assessment.scoring import Adjustment, Event, score
from apps.assessment.scoring import Scheme as Rules

from .test_scoring_example import EVENTS, FGW, NAMES, RATINGS, TASKS, WLJ, ZJJ, scheme_dict

E, F, G = 4, 5, 6  # 分值, 计入总分, 核对


def workbook(unit_id, events=EVENTS, adjustments=(), tasks=TASKS):
    """The sheet of one unit of the worked example, and its rows as lists of cells."""
    config = scheme_dict()
    result = score(Rules.from_dict(config), tasks, events, RATINGS, adjustments, NAMES)
    breakdown = next(u for u in result.to_dict()["units"] if u["unit_id"] == unit_id)
    scheme = Scheme(title="2025年度市直部门重点工作考核", year=2025, config=config)
    run = ScoreRun(scheme=scheme, as_of=datetime.date(2025, 12, 31), final=True)
    unit_score = UnitScore(run=run, group=breakdown["group"], breakdown=breakdown)
    sheet = openpyxl.load_workbook(io.BytesIO(breakdown_workbook(unit_score, scheme))).active
    return sheet, [list(row) for row in sheet.iter_rows()]


def cents(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def section(rows, name):
    """The line rows under a section's heading (B = name), up to its subtotal row."""
    start = next(i for i, row in enumerate(rows) if row[0].value and row[1].value == name) + 1
    end = next(i for i in range(start, len(rows)) if rows[i][F].value is not None)
    return rows[start:end], rows[end]


def total_row(rows):
    return next(row for row in rows if row[0].value == "总分" and row[F].value is not None)


def subtotals(rows):
    """The F cells between the header row and the total: the section subtotals."""
    return [row[F] for row in rows[11 : rows.index(total_row(rows))] if row[F].value is not None]


def values(row, *cols):
    return tuple(row[c].value for c in cols)


class BreakdownWorkbookTestCase(unittest.TestCase):
    def test_it_heads_the_sheet_with_the_unit_its_group_and_its_result(self):
        sheet, rows = workbook(FGW)
        head = {row[0].value: row[1].value for row in rows[2:9]}
        self.assertEqual(
            (head["单位"], head["考核组"], head["总分"], head["等次"], head["排名"]),
            ("市发改委", "市直单位-重点考核部门", 92.83, "优秀", 1),
        )
        self.assertEqual(head["计分截至"], datetime.datetime(2025, 12, 31))
        self.assertEqual(values(rows[10], *range(len(HEADERS))), HEADERS)

    def test_it_lists_each_line_with_its_rule_event_date_delta_and_arithmetic(self):
        _, rows = workbook(FGW)
        lines, subtotal = section(rows, "D2 报送时效")
        self.assertEqual(values(lines[0], 1, E, 7), ("报送时效", 15, "满分 15"))
        self.assertEqual(
            values(lines[1], 1, 2, 3, E, 7, 8),
            ("迟报", "一季度进展迟报", datetime.datetime(2025, 4, 8), -0.5, "迟报 -0.5", "report:11"),
        )
        self.assertEqual(values(subtotal, 0, F), ("维度得分", 14.5))

    def test_it_gives_each_task_term_and_the_proportional_formula_of_d1(self):
        _, rows = workbook(FGW)
        lines, subtotal = section(rows, "D1 承办任务完成")
        self.assertEqual([row[8].value for row in lines[:5]], [f"task:{n}" for n in range(101, 106)])
        self.assertEqual(values(lines[3], 7, E), ("一般 权重 1 × 黄灯 0.8 = 0.8", None))
        self.assertEqual(lines[5][7].value, "60 × 8.3 / 9 = 55.33")
        self.assertAlmostEqual(lines[5][E].value, 60 * 8.3 / 9)
        self.assertEqual(subtotal[F].value, 55.33)

    def test_it_recomputes_each_dimension_from_its_lines(self):
        _, rows = workbook(FGW)
        for name in ("D1 承办任务完成", "D2 报送时效", "D3 督办响应", "D4 领导评价"):
            with self.subTest(name):
                lines, subtotal = section(rows, name)
                numbers = [row[E].value for row in lines if row[E].value is not None]
                self.assertEqual(cents(sum(numbers)), cents(subtotal[F].value))
                first, last = lines[0][E].coordinate, lines[-1][E].coordinate
                self.assertEqual(subtotal[G].value, f"=ROUND(SUM({first}:{last}),2)")

    def test_it_lists_the_bonuses_with_their_events(self):
        _, rows = workbook(FGW)
        lines, subtotal = section(rows, "加分项")
        self.assertEqual([values(r, 8, E, 7) for r in lines], [
            ("case:31", 1, "表彰 省级 +1"), ("notice:22", 1, "通报表扬 +1"),
        ])  # fmt: skip
        self.assertEqual(subtotal[F].value, 2)

    def test_it_adds_the_subtotals_up_to_each_total_of_the_worked_example(self):
        for unit_id, expected in ((FGW, "92.83"), (ZJJ, "88"), (WLJ, "77")):
            with self.subTest(NAMES[unit_id]):
                _, rows = workbook(unit_id)
                self.assertEqual(cents(sum(cell.value for cell in subtotals(rows))), Decimal(expected))
                self.assertEqual(cents(total_row(rows)[F].value), Decimal(expected))

    def test_it_puts_a_sum_of_the_subtotals_beside_the_total_and_says_so(self):
        _, rows = workbook(FGW)
        total = total_row(rows)
        cells = ",".join(cell.coordinate for cell in subtotals(rows))
        self.assertEqual(total[G].value, f"=ROUND(SUM({cells}),2)")
        self.assertEqual(total[7].value, "55.33 + 14.5 + 12 + 9 + 2 = 92.83")
        check = rows[rows.index(total) + 1]
        self.assertEqual(check[G].value, f'=IF({total[G].coordinate}={total[F].coordinate},"一致","不一致")')
        note = rows[rows.index(total) + 2][0].value
        self.assertIn(f"{total[G].coordinate} 将各小计（F 列）相加", note)

    def test_it_lists_a_deduction(self):
        _, rows = workbook(WLJ)
        lines, subtotal = section(rows, "减分项")
        self.assertEqual([values(r, 1, 2, E) for r in lines], [("通报批评", "督查通报批评", -1)])
        self.assertEqual(subtotal[F].value, -1)

    def test_it_lists_the_veto_and_how_it_capped_the_grade(self):
        _, rows = workbook(ZJJ)
        lines, subtotal = section(rows, "一票否决")
        self.assertEqual(
            [values(r, 7, 8, E) for r in lines], [("三次督办 取消评优:等次最高为 一般", "notice:23", None)]
        )
        self.assertEqual(subtotal[F].value, 0)
        grade = {row[0].value: row[1].value for row in rows if row[0].value in ("等次", "按分数")}
        self.assertEqual(grade, {"等次": "一般", "按分数": "良好"})
        notes = [row[7].value for row in rows if row[0].value == "等次说明"]
        self.assertTrue(any("一般" in note for note in notes), notes)

    def test_it_lists_manual_adjustments_to_the_total_and_counts_them(self):
        adjustment = Adjustment(FGW, None, "-0.83", "信息报送失实", "adjustment:7")
        _, rows = workbook(FGW, adjustments=[adjustment])
        lines, subtotal = section(rows, "对总分的人工调整")
        self.assertEqual([values(r, 2, E, 8) for r in lines], [("信息报送失实", -0.83, "adjustment:7")])
        self.assertEqual(cents(total_row(rows)[F].value), Decimal("92.00"))

    def test_it_writes_an_event_label_that_looks_like_a_formula_as_text(self):
        events = [*EVENTS, Event("criticism", FGW, datetime.date(2025, 11, 5), "notice:25", "=HYPERLINK(1)")]
        _, rows = workbook(FGW, events=events)
        lines, _ = section(rows, "减分项")
        self.assertEqual((lines[0][2].value, lines[0][2].data_type), ("=HYPERLINK(1)", "s"))

    def test_it_says_why_a_unit_is_not_ranked(self):
        _, rows = workbook(WLJ, tasks=[t for t in TASKS if t.unit_id != WLJ])
        self.assertEqual([row[7].value for row in rows if row[0].value == "不参与排名"], ["本期无承办任务"])
        self.assertEqual({row[0].value: row[1].value for row in rows[2:9]}["等次"], "不参与排名")
