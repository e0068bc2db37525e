"""A unit's 年督考 breakdown as an Excel workbook it can recompute (XlsxWriter).

One sheet, 得分明细: a head (scheme, unit, group, the day scored, total, grade, rank), then one row per
line of the breakdown under its section — each dimension, 加分, 减分, 人工调整, 一票否决 — with its
rule, event, date, delta and arithmetic text, a subtotal row per section, the total, and how the grade
was reached. Columns:

    A 类别  B 规则  C 事项  D 日期  E 分值  F 计入总分  G 核对  H 计算过程  I 关联

Numbers are numbers: E holds each line's exact delta, F each section's subtotal as scored (a dimension's
points after its floor/cap and rounding; bonuses and deductions after their caps), so the F column of the
sections adds up to the total. G holds formulas: a section's =ROUND(SUM(E…),2) next to its subtotal, and
the total's =ROUND(SUM(F…),2) next to the total; a note under the total says so. Texts are written as
strings (never as formulas), so an event label starting with "=" stays text.
"""

import datetime
import io
from decimal import Decimal

import xlsxwriter

from .models import Scheme, UnitScore

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "得分明细"
HEADERS = ("类别", "规则", "事项", "日期", "分值", "计入总分", "核对", "计算过程", "关联")
WIDTHS = (12, 18, 32, 12, 10, 10, 10, 48, 14)
E, F, G = 4, 5, 6  # the delta, subtotal and check columns (0-based)


def _number(value) -> float | None:
    return None if value is None or value == "" else float(Decimal(str(value)))


def _cell(col: int, row: int) -> str:
    return f"{'ABCDEFGHI'[col]}{row + 1}"


