"""The ledger (台账) export: the tasks of a ledger view as an .xlsx, streamed (layout: apps.plans.excel)."""

import itertools
import tempfile

from django.db.models import OuterRef, Subquery
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.xml.functions import Element, SubElement

from apps.cycles.models import Report
from lib.xlsx import FORMULA_PREFIXES

from .excel import EXPORT_HEADERS, SHEET_TITLE, UNIT_SEPARATOR, milestone_text, target_text
from .models import RAG_CHOICES, STATUS_CHOICES, Milestone, Target, Task, TaskUnit

WIDTHS = (8, 20, 32, 48, 20, 26, 12, 12, 12, 10, 8, 46, 40, 10, 10, 10, 48)
CHUNK_SIZE = 2000
MAX_CELL_CHARS = 32767  # longer text is cut, as openpyxl does
_PRESERVE = {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}


def export_ledger(plan, tasks):
    """Write `tasks` (a queryset, e.g. ledger_tasks(...)) to an .xlsx; return the open temporary file,
    positioned at its start (it is deleted when closed, e.g. by the FileResponse that sends it).

    Streams: a write-only workbook, and the queryset read in chunks of CHUNK_SIZE (see _ledger_rows),
    so memory does not grow with the number of tasks."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_TITLE)
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "landscape"
    ws.print_title_rows = "1:1"
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="E8EEF7")
    thin = Side(style="thin", color="B0B7C3")
    header_border = Border(bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")

    header = []
    for title in EXPORT_HEADERS:
        cell = WriteOnlyCell(ws, value=title)
        cell.font, cell.fill, cell.border = header_font, header_fill, header_border
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        header.append(cell)
    ws.append(header)

    def prototype(**styles):
        cell = WriteOnlyCell(ws)
        for name, value in styles.items():
            setattr(cell, name, value)
        return cell

    wrapped, plain = prototype(alignment=wrap), prototype(alignment=top)
    dated = prototype(alignment=top, number_format="yyyy-mm-dd")

    rows = _ledger_rows(tasks)
    first = next(rows, None)
    if first is not None:
        # Style ids registered in the order openpyxl's own cells would (columns A, B, H of row 2), so
        # styles.xml is the same too.
        p, w, d = (str(cell.style_id) for cell in (plain, wrapped, dated))
        styles = (p, w, w, w, w, w, p, d, d, p, p, w, w, p, p, p, w)  # column by column, as EXPORT_HEADERS
        # Text that Excel would take for a formula once edited (“=…”, “+…”) carries the quote prefix.
        qp, qw = (str(prototype(alignment=a, quotePrefix=True).style_id) for a in (top, wrap))
        quoted = tuple({p: qp, w: qw}.get(style, style) for style in styles)
        _stream_rows(ws, styles, quoted, wb.epoch)
        ws.append(first)
        for row in rows:
            ws.append(row)

    out = tempfile.NamedTemporaryFile(suffix=".xlsx")  # closed (and so deleted) by the caller
    try:
        wb.save(out)
        out.flush()
        out.seek(0)
    except BaseException:
        out.close()
        raise
    return out


def _clean(text) -> str:
    """What an openpyxl string cell would hold: no control characters, at most 32,767 characters."""
    if not text:
        return ""
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_CELL_CHARS]


def _ledger_rows(tasks):
    """The values of each task's row, in the order of EXPORT_HEADERS: text (str, "" when empty), dates
    (datetime.date or None) and the percent (int or None).

    Plain tuples rather than model instances: the tasks are streamed, and for each chunk of
    CHUNK_SIZE tasks their unit links, targets and milestones are read in one query each (so the
    number of queries does not grow with the number of tasks within a chunk)."""
    kinds = {value: str(label) for value, label in Task.Kind.choices}
    priorities = {value: str(label) for value, label in Task.Priority.choices}
    comparators = {value: str(label) for value, label in Target.Comparator.choices}
    statuses, lights = dict(STATUS_CHOICES), dict(RAG_CHOICES)
    lead, co = TaskUnit.Role.LEAD, TaskUnit.Role.CO
    # 最新进展: the lead unit's latest report that the coordinator accepted.
    latest = Report.objects.filter(task=OuterRef("pk"), status=Report.Status.ACCEPTED, is_lead=True)
    latest = latest.exclude(narrative="").order_by("-cycle__period_end", "-id").values("narrative")[:1]
    stream = (
        tasks.annotate(latest_progress=Subquery(latest))
        .values_list(
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
            "latest_progress",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    while chunk := list(itertools.islice(stream, CHUNK_SIZE)):
        ids = [row[0] for row in chunk]
        leads, cos, targets, milestones = {}, {}, {}, {}
        # Each in its model's default ordering, as the ledger's prefetches read them.
        for task_id, role, name in TaskUnit.objects.filter(task_id__in=ids).values_list(
            "task_id", "role", "unit__name"
        ):
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
            status, percent, rag, latest_progress = progress
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
            )


def _stream_rows(ws, styles, quoted, epoch):
    """Make `ws.append(values)` write each row of _ledger_rows straight to the sheet's XML stream.

    openpyxl turns every value into a Cell object and writes it through several layers; for 13 cells ×
    50,000 rows that was most of the export's time. Here each row becomes one XML element (lxml's),
    written by the sheet's own incremental writer, and the XML is byte for byte what openpyxl writes:
    ``<c r="B2" s="3" t="inlineStr"><is><t>…</t></is></c>`` for text (with xml:space="preserve" when it
    starts or ends with a space), ``<c r="H2" s="4" t="n"><v>46023</v></c>`` for a date, and
    ``<c r="D2" s="3" t="n"></c>`` for an empty cell, kept for its style. `styles`: the cells' style
    ids, column by column; `quoted`: the same with Excel's quote prefix, for text starting like a formula.

    This replaces two internals of openpyxl's write-only worksheet (pinned, 3.1): `_values_to_row`,
    which made the Cell objects, and its writer's `write_row`. The header row, appended before, was
    written the ordinary way. Checked by test_excel_export and the export → import round trip."""
    letters = [get_column_letter(i) for i in range(1, len(styles) + 1)]
    dates = {}  # date → Excel serial, as openpyxl writes it

    def serial(value):
        text = dates.get(value)
        if text is None:
            text = dates[value] = safe_string(to_excel(value, epoch))
        return text

    def write_row(xf, values, number):
        r = str(number)
        row = Element("row", {"r": r})
        for letter, style, quoted_style, value in zip(letters, styles, quoted, values, strict=True):
            if value is None or value == "":
                SubElement(row, "c", {"r": letter + r, "s": style, "t": "n"}).text = ""
            elif value.__class__ is str:
                if value.startswith(FORMULA_PREFIXES):
                    style = quoted_style
                cell = SubElement(row, "c", {"r": letter + r, "s": style, "t": "inlineStr"})
                text = SubElement(SubElement(cell, "is"), "t", _PRESERVE if value != value.strip() else None)
                text.text = value
            elif value.__class__ is int:  # the percent
                cell = SubElement(row, "c", {"r": letter + r, "s": style, "t": "n"})
                SubElement(cell, "v").text = str(value)
            else:  # a date
                cell = SubElement(row, "c", {"r": letter + r, "s": style, "t": "n"})
                SubElement(cell, "v").text = serial(value)
        xf.write(row)

    ws._get_writer()  # created by the first append already (the header row)
    ws._values_to_row = lambda values, number: values
    ws._writer.write_row = write_row
