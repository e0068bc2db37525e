"""The ledger (台账) export: the tasks of a ledger view as an .xlsx, streamed (layout: apps.plans.excel).

Written with XlsxWriter in constant_memory mode, each row's XML straight into its row file (_SheetRows), and
the tasks with their links, targets and milestones read as four streams in one order (_Alongside), so memory
does not grow with the number of tasks (300,000 tasks: 44 s, 26 s of it CPU, 142 MB; docs/operations.md)."""

import datetime
import itertools
import re
import tempfile

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from apps.orgs.lookup import references
from lib.xlsx import EXCEL_MAX_CELL_CHARS, FORMULA_PREFIXES

from .excel import EXPORT_HEADERS, SHEET_TITLE, UNIT_SEPARATOR, milestone_text, target_text
from .models import Milestone, Rag, Target, Task, TaskStatus, TaskUnit

WIDTHS = (8, 20, 32, 48, 20, 26, 12, 12, 12, 10, 8, 46, 40, 10, 10, 10, 48, 14)
WRAPPED = frozenset((1, 2, 3, 4, 5, 11, 12, 16))  # columns (0-based) whose text wraps
CHUNK_SIZE = 2000
# Characters XML 1.0 cannot hold (Excel refuses the file), dropped as openpyxl drops them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def export_ledger(plan, tasks, progress=None):
    """Write `tasks` (a queryset, e.g. ledger_tasks(...)) to an .xlsx; return the open temporary file,
    positioned at its start (it is deleted when closed, e.g. by the FileResponse that sends it)."""
    out = tempfile.NamedTemporaryFile(suffix=".xlsx")  # closed (and so deleted) by the caller
    try:
        write_ledger(out, tasks, progress)
        out.flush()
        out.seek(0)
    except BaseException:
        out.close()
        raise
    return out


def write_ledger(out, tasks, progress=None):
    """Write the ledger sheet of `tasks` to `out` (a path or a binary file). `progress(rows)`, when
    given, is called after each chunk of CHUNK_SIZE rows with the number of rows written so far.

    User text is always written as text (an inline string, never a formula), and text Excel would take
    for a formula once edited (“=…”, “+…”, “-…”, “@…”) carries the quote prefix, as lib.xlsx.text_cell."""
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet(SHEET_TITLE)
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.repeat_rows(0)

    header = wb.add_format(
        {"bold": True, "bg_color": "#E8EEF7", "bottom": 1, "bottom_color": "#B0B7C3"}
        | {"valign": "vcenter", "text_wrap": True}
    )
    plain, wrapped = wb.add_format({"valign": "top"}), wb.add_format({"valign": "top", "text_wrap": True})
    dated = wb.add_format({"valign": "top", "num_format": "yyyy-mm-dd"})
    quoted_plain = wb.add_format({"valign": "top", "quote_prefix": True})
    quoted_wrapped = wb.add_format({"valign": "top", "text_wrap": True, "quote_prefix": True})
    styles = [
        (wrapped, quoted_wrapped) if col in WRAPPED else (plain, quoted_plain) for col in range(len(WIDTHS))
    ]
    styles[7] = styles[8] = (dated, dated)
    # Each column carries its style, so an empty cell is simply not written (a third of a ledger's cells)
    # and still looks like its column.
    for i, width in enumerate(WIDTHS):
        ws.set_column(i, i, width, styles[i][0])

    sheet = _SheetRows(ws, len(WIDTHS))
    sheet.write(0, EXPORT_HEADERS, [(header, header)] * len(EXPORT_HEADERS))
    number = 0
    for number, values in enumerate(_ledger_rows(tasks), start=1):
        sheet.write(number, values, styles)
        if progress is not None and number % CHUNK_SIZE == 0:
            progress(number)
    sheet.finish(number)
    wb.close()
    if progress is not None:
        progress(number)
    return number


