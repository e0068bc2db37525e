"""The ledger (台账) export: the tasks of a ledger view as an .xlsx, streamed (layout: apps.plans.excel).

Written with XlsxWriter in constant_memory mode: each row goes to the sheet's XML as soon as it is
written, and the queryset is read in chunks, so memory does not grow with the number of tasks."""

import itertools
import re
import tempfile

import xlsxwriter

from apps.orgs.lookup import references
from lib.xlsx import EXCEL_MAX_CELL_CHARS, looks_like_formula

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

    User text is always written as text (write_string, never a formula), and text Excel would take
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
    for col, title in enumerate(EXPORT_HEADERS):
        ws.write_string(0, col, title, header)

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

    number = 0
    for number, values in enumerate(_ledger_rows(tasks), start=1):
        for col, value in enumerate(values):
            style, quoted = styles[col]
            if value is None or value == "":
                continue
            if value.__class__ is str:
                ws.write_string(number, col, value, quoted if looks_like_formula(value) else style)
            elif value.__class__ is int:  # the percent
                ws.write_number(number, col, value, style)
            else:  # a date
                ws.write_datetime(number, col, value, style)
        if progress is not None and number % CHUNK_SIZE == 0:
            progress(number)
    wb.close()
    if progress is not None:
        progress(number)
    return number


def _clean(text) -> str:
    """What an Excel cell can hold: no control characters, at most 32,767 characters."""
    if not text:
        return ""
    return _ILLEGAL.sub("", text)[:EXCEL_MAX_CELL_CHARS]


def _ledger_rows(tasks):
    """The values of each task's row, in the order of EXPORT_HEADERS: text (str, "" when empty), dates
    (datetime.date or None) and the percent (int or None).

    Plain tuples rather than model instances: the tasks are streamed, and for each chunk of
    CHUNK_SIZE tasks their unit links, targets and milestones are read in one query each (so the
    number of queries does not grow with the number of tasks within a chunk)."""
    kinds = {value: str(label) for value, label in Task.Kind.choices}
    priorities = {value: str(label) for value, label in Task.Priority.choices}
    comparators = {value: str(label) for value, label in Target.Comparator.choices}
    statuses, lights = dict(TaskStatus.choices), dict(Rag.choices)
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
    while chunk := list(itertools.islice(stream, CHUNK_SIZE)):
        ids = [row[0] for row in chunk]
        leads, cos, targets, milestones = {}, {}, {}, {}
        # Each in its model's default ordering, as the ledger's prefetches read them.
        links = list(TaskUnit.objects.filter(task_id__in=ids).values_list("task_id", "role", "unit_id"))
        # a unit whose name another unit shares is written as its code or path, so the import finds it
        refs = references(u for _t, _r, u in links)
        for task_id, role, unit_id in links:
            name = refs[unit_id]
            if role == lead:
                leads.setdefault(task_id, []).append(name)
            elif role == co:
                cos.setdefault(task_id, []).append(name)
        for task_id, metric, comparator, *rest in Target.objects.filter(
            task_id__in=ids, archived_at__isnull=True
        ).values_list("task_id", "metric", "comparator", "value", "unit", "baseline", "deadline", "horizon"):
            line = target_text(metric, comparators.get(comparator, comparator), *rest)
            targets.setdefault(task_id, []).append(line)
        for task_id, due_date, deliverable, done_on in Milestone.objects.filter(
            task_id__in=ids, archived_at__isnull=True
        ).values_list("task_id", "due_date", "deliverable", "done_on"):
            milestones.setdefault(task_id, []).append(milestone_text(due_date, deliverable, done_on))

        for pk, code, area, title, description, leader, start, due, kind, priority, *progress in chunk:
            status, percent, rag, latest_progress, leader_account = progress
            yield (
                _clean(code),
                _clean(area),
                _clean(title),
                _clean(description),
                _clean(UNIT_SEPARATOR.join(leads.get(pk, ()))),
                _clean(UNIT_SEPARATOR.join(cos.get(pk, ()))),
                _clean(leader),
                start,
                due,
                _clean(kinds.get(kind, kind)),
                _clean(str(priorities.get(priority, priority))),
                _clean("\n".join(targets.get(pk, ()))),
                _clean("\n".join(milestones.get(pk, ()))),
                _clean(statuses.get(status, status)),
                percent,
                _clean(lights.get(rag, rag)),
                _clean(latest_progress),
                _clean(leader_account),
            )
