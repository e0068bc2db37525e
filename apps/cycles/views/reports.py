"""Filling, approving and accepting progress reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.orgs.access import is_unit_staff_of
from apps.plans.access import can_manage_plan

from .. import actions
from ..access import can_approve_reports, can_fill_reports, get_report_for_user
from ..forms import CommentForm, EvidenceForm, ReportForm
from ..models import Report


def _form(report, data=None):
    targets = report.task.targets.filter(archived_at__isnull=True)
    # the stored actuals are the initial values of an unbound form; a posted form shows what was posted
    actuals = dict(report.actuals.values_list("target_id", "value")) if data is None else {}
    return ReportForm(data, instance=report, targets=targets, actuals=actuals)


def _context(request, report, form=None, comment_form=None, error=None):
    user = request.user
    staff = is_unit_staff_of(user, report.unit)
    return {
        "report": report,
        "form": form or _form(report),
        "comment_form": comment_form or CommentForm(),
        "evidence_form": EvidenceForm(),
        "evidence": report.evidence.all(),
        "versions": report.versions.select_related("by")[:50],
        "can_fill": staff and can_fill_reports(user) and report.editable,
        "can_approve": staff and can_approve_reports(user) and report.status == Report.Status.SUBMITTED,
        "can_review": can_manage_plan(user, report.task.plan) and report.status == Report.Status.APPROVED,
        "error": error,
    }


@login_required
def report_detail(request, pk):
    report = get_report_for_user(request.user, pk)
    return render(request, "cycles/report.html", _context(request, report))


def _save(request, report, form):
    """Save the posted draft. Returns (report, status, error, field errors); status 200 when saved."""
    if not form.is_valid():
        error = "；".join(
            f"{form.fields[f].label if f in form.fields else ''}{'：' if f in form.fields else ''}{'，'.join(e)}"
            for f, e in form.errors.items()
        )
        return report, 400, error, form.errors
    try:
        report = actions.save_report(
            report,
            form.content(),
            form.actuals(),
            version=form.cleaned_data["version"],
            actor=request.user,
            tab=form.cleaned_data["tab"],
            targets=form.targets,
        )
    except actions.StaleReport as exc:
        return report, 409, str(exc), {}
    except ValidationError as exc:
        field_errors = exc.message_dict if hasattr(exc, "error_dict") else {}
        for field, errs in field_errors.items():
            if field in form.fields:
                form.add_error(field, errs)
        return report, 400, "；".join(exc.messages), field_errors
    return report, 200, None, {}


@require_POST
@login_required
def report_save(request, pk):
    """Autosave (htmx, as the clerk types) and the plain 保存草稿 button. A stale version is refused. An
    autosave answers with the status line and each field's errors (out of band); it replaces no input, so
    what was typed stays on the page."""
    report = get_report_for_user(request.user, pk, action="fill")
    form = _form(report, request.POST)
    report, status, error, field_errors = _save(request, report, form)
    if request.htmx:
        posted = request.POST.get("version", "")
        if error and posted.isdigit():
            # Echo the page's own version: handing a stale page the current one would let its next
            # autosave overwrite someone else's changes. Only a reload picks up the new version.
            report.version = int(posted)
        fields = [
            (name, field_errors.get(name, [])) for name in form.fields if name not in ("version", "tab")
        ]
        context = {"report": report, "error": error, "fields": fields}
        return render(request, "cycles/_save_status.html", context, status=status)
    if error:
        return render(
            request, "cycles/report.html", _context(request, report, form=form, error=error), status=status
        )
    messages.success(request, "草稿已保存")
    return redirect("report_detail", report.pk)


def _transition(request, report, func, success, **kwargs):
    try:
        func(report, actor=request.user, **kwargs)
    except actions.StaleReport as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("report_detail", report.pk)


@require_POST
@login_required
def report_submit(request, pk):
    """Save what was typed, then submit. When the save is refused the page shows the typed text again."""
    report = get_report_for_user(request.user, pk, action="fill")
    form = _form(report, request.POST)
    report, status, error, _ = _save(request, report, form)
    if error:
        if status == 400 and not form.is_valid():
            error = "请修正下列错误后再提交"
        return render(
            request, "cycles/report.html", _context(request, report, form=form, error=error), status=status
        )
    return _transition(
        request,
        report,
        actions.submit_report,
        "已提交本单位审核人审核",
        version=report.version,
        tab=form.cleaned_data["tab"],
    )


@require_POST
@login_required
def report_approve(request, pk):
    report = get_report_for_user(request.user, pk, action="approve")
    return _transition(request, report, actions.approve_report, "已审核通过并上报牵头机关")


@require_POST
@login_required
def report_accept(request, pk):
    report = get_report_for_user(request.user, pk, action="review")
    return _transition(request, report, actions.accept_report, "已采纳")


@require_POST
@login_required
def report_return(request, pk):
    report = get_report_for_user(request.user, pk)
    action = "review" if report.status == Report.Status.APPROVED else "approve"
    report = get_report_for_user(request.user, pk, action=action)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "cycles/report.html",
            _context(request, report, comment_form=form, error="请填写退回理由"),
            status=400,
        )
    return _transition(
        request,
        report,
        actions.return_report,
        "已退回，填报单位将收到通知",
        comment=form.cleaned_data["comment"],
    )


@require_POST
@login_required
def report_evidence(request, pk):
    report = get_report_for_user(request.user, pk, action="fill")
    if report.editable and "version" in request.POST:
        # the upload button sits in the report form: save what was typed first, or keep it on the page
        report_form = _form(report, request.POST)
        report, status, error, _ = _save(request, report, report_form)
        if error:
            context = _context(request, report, form=report_form, error=f"佐证材料未上传。{error}")
            return render(request, "cycles/report.html", context, status=status)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_report_evidence(report, upload=form.cleaned_data["file"], actor=request.user)
            messages.success(request, "佐证材料已上传")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, "请选择要上传的文件")
    return redirect("report_detail", report.pk)
