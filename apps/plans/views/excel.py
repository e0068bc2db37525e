"""Excel export and import of a plan's ledger (台账). The work is done in apps.plans.excel."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from lib.uploads import upload_limit
from lib.xlsx import too_large

from ..access import get_export_for_user, get_plan_for_user
from ..excel import (
    HEADERS,
    MILESTONE_EXAMPLE,
    PROGRESS_HEADERS,
    TARGET_EXAMPLE,
    ImportFailed,
    import_ledger,
)
from ..excel_export import export_ledger
from ..forms import ImportForm
from ..jobs import start_export
from ..ledger import ledger_filters, ledger_tasks
from ..models import ExportJob

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def plan_export(request, pk):
    """The ledger as .xlsx: the tasks this user sees, with the ledger's current filters and sort.
    More than EXPORT_JOB_ROWS tasks: a background job writes the file, and the user is sent to its page."""
    plan = get_plan_for_user(request.user, pk)
    tasks = ledger_tasks(request.user, plan, ledger_filters(request.user, plan, request.GET))
    safe_title = re.sub(r'[\\/:*?"<>|\s]+', "_", plan.title).strip("_")[:80] or "计划"
    filename = f"台账-{safe_title}-{timezone.localdate():%Y-%m-%d}.xlsx"
    total = tasks.count()
    if total > settings.EXPORT_JOB_ROWS:
        job = start_export(request.user, plan, request.GET.urlencode(), filename, total)
        return redirect("export_job", job.pk)
    return FileResponse(
        export_ledger(plan, tasks), as_attachment=True, filename=filename, content_type=XLSX_TYPE
    )


@login_required
def export_job(request, pk):
    """A large export's progress; the htmx part polls itself until the file is ready."""
    job = get_export_for_user(request.user, pk)
    template = "plans/_export_job.html" if request.htmx else "plans/export_job.html"
    return render(request, template, {"job": job, "plan": job.plan})


@login_required
def export_download(request, pk):
    """The file a finished export job wrote, for the user who asked for it."""
    job = get_export_for_user(request.user, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404("文件尚未生成")
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件已清理，请重新导出") from None
    return FileResponse(handle, as_attachment=True, filename=job.filename, content_type=XLSX_TYPE)


@login_required
@upload_limit("IMPORT_MAX_BYTES")
def plan_import(request, pk):
    """Coordinators managing the plan upload a ledger; every row is checked before anything is saved."""
    plan = get_plan_for_user(request.user, pk, manage=True)
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
                result = import_ledger(plan, upload, actor=request.user)
            except ImportFailed as failed:
                errors, more, status = failed.errors, failed.more, 400
            else:
                messages.success(request, str(result))
                return redirect("plan_ledger", plan.pk)
    elif form.errors:
        status = 400
    context = {
        "plan": plan,
        "form": form,
        "errors": errors,
        "errors_hidden": more,
        "error_count": len(errors) + more,
        "headers": HEADERS,
        "progress_headers": PROGRESS_HEADERS,
        "target_example": TARGET_EXAMPLE,
        "milestone_example": MILESTONE_EXAMPLE,
        "max_mb": f"{settings.IMPORT_MAX_BYTES / (1024 * 1024):g}",
    }
    return render(request, "plans/import.html", context, status=status)
