"""A unit's progress sheet for one cycle: download, fill offline, upload back (all or nothing).

Layout: worksheet “进展填报”, header in row 1, one report per row:

    报告编号 版本 任务编号 任务名称 本单位角色 状态 进展情况 完成进度（%） 存在问题 下步打算 指标实际值

- 报告编号 and 版本 identify the report and the version downloaded; a report changed in the app since the
  download is refused (nothing is overwritten silently).
- 指标实际值: one target per line, ``[12] 新建高标准农田（目标 ≥50万亩）：32``; fill in the number after the colon.
- Rows of reports already submitted are read-only: leave them unchanged.
"""

import re
import tempfile
from decimal import Decimal, InvalidOperation

from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from apps.plans.models import Target, fmt_number
from lib.xlsx import (
    CellError,
    ErrorList,
    ImportFailed,
    Limits,
    cell_text,
    open_workbook,
    read_rows,
    text_cell,
)

from . import actions

SHEET = "进展填报"
HEADERS = (
    "报告编号",
    "版本",
    "任务编号",
    "任务名称",
    "本单位角色",
    "状态",
    "进展情况",
    "完成进度（%）",
    "存在问题",
    "下步打算",
    "指标实际值",
)
WIDTHS = (10, 6, 8, 36, 10, 12, 48, 12, 30, 30, 44)
LIMITS = Limits(max_rows=2000, max_cells=100_000, max_uncompressed_bytes=20 * 1024 * 1024)
ACTUAL_RE = re.compile(r"^\[(\d+)\][^：:]*[：:]\s*(.*?)\s*$")


def _actual_lines(report, targets, actuals) -> str:
    lines = []
    for target in targets:
        value = actuals.get(target.pk)
        lines.append(
            f"[{target.pk}] {target.metric}（目标 {target.get_comparator_display()}{fmt_number(target.value)}{target.unit}）：{fmt_number(value) if value is not None else ''}"
        )
    return "\n".join(lines)


def export_sheet(cycle, reports) -> str:
    """Write the sheet to a temporary file and return its path."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    ws.freeze_panes = "A2"
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    header_font, fill = Font(bold=True), PatternFill("solid", fgColor="EEF1F5")
    wrap = Alignment(wrap_text=True, vertical="top")

    def cell(value, bold=False):
        if bold:
            return text_cell(ws, value, alignment=wrap, font=header_font, fill=fill)
        return text_cell(ws, value, alignment=wrap)

    ws.append([cell(h, bold=True) for h in HEADERS])
    reports = list(reports.select_related("task").prefetch_related("actuals"))
    targets_by_task = {}
    for target in Target.objects.filter(task_id__in={r.task_id for r in reports}, archived_at__isnull=True):
        targets_by_task.setdefault(target.task_id, []).append(target)
    for r in reports:
        actuals = {a.target_id: a.value for a in r.actuals.all()}
        ws.append(
            [
                cell(r.pk),
                cell(r.version),
                cell(r.task.code),
                cell(r.task.title),
                cell("牵头" if r.is_lead else "配合"),
                cell(r.get_status_display()),
                cell(r.narrative),
                cell(r.percent),
                cell(r.problems),
                cell(r.next_steps),
                cell(_actual_lines(r, targets_by_task.get(r.task_id, []), actuals)),
            ]
        )
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
    wb.save(handle.name)
    return handle.name


def _number(text, where, errors):
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        errors.append(CellError(f"“{text}”不是数字", *where))
        return None


def _read_rows(file) -> list:
    """The sheet's rows below its header, as (row number, values), read within LIMITS."""
    wb = open_workbook(file, LIMITS, "文件不是有效的 Excel 工作簿（.xlsx），请使用本页下载的填报表")
    try:
        if SHEET not in wb.sheetnames:
            raise ImportFailed([CellError(f"找不到工作表“{SHEET}”，请使用本页下载的填报表")])
        try:
            rows = read_rows(wb[SHEET], LIMITS)
            first = next(rows, None)
            if (
                first is None
                or first[0] != 1
                or tuple(cell_text(v) for v in first[1][: len(HEADERS)]) != HEADERS
            ):
                raise ImportFailed([CellError("表头与填报表不一致，请使用本页下载的填报表", SHEET, 1)])
            return list(rows)
        except ImportFailed:
            raise
        except Exception:
            raise ImportFailed(
                [CellError("文件内容无法读取，请确认是 Excel 保存的 .xlsx 文件", SHEET)]
            ) from None
    finally:
        wb.close()


def import_sheet(cycle, unit_reports, file, *, actor) -> int:
    """Validate every row, then save all changed reports in one transaction. Returns how many changed."""
    rows = _read_rows(file)
    reports = {r.pk: r for r in unit_reports.select_related("task", "updated_by").prefetch_related("actuals")}
    col = {h: get_column_letter(i + 1) for i, h in enumerate(HEADERS)}
    errors, changes = ErrorList(), []
    for number, row in rows:
        values = dict(zip(HEADERS, [cell_text(v) for v in row] + [""] * len(HEADERS), strict=False))
        if not any(values.values()):
            continue

        def where(header, number=number):
            return (SHEET, number, col[header], header)

        report_id = values["报告编号"]
        report = reports.get(int(report_id)) if report_id.isdigit() else None
        if report is None:
            errors.append(CellError(f"报告编号“{report_id}”不是本单位本期的报告", *where("报告编号")))
            continue
        data = {
            "narrative": values["进展情况"],
            "problems": values["存在问题"],
            "next_steps": values["下步打算"],
            "percent": None,
        }
        if values["完成进度（%）"]:
            percent = _number(values["完成进度（%）"], where("完成进度（%）"), errors)
            if percent is not None and not (0 <= percent <= 100 and percent == int(percent)):
                errors.append(CellError("完成进度应为 0 到 100 的整数", *where("完成进度（%）")))
            elif percent is not None:
                data["percent"] = int(percent)
        actuals = {}
        for line in filter(None, (s.strip() for s in values["指标实际值"].splitlines())):
            m = ACTUAL_RE.match(line)
            if not m:
                errors.append(
                    CellError(
                        f"无法识别“{line}”，格式应为“[编号] 指标（目标 …）：实际值”", *where("指标实际值")
                    )
                )
                continue
            if m.group(2):
                actuals[int(m.group(1))] = _number(m.group(2), where("指标实际值"), errors)
        current = {  # read back as a cell would be: a browser's CRLF line breaks come back from Excel as LF
            "narrative": cell_text(report.narrative),
            "problems": cell_text(report.problems),
            "next_steps": cell_text(report.next_steps),
            "percent": report.percent,
        }
        current_actuals = {a.target_id: a.value for a in report.actuals.all()}
        differs = data != current or any(current_actuals.get(k) != v for k, v in actuals.items())
        if not differs:
            continue
        if not report.editable:
            errors.append(
                CellError(
                    f"该报告{report.get_status_display()}，不能再修改；请保持此行不变", *where("进展情况")
                )
            )
        elif values["版本"] != str(report.version):
            errors.append(
                CellError(
                    f"该报告在下载后已被 {report.updated_by or '他人'} 修改，请重新下载填报表", *where("版本")
                )
            )
        else:
            changes.append((report, data, actuals))
    if errors:
        raise ImportFailed(errors)
    with transaction.atomic():
        for report, data, actuals in changes:
            actions.save_report(report, data, actuals, version=report.version, actor=actor, audited=True)
    return len(changes)