class _SheetRows:
    """Rows written straight into the worksheet's XML as XlsxWriter's constant_memory mode writes them:
    inline strings (never formulas), numbers, dates as serial numbers, the same style indexes and the same
    escapes — the file is the one XlsxWriter's write_string/write_number/write_datetime would make (a test
    compares the two), at a tenth of the cost: those build a cell object per cell and look it up again to
    write it (two minutes for a 300,000-task ledger). An empty value ("" or None) writes no cell.

    Uses three internals of XlsxWriter 3.3 (pinned in requirements/base.txt): the worksheet's row file
    `row_data_fh`, where constant_memory mode keeps the rows until close, `_check_dimensions` (the sheet's
    <dimension>) and Format._get_xf_index (a style's number in styles.xml)."""

    def __init__(self, ws, columns):
        self.ws, self.out = ws, ws.row_data_fh
        self.letters = [xl_col_to_name(col) for col in range(columns)]
        self.serials, self.indexes = {}, {}

    def write(self, row, values, styles):
        n = str(row + 1)
        parts = [f'<row r="{n}">']
        for letter, value, (style, quoted) in zip(self.letters, values, styles, strict=True):
            if value is None or value == "":
                continue
            if value.__class__ is str:
                fmt = quoted if value.startswith(FORMULA_PREFIXES) else style
                index = self.indexes.get(fmt) or self._index(fmt)
                parts.append(f'<c r="{letter}{n}" s="{index}" t="inlineStr"><is>{_inline(value)}</is></c>')
            else:  # the percent (an int) or a date
                number = value if value.__class__ is int else self._serial(value)
                index = self.indexes.get(style) or self._index(style)
                parts.append(f'<c r="{letter}{n}" s="{index}"><v>{number}</v></c>')
        parts.append("</row>")
        self.out.write("".join(parts))

    def finish(self, last_row):
        self.ws._check_dimensions(0, 0)
        self.ws._check_dimensions(last_row, len(self.letters) - 1)

    def _index(self, fmt):
        """A style's number, given on its first use as XlsxWriter gives it (so styles.xml is the same)."""
        self.indexes[fmt] = index = str(fmt._get_xf_index())
        return index

    def _serial(self, day):
        """Excel's serial number of a date (1900 system, with its 29 February 1900)."""
        serial = self.serials.get(day)
        if serial is None:
            serial = (day - _EPOCH).days + (day >= _FAKE_LEAP_DAY)
            self.serials[day] = serial
        return serial


_EPOCH = datetime.date(1899, 12, 31)
_FAKE_LEAP_DAY = datetime.date(1900, 3, 1)  # Excel counts a 29 February 1900 before it
# XlsxWriter's escapes of an inline string: a literal _xHHHH_ gets its underscore escaped, control characters
# left (\t \n are kept, \r is not) become _xHHHH_, then &, <, >; leading or trailing space is preserved.
_ESCAPED_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_NEEDS_WORK = re.compile(r"[_\x00-\x08\x0b-\x1f&<>\ufffe\uffff]")


def _inline(text: str) -> str:
    """The <is> content of an inline string cell, as XlsxWriter writes it."""
    if _NEEDS_WORK.search(text):
        text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if text[0].isspace() or text[-1].isspace():
        return f'<t xml:space="preserve">{text}</t>'
    return f"<t>{text}</t>"


def _clean(text) -> str:
    """What an Excel cell can hold: no control characters, at most 32,767 characters."""
    if not text:
        return ""
    return _ILLEGAL.sub("", text)[:EXCEL_MAX_CELL_CHARS]


