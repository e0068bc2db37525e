"""Shared helpers for the .xlsx files users download, fill in Excel and upload back.

Writing: user text is always written as text, never as a formula (`text_cell`).

Reading an upload (`open_workbook`, `read_rows`) is bounded whatever the file claims: the archive's
uncompressed size is checked before anything is parsed (Python's zipfile never inflates a member beyond
its declared size), and the sheet is streamed cell by cell, ignoring the size the sheet itself declares
(its ``<dimension>``), refusing data beyond `Limits.max_rows` / `max_columns`, more than `max_cells`
cells in all, or a cell longer than Excel allows. Problems are `CellError`s naming sheet, row and column;
an `ErrorList` keeps the first 100 and counts the rest.
"""

from __future__ import annotations

import dataclasses
import datetime
import tempfile
import zipfile

from lxml import etree
from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

# Excel (and LibreOffice) turn a cell typed as “=…”, “+…”, “-…” or “@…” into a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@")
MAX_ERRORS = 100
EXCEL_MAX_CELL_CHARS = 32767
_ROW, _CELL = f"{{{SHEET_MAIN_NS}}}row", f"{{{SHEET_MAIN_NS}}}c"


# ---- writing ----


def temporary_xlsx(write, *args):
    """An open temporary .xlsx that `write(out, *args)` filled, at its start (deleted once closed, e.g.
    by the FileResponse that sends it)."""
    out = tempfile.NamedTemporaryFile(suffix=".xlsx")
    try:
        write(out, *args)
        out.flush()
        out.seek(0)
    except BaseException:
        out.close()
        raise
    return out


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def text_cell(ws, value, **styles) -> WriteOnlyCell:
    """A write-only cell holding `value`; a string is stored as a string even when it starts with “=”
    (openpyxl would write a formula), and such text gets Excel's quote prefix, so that editing the cell
    in Excel keeps it text too."""
    cell = WriteOnlyCell(ws, value=value)
    for name, style in styles.items():
        setattr(cell, name, style)
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


# ---- problems ----


