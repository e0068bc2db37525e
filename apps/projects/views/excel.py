"""The project ledger's Excel export (the ledger's filters) and the 牵头机关's all-or-nothing import."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from apps.plans.access import filter_units
from lib.uploads import upload_limit
from lib.xlsx import ImportFailed, too_large

from ..access import can_manage_projects, visible_projects
from ..excel import HEADERS, REQUIRED, STATE_HEADERS, export_ledger, import_ledger
from ..forms import ImportForm
from ..models import Project
from ..query import filter_form, filtered_projects
from .ledger import require_see

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def project_export(request):
    require_see(request.user)
    form = filter_form(request.user, request.GET, filter_units(request.user))
    filename = f"重点项目台账-{timezone.localdate():%Y-%m-%d}.xlsx"
    out = export_ledger(filtered_projects(request.user, form))
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


@login_required
@upload_limit("IMPORT_MAX_BYTES")
def project_import(request):
    user = request.user
    if not can_manage_projects(user):
        raise PermissionDenied("只有牵头机关可以导入重点项目")
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    errors, more, status = [], 0, 200
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        oversized = too_large(upload.size, settings.IMPORT_MAX_BYTES)
        if oversized:
            errors, status = [oversized], 413
        else:
            try:
                created, updated = import_ledger(
                    upload,
                    user_projects=visible_projects(user),
                    jurisdiction=user.unit.jurisdiction(),
                    actor=user,
                )
            except ImportFailed as failed:
                errors, more, status = failed.errors, failed.more, 400
            else:
                messages.success(request, f"导入完成：新增项目 {created} 个，更新 {updated} 个")
                return redirect("project_list")
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
        "levels": [label for _v, label in Project.Level.choices],
        "kinds": [label for _v, label in Project.Kind.choices],
        "industries": [label for _v, label in Project.Industry.choices],
        "max_mb": f"{settings.IMPORT_MAX_BYTES / (1024 * 1024):g}",
    }
    return render(request, "projects/import.html", context, status=status)
