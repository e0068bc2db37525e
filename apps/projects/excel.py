"""The 重点项目 ledger as an Excel workbook: the export (XlsxWriter, constant memory; the ledger's figures
and colour with its reason after the project's own columns) and the all-or-nothing import of a year's list
in the same layout.

Import: a row whose 年度 + 项目编号 exists (and is in the importer's jurisdiction) updates that project,
any other row creates one. 级别/类型/行业类别 by their Chinese labels; 责任单位 / 协调责任单位 by code,
path or unique name (apps.orgs.lookup); dates as Excel dates or 2026-04-30 text; 是否入库纳统 是/否. Every
row is checked first — the cell readers, then actions.validate_project, its field errors put on the
field's column — and on any problem ImportFailed lists them (row number, column letter and header) and
nothing is saved. The monthly plan and the 前期手续 are kept on the project page only."""

from __future__ import annotations

import copy
import dataclasses
import re
from decimal import Decimal

import xlsxwriter
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.orgs.lookup import UnitRefs, references
from apps.plans.excel_cells import (
    CellProblem,
    RowReader,
    header_columns,
    parse_choice,
    parse_date_cell,
    parse_decimal,
)
from lib.xlsx import (
    EXCEL_MAX_CELL_CHARS,
    CellError,
    ErrorList,
    ImportFailed,
    Limits,
    cell_text,
    open_workbook,
    read_rows,
    temporary_xlsx,
)

from . import actions
from .models import Project

SHEET_TITLE = "重点项目台账"
COLUMNS = (  # header, field
    ("项目编号", "code"),
    ("项目名称", "name"),
    ("年度", "year"),
    ("级别", "level"),
    ("类型", "kind"),
    ("行业类别", "industry"),
    ("建设内容及规模", "content"),
    ("建设地点", "location"),
    ("业主单位", "owner"),
    ("责任单位", "unit"),
    ("包抓领导", "leader"),
    ("总投资（万元）", "total_investment"),
    ("年度计划投资（万元）", "annual_plan"),
    ("计划开工", "planned_start"),
    ("实际开工", "actual_start"),
    ("计划竣工", "planned_end"),
    ("实际竣工", "actual_end"),
    ("形象进度", "progress"),
    ("是否入库纳统", "in_stats"),
    ("要素保障需求/存在问题", "needs"),
    ("需协调事项", "coordination"),
    ("协调责任单位", "coordination_unit"),
)
HEADERS = tuple(h for h, _f in COLUMNS)
HEADER_OF = {f: h for h, f in COLUMNS}
STATE_HEADERS = ("本年累计完成（万元）", "投资完成率（%）", "最近报送月份", "亮灯", "亮灯原因", "预警")
REQUIRED = (
    "项目编号",
    "项目名称",
    "年度",
    "级别",
    "类型",
    "责任单位",
    "总投资（万元）",
    "年度计划投资（万元）",
)
DATES = ("planned_start", "actual_start", "planned_end", "actual_end")
MONEY = ("total_investment", "annual_plan")
LIMITS = Limits(max_rows=25000, max_cells=800_000)
HEADER_SEARCH_ROWS = 10
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX = {"项目编号": 40, "项目名称": 200, "建设地点": 200, "业主单位": 200, "包抓领导": 100}
CHUNK = 2000


# ---- export ----


def _clean(value) -> str:
    return _ILLEGAL.sub("", str(value or ""))[:EXCEL_MAX_CELL_CHARS]


def export_rows(projects):
    """Each project's values in HEADERS + STATE_HEADERS order, streamed by chunks (two queries for the
    unit references per chunk)."""
    labels = {
        "level": dict(Project.Level.choices),
        "kind": dict(Project.Kind.choices),
        "industry": dict(Project.Industry.choices),
        "colour": dict(Project.Colour.choices),
    }
    fields = [f for _h, f in COLUMNS]
    values = [f"{f}_id" if f in ("unit", "coordination_unit") else f for f in fields]
    extra = ["completed", "completion_rate", "reported_month", "colour", "colour_reason", "flags"]
    stream = (
        projects.order_by("year", "level", "code", "id")
        .values_list(*values, *extra)
        .iterator(chunk_size=CHUNK)
    )
    chunk = []
    for row in stream:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield from _format(chunk, fields, labels)
            chunk = []
    yield from _format(chunk, fields, labels)