def _ledger_rows(tasks):
    """The values of each task's row, in the order of EXPORT_HEADERS: text (str, "" when empty), dates
    (datetime.date or None) and the percent (int or None).

    Plain tuples rather than model instances: the tasks are streamed, and their unit links, targets and
    milestones are three more streams in the same order, read alongside (four queries whatever the number
    of tasks; a query per chunk of 2,000 tasks by their ids took 30 s at 300,000 tasks); each
    unit's name is looked up once for the whole export."""
    # the labels are fixed text that needs no cleaning; a value without one is written as it is
    kinds = {value: str(label) for value, label in Task.Kind.choices}
    priorities = {value: str(label) for value, label in Task.Priority.choices}
    comparators = {value: str(label) for value, label in Target.Comparator.choices}
    statuses = {value: str(label) for value, label in TaskStatus.choices}
    lights = {value: str(label) for value, label in Rag.choices}
    lead, co = TaskUnit.Role.LEAD, TaskUnit.Role.CO
    # 最新进展: the lead unit's latest accepted report, kept on the task by the cycle app.
    stream = tasks.values_list(
        "pk",
        "code",
        "area__title",
        "title",
        "description",
        "leader",
        "start_date",
        "due_date",
        "kind",
        "priority",
        "status",
        "percent",
        "rag",
        "progress_note",
        "leader_user__username",
    ).iterator(chunk_size=CHUNK_SIZE)
    # Each related table as one more stream in the tasks' order (then its model's default ordering, as the
    # ledger's prefetches read them), taken task by task alongside: no query per chunk, no list of ids.
    order = _related_order(tasks)
    of_tasks = {"task__in": tasks.order_by().values("pk")}
    links = _Alongside(TaskUnit.objects.filter(**of_tasks), order, "task_id", "role", "unit_id")
    live = {**of_tasks, "archived_at__isnull": True}
    target_rows = _Alongside(
        Target.objects.filter(**live),
        order,
        *("task_id", "metric", "comparator", "value", "unit", "baseline", "deadline", "horizon"),
    )
    milestone_rows = _Alongside(
        Milestone.objects.filter(**live), order, "task_id", "due_date", "deliverable", "done_on"
    )
    refs = {}  # unit id → how the sheet names it
    while chunk := list(itertools.islice(stream, CHUNK_SIZE)):
        ids = [row[0] for row in chunk]
        leads, cos, targets, milestones = {}, {}, {}, {}
        chunk_links = links.take(ids)
        # a unit whose name another unit shares is written as its code or path, so the import finds it
        if new := {u for _t, _r, u in chunk_links if u not in refs}:
            refs |= references(new)
        for task_id, role, unit_id in chunk_links:
            name = refs[unit_id]
            if role == lead:
                leads.setdefault(task_id, []).append(name)
            elif role == co:
                cos.setdefault(task_id, []).append(name)
        for task_id, metric, comparator, *rest in target_rows.take(ids):
            line = target_text(metric, comparators.get(comparator, comparator), *rest)
            targets.setdefault(task_id, []).append(line)
        for task_id, due_date, deliverable, done_on in milestone_rows.take(ids):
            milestones.setdefault(task_id, []).append(milestone_text(due_date, deliverable, done_on))

        for pk, code, area, title, description, leader, start, due, kind, priority, *progress in chunk:
            status, percent, rag, latest_progress, leader_account = progress
            text = [
                code,
                area or "",
                title,
                description,
                UNIT_SEPARATOR.join(leads.get(pk, ())),
                UNIT_SEPARATOR.join(cos.get(pk, ())),
                leader,
                "\n".join(targets.get(pk, ())),
                "\n".join(milestones.get(pk, ())),
                latest_progress,
                leader_account or "",
            ]
            # one look at the row's text for what a cell cannot hold (rare), rather than one per cell
            joined = "\n".join(text)
            if len(joined) > EXCEL_MAX_CELL_CHARS or _ILLEGAL.search(joined):
                text = [_clean(t) for t in text]
            code, area, title, description, lead_units, co_units, leader, *text = text
            target_lines, milestone_lines, latest_progress, leader_account = text
            yield (
                code,
                area,
                title,
                description,
                lead_units,
                co_units,
                leader,
                start,
                due,
                kinds.get(kind) or _clean(kind),
                priorities.get(priority) or _clean(str(priority)),
                target_lines,
                milestone_lines,
                statuses.get(status) or _clean(status),
                percent,
                lights.get(rag) or _clean(rag),
                latest_progress,
                leader_account,
            )
    for alongside in (links, target_rows, milestone_rows):
        alongside.finish()


class ExportChanged(RuntimeError):
    """The tasks changed while the export read them."""


def _related_order(tasks):
    """The tasks' ordering as seen from a table linked to them by `task`."""
    order = tasks.query.order_by or Task._meta.ordering
    if not all(isinstance(field, str) for field in order):
        raise ValueError("the export streams tasks ordered by field names only")
    return [f"-task__{f[1:]}" if f.startswith("-") else f"task__{f}" for f in order]


class _Alongside:
    """The rows of `queryset` (values `fields`, the task id first) read as one stream in the tasks' order
    `order`, then the model's own ordering, and handed out for the tasks as the task stream reaches them."""

    def __init__(self, queryset, order, *fields):
        ordering = [*order, *queryset.model._meta.ordering]
        self.rows_name = queryset.model._meta.verbose_name
        self.rows = queryset.order_by(*ordering).values_list(*fields).iterator(chunk_size=CHUNK_SIZE)
        self.head = next(self.rows, None)

    def take(self, ids):
        """The rows of the tasks `ids`, the next tasks of the stream in order."""
        out = []
        for pk in ids:
            while self.head is not None and self.head[0] == pk:
                out.append(self.head)
                self.head = next(self.rows, None)
        return out

    def finish(self):
        """Every row must have been handed out. Rows left mean the tasks changed between the reads (each
        its own snapshot): a task added, archived or moved in the order meanwhile, whose rows then stopped
        the stream. The export fails rather than leave the following tasks' cells empty (the job says to
        try again)."""
        if self.head is not None:
            raise ExportChanged(
                f"{self.rows_name} of task {self.head[0]} left over: the ledger changed meanwhile"
            )
