"""The 统计局's sheet of 主要经济指标: its template and its all-or-nothing import.

The layout follows the tables of a 统计月报 (“2026年1-3月各县区主要经济指标”): one sheet per period, the
period in the title above the table, then one row per indicator × 地区 —

    2026年1-3月定西市主要经济指标
    指标名称        | 地区   | 累计值  | 累计增速（%） | 全省位次
    地区生产总值    | 全省   | 2650.1  | 6.1          |
                    | 定西市 | 151.2   | 6.8          | 3
                    | 陇西县 | 30.5    | 7.2          |

- The title (the sheet's first non-empty row) names the period: “2026年1-3月”, “2026年3月”, “2026年1月”,
  or “2026年一季度 / 上半年 / 前三季度 / 全年”; each sheet of the workbook is one period.
- 指标名称 is one of the jurisdiction's indicators; a blank cell repeats the row above (a merged cell).
- 地区 is a 市 or 县区 of the jurisdiction (name, code or path), or 全省 for the province's figures.
- 累计值, 累计增速 and 全省位次 may be blank or “—” when not published; 位次 may read “第3位”.

Every row of every sheet is checked with the rules the form and the API use (actions.clean_values,
check_unit, check_month) and the importer's right to enter each unit's figures; one bad cell and nothing is
imported, the error naming sheet, row and column.
"""

import dataclasses
import re
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from openpyxl import Workbook

from apps.orgs.lookup import UnitRefs
from apps.plans.excel_cells import RowReader, header_columns
from lib.xlsx import CellError, ErrorList, ImportFailed, Limits, cell_text, open_workbook, read_rows

from . import actions
from .access import check_can_enter

LIMITS = Limits(max_rows=20_000, max_columns=20, max_cells=400_000)
MAX_SHEETS = 24
HEADER_SEARCH_ROWS = 10
PROVINCE = "全省"
MISSING_MARKS = {"", "—", "-", "–", "/", "－", "…"}
HEADERS = ("指标名称", "地区", "累计值", "累计增速（%）", "全省位次")
REQUIRED = ("指标名称", "地区")
# what 统计月报 tables call these columns
ALIASES = {
    "指标": "指标名称",
    "单位": "地区",
    "县区": "地区",
    "本年累计": "累计值",
    "1-本月累计": "累计值",
    "累计增速": "累计增速（%）",
    "累计增速(%)": "累计增速（%）",
    "增速（%）": "累计增速（%）",
    "增速(%)": "累计增速（%）",
    "比上年同期增长（%）": "累计增速（%）",
    "比上年同期增长(%)": "累计增速（%）",
    "全省排名": "全省位次",
    "位次": "全省位次",
}
_FIELD_HEADER = {
    "cumulative": "累计值",
    "growth": "累计增速（%）",
    "province_rank": "全省位次",
    "unit": "地区",
    "month": "指标名称",
}
_PERIOD_RE = re.compile(r"(\d{4})\s*年\s*(?:(\d{1,2})\s*[-—–~至到]\s*)?(\d{1,2})\s*月")
_NAMED_PERIODS = {"一季度": 3, "第一季度": 3, "上半年": 6, "前三季度": 9, "全年": 12}
_NAMED_RE = re.compile(r"(\d{4})\s*年\s*(第一季度|一季度|上半年|前三季度|全年)")
_RANK_RE = re.compile(r"^第?\s*(\d+)\s*[位名]?$")


def parse_period(title: str) -> tuple[int, int] | None:
    """(year, month) from a title: “2026年1-3月…” → (2026, 3); “2026年上半年…” → (2026, 6); None if none."""
    match = _PERIOD_RE.search(title)
    if match:
        start, end = match[2], int(match[3])
        if (start is None or int(start) == 1) and 1 <= end <= 12:
            return int(match[1]), end
        return None
    match = _NAMED_RE.search(title)
    return (int(match[1]), _NAMED_PERIODS[match[2]]) if match else None


def _header_name(text: str) -> str:
    name = text.rstrip("*＊").strip()
    return ALIASES.get(name.replace(" ", ""), name)


def _columns(sheet, number, names) -> dict:
    """Header → column index: 指标名称 and 地区 required, at least one of the figures' columns."""
    columns = header_columns(sheet, number, names, REQUIRED)
    for index, name in enumerate(names):
        if name in HEADERS and name not in REQUIRED:
            if name in columns:
                raise ImportFailed([CellError(f"表头“{name}”重复", sheet, number)])
            columns[name] = index
    if len(columns) == len(REQUIRED):
        raise ImportFailed([CellError("缺少列：累计值、累计增速（%）、全省位次至少要有一列", sheet, number)])
    return columns


# ---- template ----