def _format(chunk, fields, labels):
    unit_at, coord_at = fields.index("unit"), fields.index("coordination_unit")
    refs = references([r[unit_at] for r in chunk] + [r[coord_at] for r in chunk if r[coord_at]])
    for row in chunk:
        out = []
        for field, value in zip(fields, row, strict=False):
            if field in ("unit", "coordination_unit"):
                out.append(refs.get(value, "") if value else "")
            elif field in labels:
                out.append(labels[field].get(value, value))
            elif field == "in_stats":
                out.append("是" if value else "否")
            elif field in DATES or field in MONEY or field == "year":
                out.append(value)
            else:
                out.append(_clean(value))
        completed, rate, month, colour, reason, flags = row[len(fields) :]
        out += [
            completed,
            rate,
            f"{month}月" if month else "",
            labels["colour"][colour],
            _clean(reason),
            "、".join(flags),
        ]
        yield out


def write_ledger(out, projects) -> int:
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet(SHEET_TITLE)
    ws.freeze_panes(1, 2)
    header = wb.add_format({"bold": True, "bg_color": "#E8EEF7", "bottom": 1, "text_wrap": True})
    for col, title in enumerate(HEADERS + STATE_HEADERS):
        ws.write_string(0, col, title, header)
        ws.set_column(col, col, 30 if title in ("项目名称", "建设内容及规模", "亮灯原因") else 12)
    dated = wb.add_format({"num_format": "yyyy-mm-dd"})
    money = wb.add_format({"num_format": "0.00"})
    number = 0
    for number, values in enumerate(export_rows(projects), start=1):
        for col, value in enumerate(values):
            if value is None or value == "":
                ws.write_blank(number, col, None)
            elif isinstance(value, Decimal):
                ws.write_number(number, col, float(value), money)
            elif isinstance(value, int):
                ws.write_number(number, col, value)
            elif hasattr(value, "isoformat"):
                ws.write_datetime(number, col, value, dated)
            else:
                ws.write_string(number, col, value)
    wb.close()
    return number


def export_ledger(projects):
    """An open temporary .xlsx of `projects`, at its start (deleted when the response closes it)."""
    return temporary_xlsx(write_ledger, projects)


# ---- import ----


@dataclasses.dataclass
class ParsedRow:
    number: int
    fields: dict
    existing: Project | None


def _read_sheet(file):
    wb = open_workbook(file, LIMITS, "文件不是有效的 Excel 工作簿（.xlsx），请使用导出的台账")
    try:
        if not wb.worksheets:
            raise ImportFailed([CellError("工作簿中没有工作表")])
        ws = wb[SHEET_TITLE] if SHEET_TITLE in wb.sheetnames else wb.worksheets[0]
        sheet, header_row, columns, rows = ws.title, None, {}, []
        for number, values in read_rows(ws, LIMITS):
            texts = [cell_text(v) for v in values]
            if header_row is None:
                if number > HEADER_SEARCH_ROWS:
                    break
                if any(t.rstrip("*＊").strip() == "项目名称" for t in texts):
                    header_row, columns = number, header_columns(sheet, number, texts, HEADERS)
                continue
            rows.append((number, values))
    finally:
        wb.close()
    if header_row is None:
        raise ImportFailed([CellError("未找到表头行：表头应包含" + "、".join(HEADERS), sheet, 1)])
    if not rows:
        raise ImportFailed([CellError("表头下没有项目，没有可导入的内容", sheet, header_row + 1)])
    return sheet, columns, rows