@dataclasses.dataclass(frozen=True)
class CellError:
    """One problem in the uploaded file. `row`/`column` are None for problems of the whole file/sheet."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # letter, e.g. "E"
    header: str | None = None

    def __str__(self):
        where = ""
        if self.sheet is not None:
            where = f"工作表“{self.sheet}”"
            if self.row is not None:
                where += f"第 {self.row} 行"
            if self.column:
                where += f" {self.column} 列"
                if self.header:
                    where += f"（{self.header}）"
            where += "："
        return where + self.message


class ErrorList(list):
    """The problems found: the first `limit` are kept, the others only counted (in `more`)."""

    def __init__(self, limit=MAX_ERRORS):
        super().__init__()
        self.limit, self.more = limit, 0

    def append(self, error):
        if len(self) < self.limit:
            super().append(error)
        else:
            self.more += 1

    def extend(self, errors):
        for error in errors:
            self.append(error)


class ImportFailed(Exception):
    """Nothing was imported. `errors`: the problems listed; `more`: how many others were not listed."""

    def __init__(self, errors, more=0):
        self.errors = list(errors)
        self.more = more + getattr(errors, "more", 0)
        super().__init__("\n".join(self.messages()))

    def messages(self) -> list[str]:
        lines = [str(e) for e in self.errors]
        if self.more:
            lines.append(f"另有 {self.more} 处问题未列出")
        return lines


# ---- reading ----


def too_large(size: int, limit: int) -> CellError | None:
    """The problem of an upload of `size` bytes above `limit` bytes (None when it fits)."""
    if size <= limit:
        return None
    return CellError(f"文件过大（{size / (1024 * 1024):.1f} MB），上限为 {limit / (1024 * 1024):g} MB")


@dataclasses.dataclass(frozen=True)
class Limits:
    """What one upload may hold. `max_cells` counts every cell and row element the sheet has, empty
    ones too, so it bounds the work of reading it."""

    max_rows: int
    max_columns: int = 50
    max_cells: int = 150_000
    max_cell_chars: int = EXCEL_MAX_CELL_CHARS
    max_uncompressed_bytes: int = 30 * 1024 * 1024


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def open_workbook(file, limits: Limits, not_xlsx: str):
    """The workbook (read-only, cached values of formulas), or ImportFailed when the upload is not a
    usable .xlsx file (`not_xlsx` is the message) or would inflate beyond the limit."""
    try:
        if hasattr(file, "seek"):
            file.seek(0)
        with zipfile.ZipFile(file) as archive:
            if sum(info.file_size for info in archive.infolist()) > limits.max_uncompressed_bytes:
                mb = limits.max_uncompressed_bytes // (1024 * 1024)
                raise ImportFailed([CellError(f"文件解压后超过 {mb} MB 的上限，请拆分后分批导入")])
        if hasattr(file, "seek"):
            file.seek(0)
        return load_workbook(file, read_only=True, data_only=True)
    except ImportFailed:
        raise
    except Exception:  # zipfile, XML and openpyxl errors all mean the same thing to the user
        raise ImportFailed([CellError(not_xlsx)]) from None


def read_rows(ws, limits: Limits):
    """Yield (row number, values) for each row of the read-only sheet `ws` that holds a value; values
    run from column A to the row's last value. Raises ImportFailed at the first limit exceeded.

    Streams the sheet's XML with lxml, one cell at a time (each cell parsed by openpyxl's own cell
    parser, so shared strings, dates and booleans read as openpyxl reads them), and drops each element
    once read: memory stays flat however many rows or cells the file claims or holds."""
    book = ws.parent
    sheet = ws.title
    with book._archive.open(ws._worksheet_path) as source:
        parser = WorkSheetParser(
            source,
            ws._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        seen = 0
        values = {}
        events = etree.iterparse(
            source, events=("start", "end"), tag=(_ROW, _CELL), resolve_entities=False, no_network=True
        )
        for event, element in events:
            if event == "start":
                if element.tag == _ROW:
                    r = element.get("r")
                    parser.row_counter = int(r) if r and r.isdigit() else parser.row_counter + 1
                    parser.col_counter = 0
                    values = {}
                continue
            seen += 1
            if seen > limits.max_cells:
                raise ImportFailed(
                    [CellError(f"单元格超过 {limits.max_cells} 个的上限，请拆分后分批导入", sheet)]
                )
            if element.tag == _CELL:
                if not len(element):  # no value: only keep count of the columns
                    ref = element.get("r")
                    parser.col_counter = coordinate_to_tuple(ref)[1] if ref else parser.col_counter + 1
                    _drop(element)
                    continue
                cell = parser.parse_cell(element)
                _drop(element)
                value = cell["value"]
                if value is None or value == "":
                    continue
                number, column = cell["row"], cell["column"]
                if column > limits.max_columns:
                    message = f"超出 {limits.max_columns} 列的上限，请删除多余的列"
                    raise ImportFailed([CellError(message, sheet, number, get_column_letter(column))])
                if isinstance(value, str) and len(value) > limits.max_cell_chars:
                    message = f"内容超过 {limits.max_cell_chars} 字，Excel 单元格容纳不下"
                    raise ImportFailed([CellError(message, sheet, number, get_column_letter(column))])
                values[column] = value
                continue
            _drop(element)  # the end of a row
            if not values:
                continue
            number = parser.row_counter
            if number > limits.max_rows:
                message = f"超过 {limits.max_rows} 行的上限，请拆分后分批导入"
                raise ImportFailed([CellError(message, sheet, number)])
            row = [None] * max(values)
            for column, value in values.items():
                row[column - 1] = value
            values = {}
            yield number, tuple(row)


def _drop(element):
    """Free an element read to its end, and the siblings read before it."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