def write_template(out, indicators, units, year: int, month: int, province=lambda indicator: True) -> None:
    """A sheet for `year`, 1-`month` with a row for each indicator × (全省, when `province(indicator)`, and
    each unit), values empty."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(f"1-{month}月")
    ws.append([f"{year}年1-{month}月主要经济指标"])
    ws.append([h + ("*" if h in REQUIRED else "") for h in HEADERS])
    for indicator in indicators:
        if month not in indicator.months:
            continue
        names = [*([PROVINCE] if province(indicator) else []), *(u.name for u in units)]
        for position, name in enumerate(names):
            ws.append([indicator.name if position == 0 else None, name])
    wb.save(out)


# ---- import ----


@dataclasses.dataclass
class Sheet:
    title: str
    year: int
    month: int
    columns: dict
    rows: list


def _read(file) -> list[Sheet]:
    wb = open_workbook(file, LIMITS, "文件不是有效的 Excel 工作簿（.xlsx），请使用下载的模板")
    sheets, errors = [], ErrorList()
    try:
        if len(wb.worksheets) > MAX_SHEETS:
            raise ImportFailed(
                [CellError(f"工作簿有 {len(wb.worksheets)} 个工作表，最多 {MAX_SHEETS} 个（每个月份一个）")]
            )
        for ws in wb.worksheets:
            period = columns = None
            rows = []
            try:
                for number, values in read_rows(ws, LIMITS):
                    texts = [cell_text(v) for v in values]
                    if not any(texts):
                        continue
                    if columns is None:
                        if number > HEADER_SEARCH_ROWS:
                            break
                        names = [_header_name(t) for t in texts]
                        if "指标名称" in names and "地区" in names:
                            columns = _columns(ws.title, number, names)
                        elif period is None:
                            period = parse_period("".join(texts))
                        continue
                    rows.append((number, values))
            except ImportFailed:
                raise
            except Exception:
                raise ImportFailed(
                    [CellError("文件内容无法读取，请确认是 Excel 保存的 .xlsx 文件", ws.title)]
                ) from None
            if columns is None and period is None and not rows:
                continue  # an empty sheet
            if columns is None:
                errors.append(CellError("未找到表头行：表头应包含" + "、".join(HEADERS), ws.title, 1))
            elif period is None:
                errors.append(
                    CellError("表头上方的标题中没有统计期，应形如“2026年1-3月主要经济指标”", ws.title, 1)
                )
            else:
                sheets.append(Sheet(ws.title, *period, columns, rows))
    finally:
        wb.close()
    if errors:
        raise ImportFailed(errors)
    if not any(s.rows for s in sheets):
        raise ImportFailed([CellError("表头下没有数据，没有可导入的内容")])
    return sheets


class _Row(RowReader):
    def value(self, header):
        if header not in self.columns:
            return None
        raw = self.raw(header)
        if isinstance(raw, str) and raw.strip() in MISSING_MARKS:
            return None
        if header == "全省位次" and raw is not None:
            text = cell_text(raw)
            match = _RANK_RE.match(text)
            if match is None:
                self.error(header, f"全省位次“{text}”应为数字，如 3 或“第3位”")
                return None
            return int(match[1])
        return raw


def _parse(sheets, indicators: dict, refs: UnitRefs, user):
    """{(indicator, year, month): [Figures]} or ImportFailed listing every problem."""
    errors, groups, seen = ErrorList(), defaultdict(list), {}
    for sheet in sheets:
        current = None
        for number, values in sheet.rows:
            row = _Row(sheet.title, number, values, sheet.columns, errors)
            name = row.text("指标名称")
            if name:
                current = indicators.get(name)
                if current is None:
                    row.error("指标名称", f"没有名为“{name}”的指标，请先在“经济指标”中添加，或检查名称")
            elif current is None:
                row.error("指标名称", "“指标名称”不能为空")
            place = row.text("地区", required=True)
            if current is None or not place:
                continue
            unit = None
            if place != PROVINCE:
                try:
                    unit = refs.resolve(place)
                except ValueError as problem:
                    row.error("地区", str(problem))
                    continue
            figures = actions.Figures(
                unit=unit,
                month=sheet.month,
                cumulative=row.value("累计值"),
                growth=row.value("累计增速（%）"),
                province_rank=row.value("全省位次"),
            )
            try:
                actions.check_unit(current, unit)
                actions.check_month(current, sheet.month)
                actions.clean_values(current, figures.values())
                check_can_enter(user, [unit], current)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    row.error(_FIELD_HEADER.get(field, "地区"), "；".join(messages))
                continue
            except PermissionDenied as exc:
                row.error("地区", str(exc))
                continue
            key = (current.pk, unit.pk if unit else None, sheet.year, sheet.month)
            if key in seen:
                row.error("地区", f"“{current.name}”的“{place}”已在第 {seen[key]} 行出现")
                continue
            seen[key] = number
            groups[(current, sheet.year, sheet.month)].append(figures)
    if errors or errors.more:
        raise ImportFailed(errors)
    return groups


def import_sheet(file, *, indicators, jurisdiction, actor) -> dict:
    """Import every sheet of `file`: `indicators` are those the user manages (by name), units are looked up
    in `jurisdiction`. All or nothing; returns the counts of save_figures summed, plus "rows"."""
    sheets = _read(file)
    by_name = {i.name: i for i in indicators}
    groups = _parse(sheets, by_name, UnitRefs.within(jurisdiction), actor)
    total = {"rows": 0, "created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for (indicator, year, month), rows in groups.items():
            try:
                counts = actions.save_figures(indicator, year, rows, actor=actor)
            except ValidationError as exc:
                raise ImportFailed(
                    [CellError(f"“{indicator.name}”{year}年1-{month}月无法保存：{'；'.join(exc.messages)}")]
                ) from exc
            total["rows"] += len(rows)
            for key, n in counts.items():
                total[key] += n
    return total