class _Row(RowReader):
    def text(self, header, max_length=None, required=False) -> str:
        return super().text(header, max_length or _MAX.get(header), required or header in REQUIRED)

    def choice(self, header, choices, default=None):
        try:
            value = parse_choice(self.text(header), choices, default, header)
        except CellProblem as problem:
            self.error(header, str(problem))
            return None
        return value

    def amount(self, header):
        text = self.text(header)
        if not text:
            return None
        try:
            return parse_decimal(text, header)
        except CellProblem as problem:
            self.error(header, str(problem))
            return None

    def unit(self, header, refs):
        name = self.text(header)
        if not name:
            return None
        try:
            unit = refs.resolve(name)
        except ValueError as problem:
            self.error(header, str(problem))
            return None
        if unit.archived_at is not None:
            self.error(header, f"单位“{name}”已停用")
            return None
        return unit


def parse_row(r: _Row, refs) -> dict:
    fields = {
        "code": r.text("项目编号"),
        "name": r.text("项目名称"),
        "level": r.choice("级别", Project.Level.choices),
        "kind": r.choice("类型", Project.Kind.choices),
        "industry": r.choice("行业类别", Project.Industry.choices, Project.Industry.OTHER),
        "unit": r.unit("责任单位", refs),
        "coordination_unit": r.unit("协调责任单位", refs),
        "in_stats": r.choice("是否入库纳统", [(True, "是"), (False, "否")], False),
    }
    year = r.text("年度")
    fields["year"] = int(year) if re.fullmatch(r"\d{4}", year) else None
    if year and fields["year"] is None:
        r.error("年度", f"年度“{year}”应为四位年份")
    for field in MONEY:
        fields[field] = r.amount(HEADER_OF[field])
    for field in DATES:
        fields[field] = r.parse(HEADER_OF[field], parse_date_cell)
    for field in ("content", "location", "owner", "leader", "progress", "needs", "coordination"):
        fields[field] = r.text(HEADER_OF[field])
    return fields


def parse_rows(sheet, columns, rows, refs, existing):
    errors, parsed, seen = ErrorList(), [], {}
    for number, values in rows:
        found: list[CellError] = []
        r = _Row(sheet, number, values, columns, found)
        fields = parse_row(r, refs)
        key = (fields["year"], fields["code"])
        if fields["code"] and key in seen:
            r.error("项目编号", f"{fields['year']}年项目编号“{fields['code']}”与第 {seen[key]} 行重复")
        seen.setdefault(key, number)
        project = existing.get(key)
        if not found:  # the rules the form and the API apply, on what was read without a problem
            candidate = copy.copy(project) if project else Project()
            for field, value in fields.items():
                setattr(candidate, field, value)
            try:
                actions.validate_project(candidate)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    r.error(HEADER_OF.get(field, "项目名称"), "；".join(messages))
        errors.extend(sorted(found, key=lambda e: (len(e.column or ""), e.column or "")))
        parsed.append(ParsedRow(number, fields, project))
    return parsed, errors


def import_ledger(file, *, user_projects, jurisdiction, actor) -> tuple[int, int]:
    """Check every row; if all are valid create or update them in one transaction (audited as `actor`).
    `user_projects`: the projects the importer manages (an existing 年度+编号 outside it is an error).
    Returns (created, updated); raises ImportFailed with nothing written otherwise."""
    sheet, columns, rows = _read_sheet(file)
    refs = UnitRefs.within(jurisdiction)
    codes = {cell_text(v[columns["项目编号"]]) for _n, v in rows if columns["项目编号"] < len(v)}
    existing = {(p.year, p.code): p for p in user_projects.filter(code__in=codes)}
    parsed, errors = parse_rows(sheet, columns, rows, refs, existing)
    if errors or errors.more:
        raise ImportFailed(errors)
    created = updated = 0
    with transaction.atomic():
        for row in parsed:
            try:
                if row.existing is None:
                    actions.create_project(Project(**row.fields), actor=actor)
                    created += 1
                elif actions.update_project(row.existing, row.fields, actor=actor):
                    updated += 1
            except ValidationError as exc:
                raise ImportFailed(
                    [CellError(f"无法保存：{'；'.join(exc.messages)}", sheet, row.number)]
                ) from exc
    return created, updated
