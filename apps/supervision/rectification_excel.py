"""The 整改台账 as an Excel workbook: its layout, the export (XlsxWriter, constant memory) and the import
of a 巡视/审计 office's ledger in the same layout, for one 交办单位.

Columns, in this order (the real ledger's):

    问题编号 问题来源* 来源文件号 问题类别 问题描述* 整改要求 整改目标 整改措施 牵头单位* 配合单位
    责任领导 责任人 整改时限 整改类型 | 整改状态 最新进展 销号日期

The import reads 问题编号 … 整改类型 (the last three are the ledger's own state, ignored on import):

- 问题来源 by its Chinese label (督查、巡视巡察、审计、环保督察、领导批示、群众反映);
- 牵头单位 / 配合单位 (、-separated) by code, path or a unique name/alias (apps.orgs.lookup);
- 整改时限: an Excel date, or text 2026-12-31 / 2026年12月31日; anything else (“12月底前”) is an error,
  unless 整改类型 is 持续整改 (which needs no time limit; the text is then dropped);
- 整改类型: 限期整改 / 持续整改, empty means 限期整改.

All rows or none: every row is checked first (apps.supervision.actions_inspections.check_rectification
included); on any problem ``ImportFailed`` lists up to 100 (row number and Chinese column header) and counts
the rest, and nothing is saved. Otherwise every item is created through create_rectification (audited).
"""

from __future__ import annotations

import dataclasses
import itertools
import re

import xlsxwriter
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.orgs.lookup import UnitRefs, references
from apps.plans.excel_cells import (
    UNIT_SPLIT_RE,
    CellProblem,
    RowReader,
    header_columns,
    parse_choice,
    parse_date_cell,
)
from lib.xlsx import (
    EXCEL_MAX_CELL_CHARS,
    CellError,
    ErrorList,
    ImportFailed,
    Limits,
    cell_text,
    looks_like_formula,
    open_workbook,
    read_rows,
    temporary_xlsx,
)

from . import actions_inspections as actions
from .models import Rectification

SHEET_TITLE = "整改台账"
HEADERS = (
    "问题编号",
    "问题来源",
    "来源文件号",
    "问题类别",
    "问题描述",
    "整改要求",
    "整改目标",
    "整改措施",
    "牵头单位",
    "配合单位",
    "责任领导",
    "责任人",
    "整改时限",
    "整改类型",
)
STATE_HEADERS = ("整改状态", "最新进展", "销号日期", "核查意见", "公示截止", "回头看", "问责情况")
EXPORT_HEADERS = HEADERS + STATE_HEADERS
REQUIRED = ("问题来源", "问题描述", "牵头单位")
LIMITS = Limits(max_rows=5000)
HEADER_SEARCH_ROWS = 10
UNIT_SEPARATOR = "、"
WIDTHS = (12, 10, 18, 12, 40, 30, 26, 36, 18, 24, 10, 10, 12, 10, 12, 36, 12, 30, 12, 12, 30)
DATE_COLUMNS = (12, 16, 18)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX = {"问题编号": 40, "来源文件号": 100, "问题类别": 100, "责任领导": 100, "责任人": 100}


# ---- export ----


def _clean(text) -> str:
    return _ILLEGAL.sub("", text or "")[:EXCEL_MAX_CELL_CHARS]