class _Sheet:
    """Writes rows top to bottom and remembers where each section's lines and subtotals are."""

    def __init__(self, book, sheet):
        self.sheet = sheet
        self.row = 0
        self.bold = book.add_format({"bold": True})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.head = book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
        self.section = book.add_format({"bold": True, "bg_color": "#F4F6F8"})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.number = book.add_format({"num_format": "0.00##"})
        self.subtotal = book.add_format({"bold": True, "num_format": "0.00"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.subtotal_rows: list[int] = []

    def text(self, row, col, value, fmt=None):
        if value not in (None, ""):
            self.sheet.write_string(row, col, str(value), fmt)

    def pair(self, label, value, fmt=None):
        """A head row: label in A, value in B."""
        self.text(self.row, 0, label, self.bold)
        if isinstance(value, int | float):
            self.sheet.write_number(self.row, 1, value, fmt)
        elif isinstance(value, datetime.date):
            self.sheet.write_datetime(
                self.row, 1, datetime.datetime.combine(value, datetime.time()), self.date
            )
        else:
            self.text(self.row, 1, value)
        self.row += 1

    def heading(self, kind, name, note=""):
        for col in range(len(HEADERS)):
            self.sheet.write_blank(self.row, col, None, self.section)
        self.text(self.row, 0, kind, self.section)
        self.text(self.row, 1, name, self.section)
        self.text(self.row, 7, note, self.section)
        self.row += 1

    def line(self, line: dict) -> int:
        """One line of the arithmetic; returns its row."""
        row = self.row
        self.text(row, 1, line.get("rule"))
        self.text(row, 2, line.get("label"))
        if line.get("day"):
            day = datetime.date.fromisoformat(str(line["day"])[:10])
            self.sheet.write_datetime(row, 3, datetime.datetime.combine(day, datetime.time()), self.date)
        delta = _number(line.get("delta"))
        if delta is not None:
            self.sheet.write_number(row, E, delta, self.number)
        self.text(row, 7, line.get("text"), self.wrap)
        self.text(row, 8, line.get("ref"))
        self.row += 1
        return row

    def section_rows(self, kind, name, lines, subtotal_label, subtotal, note=""):
        """A section: heading, its lines, and a subtotal row (F: the subtotal as scored; G: the lines'
        sum recomputed)."""
        self.heading(kind, name, note)
        rows = [self.line(line) for line in lines]
        row = self.row
        self.text(row, 0, subtotal_label, self.bold)
        self.text(row, 1, name, self.bold)
        value = _number(subtotal) or 0.0
        self.sheet.write_number(row, F, value, self.subtotal)
        if rows:
            formula = f"=ROUND(SUM({_cell(E, rows[0])}:{_cell(E, rows[-1])}),2)"
            self.sheet.write_formula(row, G, formula, self.subtotal, value)
        self.subtotal_rows.append(row)
        self.row += 1


def breakdown_workbook(score: UnitScore, scheme: Scheme) -> bytes:
    """The workbook of one unit's breakdown in a run of `scheme` (the run's own scheme version)."""
    data = score.breakdown
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet(SHEET_TITLE)
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    out = _Sheet(book, sheet)
    _head(out, score, scheme, data)
    _sections(out, data)
    _total(out, data)
    _grade(out, data)
    book.close()
    return output.getvalue()


def _head(out: _Sheet, score: UnitScore, scheme: Scheme, data: dict) -> None:
    out.text(0, 0, f"{scheme} 得分明细", out.title)
    out.row = 2
    groups = {g["code"]: g.get("name", g["code"]) for g in scheme.config.get("groups", [])}
    out.pair("单位", data.get("name", ""))
    out.pair("考核组", groups.get(data.get("group"), data.get("group", "")))
    out.pair("计分截至", score.run.as_of)
    out.pair("结果类型", "年终结果" if score.run.final else "过程评分")
    out.pair("总分", _number(data.get("total")), out.subtotal)
    out.pair("等次", data.get("grade") or "不参与排名")
    out.pair("排名", data["rank"] if data.get("rank") is not None else "—")
    out.row += 1
    for col, header in enumerate(HEADERS):
        out.sheet.write_string(out.row, col, header, out.head)
    out.sheet.freeze_panes(out.row + 1, 0)
    out.row += 1


def _sections(out: _Sheet, data: dict) -> None:
    for dim in data.get("dimensions", []):
        out.section_rows(
            "维度",
            f"{dim['code']} {dim['name']}",
            dim.get("lines", []),
            "维度得分",
            dim.get("points"),
            note=f"满分 {dim.get('full')}",
        )
    if data.get("bonuses"):
        out.section_rows("加分", "加分项", data["bonuses"], "加分合计", data.get("bonus_total"))
    if data.get("deductions"):
        out.section_rows("减分", "减分项", data["deductions"], "减分合计", data.get("deduction_total"))
    if data.get("adjustments"):
        total = sum((Decimal(line["delta"]) for line in data["adjustments"]), Decimal(0))
        out.section_rows("人工调整", "对总分的人工调整", data["adjustments"], "调整合计", total)
    if data.get("vetoed_by"):
        lines = data["vetoed_by"]
        total = sum((Decimal(line["delta"]) for line in lines if line.get("delta") is not None), Decimal(0))
        out.section_rows("一票否决", "一票否决", lines, "否决扣分", total)


def _total(out: _Sheet, data: dict) -> None:
    out.row += 1
    row = out.row
    total = _number(data.get("total")) or 0.0
    out.text(row, 0, "总分", out.bold)
    out.sheet.write_number(row, F, total, out.subtotal)
    rows = out.subtotal_rows
    if rows:
        cells = ",".join(_cell(F, r) for r in rows)
        out.sheet.write_formula(row, G, f"=ROUND(SUM({cells}),2)", out.subtotal, total)
    out.text(row, 7, data.get("total_text"), out.wrap)
    out.row += 1
    out.text(out.row, 0, "核对", out.bold)
    out.sheet.write_formula(
        out.row, G, f'=IF({_cell(G, row)}={_cell(F, row)},"一致","不一致")', out.bold, "一致"
    )
    note = (
        f"G 列为核对公式：{_cell(G, row)} 将各小计（F 列）相加并保留两位小数，应等于总分 {_cell(F, row)}；"
        "各维度、加减分的“核对”格将本项各行分值（E 列）相加，应等于其小计（维度得分已按上下限和"
        "四舍五入处理，上下限的调整列为单独一行）。"
    )
    out.sheet.merge_range(out.row + 1, 0, out.row + 1, 8, note, out.wrap)
    out.sheet.set_row(out.row + 1, 48)
    out.row += 3


def _grade(out: _Sheet, data: dict) -> None:
    out.heading("等次", data.get("grade") or "不参与排名")
    if not data.get("eligible", True):
        out.text(out.row, 0, "不参与排名", out.bold)
        out.text(out.row, 7, data.get("ineligible_reason"), out.wrap)
        out.row += 1
    if data.get("grade_by_score"):
        out.text(out.row, 0, "按分数", out.bold)
        out.text(out.row, 1, data["grade_by_score"])
        out.row += 1
    for note in data.get("grade_notes", []):
        out.text(out.row, 0, "等次说明", out.bold)
        out.text(out.row, 7, note, out.wrap)
        out.row += 1
