"""整改台账 Excel export (what the user sees, with the list page's filters) and import (a 巡视/审计 office's
ledger for one 交办单位; all rows or none). The work is done in apps.supervision.rectification_excel."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lib.uploads import upload_limit
from lib.xlsx import ImportFailed, temporary_xlsx, too_large

from ..access_inspections import can_supervise, can_supervise_for
from ..forms_rectification_excel import RectificationImportForm
from ..models import Rectification
from ..rectification_excel import (
    HEADERS,
    REQUIRED,
    STATE_HEADERS,
    export_ledger,
    import_ledger,
    write_template,
)
from ..rectification_query import filtered_items

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def rectification_export(request):
    """Every item the user sees, filtered as the list page (?source=&unit=&status=&overdue=1)."""
    items, _form = filtered_items(request.user, request.GET, timezone.localdate())
    filename = f"整改台账-{timezone.localdate():%Y-%m-%d}.xlsx"
    return FileResponse(export_ledger(items), as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def _check_may_import(user):
    if not can_supervise(user):
        raise PermissionDenied("只有牵头机关或督查员可以导入整改台账")


@login_required
def rectification_template(request):
    _check_may_import(request.user)
    out = temporary_xlsx(write_template)
    return FileResponse(out, as_attachment=True, filename="整改台账模板.xlsx", content_type=XLSX_TYPE)


@login_required
@upload_limit("IMPORT_MAX_BYTES")
def rectification_import(request):
    _check_may_import(request.user)
    posted = request.method == "POST"
    form = RectificationImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        user=request.user,
        initial={"owner_unit": request.user.unit.jurisdiction() if request.user.unit_id else None},
    )
    errors, more, status = [], 0, 200
    if posted and form.is_valid():
        owner_unit, upload = form.cleaned_data["owner_unit"], form.cleaned_data["file"]
        if not can_supervise_for(request.user, owner_unit):
            raise PermissionDenied("只能为本辖区交办整改事项")
        oversized = too_large(upload.size, settings.IMPORT_MAX_BYTES)
        if oversized:
            errors, status = [oversized], 413
        else:
            try:
                created = import_ledger(upload, owner_unit=owner_unit, actor=request.user)
            except ImportFailed as failed:
                errors, more, status = failed.errors, failed.more, 400
            else:
                messages.success(request, f"导入完成：新增整改事项 {created} 项")
                return redirect("rectification_list")
    elif posted:
        status = 400
    context = {
        "form": form,
        "errors": errors,
        "errors_hidden": more,
        "error_count": len(errors) + more,
        "headers": HEADERS,
        "required": REQUIRED,
        "state_headers": STATE_HEADERS,
        "sources": [label for _v, label in Rectification.Source.choices],
        "max_mb": f"{settings.IMPORT_MAX_BYTES / (1024 * 1024):g}",
    }
    return render(request, "supervision/rectification_import.html", context, status=status)