def export_rows(items):
    """The values of each item's row, in EXPORT_HEADERS order (text, or a date / None in the date
    columns). Streamed in chunks of CHUNK_SIZE: per chunk, one query for the co-units and two for the
    unit references, so memory and the query count do not grow with the ledger."""
    sources, kinds = dict(Rectification.Source.choices), dict(Rectification.Kind.choices)
    statuses = dict(Rectification.Status.choices)
    stream = items.order_by("id").values_list(*_EXPORT_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(itertools.islice(stream, CHUNK_SIZE)):
        links = list(
            Rectification.co_units.through.objects.filter(rectification_id__in=[c[0] for c in chunk])
            .order_by("id")
            .values_list("rectification_id", "unit_id")
        )
        refs = references([c[9] for c in chunk] + [u for _r, u in links])
        cos: dict[int, list[str]] = {}
        for item_id, unit_id in links:
            cos.setdefault(item_id, []).append(refs[unit_id])
        for pk, code, source, ref, category, desc, req, goal, measures, lead, *rest in chunk:
            leader, person, due, kind, status, progress, closed_on, verify_note, until, rebound, blame = rest
            yield (
                _clean(code),
                _clean(sources.get(source, source)),
                _clean(ref),
                _clean(category),
                _clean(desc),
                _clean(req),
                _clean(goal),
                _clean(measures),
                _clean(refs[lead]),
                _clean(UNIT_SEPARATOR.join(cos.get(pk, ()))),
                _clean(leader),
                _clean(person),
                due,
                _clean(kinds.get(kind, kind)),
                _clean(statuses.get(status, status)),
                _clean(progress),
                closed_on,
                _clean(verify_note),
                until,
                "问题反弹" if rebound else "",
                _clean(blame),
            )


_EXPORT_FIELDS = (
    "pk",
    "code",
    "source",
    "source_ref",
    "category",
    "description",
    "requirement",
    "goal",
    "measures",
    "lead_unit_id",
    "leader",
    "person",
    "due_date",
    "kind",
    "status",
    "progress",
    "closed_on",
    "verify_note",
    "publicity_until",
    "rebound",
    "accountability",
)
CHUNK_SIZE = 2000


def write_ledger(out, items) -> int:
    """Write the sheet to `out` (path or binary file). User text is written as text, never a formula."""
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet(SHEET_TITLE)
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.repeat_rows(0)
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    header = wb.add_format({"bold": True, "bg_color": "#E8EEF7", "bottom": 1, "text_wrap": True})
    for col, title in enumerate(EXPORT_HEADERS):
        ws.write_string(0, col, title, header)
    wrapped = wb.add_format({"valign": "top", "text_wrap": True})
    quoted = wb.add_format({"valign": "top", "text_wrap": True, "quote_prefix": True})
    dated = wb.add_format({"valign": "top", "num_format": "yyyy-mm-dd"})
    number = 0
    for number, values in enumerate(export_rows(items), start=1):
        for col, value in enumerate(values):
            if col in DATE_COLUMNS:
                if value is None:
                    ws.write_blank(number, col, None, dated)
                else:
                    ws.write_datetime(number, col, value, dated)
            elif not value:
                ws.write_blank(number, col, None, wrapped)
            else:
                ws.write_string(number, col, value, quoted if looks_like_formula(value) else wrapped)
    wb.close()
    return number


def export_ledger(items):
    """An open temporary .xlsx of `items`, at its start (deleted when closed by the response)."""
    return temporary_xlsx(write_ledger, items)


def write_template(out) -> None:
    """An empty ledger with the importable columns only."""
    wb = xlsxwriter.Workbook(out, {"strings_to_formulas": False})
    ws = wb.add_worksheet(SHEET_TITLE)
    ws.freeze_panes(1, 0)
    header = wb.add_format({"bold": True, "bg_color": "#E8EEF7", "bottom": 1, "text_wrap": True})
    for col, title in enumerate(HEADERS):
        ws.set_column(col, col, WIDTHS[col])
        ws.write_string(0, col, title + ("*" if title in REQUIRED else ""), header)
    ws.set_column(12, 12, WIDTHS[12], wb.add_format({"num_format": "yyyy-mm-dd"}))
    wb.close()


# ---- import ----


@dataclasses.dataclass
class ParsedRow:
    number: int
    fields: dict
    co_units: list


def _read_sheet(file):
    wb = open_workbook(file, LIMITS, "文件不是有效的 Excel 工作簿（.xlsx），请使用下载的模板")
    try:
        if not wb.worksheets:
            raise ImportFailed([CellError("工作簿中没有工作表")])
        ws = wb[SHEET_TITLE] if SHEET_TITLE in wb.sheetnames else wb.worksheets[0]
        sheet, header_row, columns, rows = ws.title, None, {}, []
        try:
            for number, values in read_rows(ws, LIMITS):
                texts = [cell_text(v) for v in values]
                if not any(texts):
                    continue
                if header_row is None:
                    if number > HEADER_SEARCH_ROWS:
                        break
                    if any(t.rstrip("*＊").strip() == "问题描述" for t in texts):
                        header_row, columns = number, header_columns(sheet, number, texts, HEADERS)
                    continue
                rows.append((number, values))
        except ImportFailed:
            raise
        except Exception:
            raise ImportFailed(
                [CellError("文件内容无法读取，请确认是 Excel 保存的 .xlsx 文件", sheet)]
            ) from None
    finally:
        wb.close()
    if header_row is None:
        raise ImportFailed(
            [CellError("未找到表头行：表头应包含" + "、".join(HEADERS) + "，请使用下载的模板", sheet, 1)]
        )
    if not rows:
        raise ImportFailed([CellError("表头下没有整改事项，没有可导入的内容", sheet, header_row + 1)])
    return sheet, columns, rows


class _Row(RowReader):
    """The task ledger's row reader, with this ledger's required columns, lengths, choices and units."""

    def text(self, header, max_length=None, required=False) -> str:
        return super().text(header, max_length or _MAX.get(header), required or header in REQUIRED)

    def choice(self, header, choices, default):
        try:
            return parse_choice(self.text(header), choices, default, header)
        except CellProblem as problem:
            self.error(header, str(problem))
            return None

    def units(self, header, refs) -> list:
        found = []
        for name in dict.fromkeys(n.strip() for n in UNIT_SPLIT_RE.split(self.text(header)) if n.strip()):
            try:
                unit = refs.resolve(name)
            except ValueError as problem:
                self.error(header, str(problem))
                continue
            if unit.archived_at is not None:
                self.error(header, f"单位“{name}”已停用")
            elif unit not in found:
                found.append(unit)
        return found


_FIELD_OF = {"description": "问题描述", "due_date": "整改时限", "co_units": "配合单位"}


def parse_rows(sheet, columns, rows, refs, owner_unit):
    errors, parsed, codes = ErrorList(), [], {}
    for number, values in rows:
        found: list[CellError] = []  # this row's problems, listed left to right
        r = _Row(sheet, number, values, columns, found)
        code = r.text("问题编号")
        if code in codes:
            r.error("问题编号", f"问题编号“{code}”与第 {codes[code]} 行重复")
        elif code:
            codes[code] = number
        kind = r.choice("整改类型", Rectification.Kind.choices, Rectification.Kind.DEADLINE)
        due_text, due = cell_text(r.raw("整改时限")), None
        try:
            due = parse_date_cell(r.raw("整改时限"))
        except CellProblem:
            if kind != Rectification.Kind.ONGOING:
                r.error(
                    "整改时限",
                    f"“{due_text}”不是日期：应为日期或形如 2026-12-31、2026年12月31日的文字"
                    "（持续整改的事项可不填）",
                )
        source = r.choice("问题来源", Rectification.Source.choices, None)
        leads = r.units("牵头单位", refs)
        if len(leads) > 1:
            r.error("牵头单位", "牵头单位只能填写一个，其他单位请填入“配合单位”")
        co_units = r.units("配合单位", refs)
        fields = {
            "owner_unit": owner_unit,
            "code": code,
            "source": source,
            "source_ref": r.text("来源文件号"),
            "category": r.text("问题类别"),
            "description": r.text("问题描述"),
            "requirement": r.text("整改要求"),
            "goal": r.text("整改目标"),
            "measures": r.text("整改措施"),
            "lead_unit": leads[0] if leads else None,
            "leader": r.text("责任领导"),
            "person": r.text("责任人"),
            "due_date": due,
            "kind": kind,
        }
        if fields["lead_unit"] is not None and fields["lead_unit"] in co_units:
            r.error("配合单位", "牵头单位不能同时是配合单位")
        if kind:  # the rules the form and the API apply, on what was not already reported
            try:
                actions.check_rectification(Rectification(**fields))
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    if (field == "description" and not fields["description"]) or (
                        field == "due_date" and due_text
                    ):
                        continue
                    r.error(_FIELD_OF.get(field, "问题描述"), "；".join(messages))
        errors.extend(sorted(found, key=lambda e: (len(e.column or ""), e.column or "")))
        parsed.append(ParsedRow(number, fields, co_units))
    return parsed, errors


def import_ledger(file, *, owner_unit, actor) -> int:
    """Check every row of `file`; if all are valid create them for `owner_unit` in one transaction (each
    through create_rectification, so audited as `actor`). Returns the number created; raises
    ImportFailed (nothing written) otherwise."""
    sheet, columns, rows = _read_sheet(file)
    refs = UnitRefs.within(owner_unit.jurisdiction())
    parsed, errors = parse_rows(sheet, columns, rows, refs, owner_unit)
    if errors or errors.more:
        raise ImportFailed(errors)
    with transaction.atomic():
        for row in parsed:
            try:
                actions.create_rectification(Rectification(**row.fields), co_units=row.co_units, actor=actor)
            except ValidationError as exc:
                message = "；".join(exc.messages)
                raise ImportFailed([CellError(f"无法保存：{message}", sheet, row.number)]) from exc
    return len(parsed)
