"""The offline progress sheet: a unit downloads its reports of a cycle, fills them in Excel, uploads back."""

import os
import urllib.parse

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render

from lib.uploads import upload_limit
from lib.xlsx import ImportFailed

from ..access import can_fill_reports, get_cycle_for_user
from ..excel import export_sheet, import_sheet
from ..models import Report


def _unit_reports(request, cycle):
    user = request.user
    if not can_fill_reports(user):
        raise PermissionDenied("只有单位填报员和审核人可以下载或上传本单位的填报表")
    return Report.objects.filter(cycle=cycle, unit__path__startswith=user.unit.path).order_by(
        "task__code", "task_id", "unit_id"
    )


class _TempFileResponse(FileResponse):
    def close(self):
        super().close()
        if os.path.exists(self.filename_on_disk):
            os.unlink(self.filename_on_disk)


@login_required
def sheet_download(request, pk):
    cycle = get_cycle_for_user(request.user, pk)
    path = export_sheet(cycle, _unit_reports(request, cycle))
    name = f"进展填报-{request.user.unit.name}-{cycle.label}.xlsx"
    response = _TempFileResponse(open(path, "rb"), as_attachment=True, filename=name)
    response.filename_on_disk = path
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{urllib.parse.quote(name)}"
    return response


@login_required
@upload_limit("IMPORT_MAX_BYTES")
def sheet_upload(request, pk):
    cycle = get_cycle_for_user(request.user, pk)
    reports = _unit_reports(request, cycle)
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = ["请选择要上传的填报表（.xlsx）"]
        elif upload.size > settings.IMPORT_MAX_BYTES:
            errors = [f"文件超过 {settings.IMPORT_MAX_BYTES // 1024 // 1024} MB 的上限"]
        else:
            try:
                n = import_sheet(cycle, reports, upload, actor=request.user)
            except ImportFailed as exc:
                errors = exc.messages()
            else:
                messages.success(request, f"填报表已导入：更新 {n} 份报告（草稿，请逐项核对后提交审核）")
                return redirect("todo")
    context = {"cycle": cycle, "count": reports.count(), "errors": errors}
    return render(request, "cycles/sheet_upload.html", context, status=400 if errors else 200)
