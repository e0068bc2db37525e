"""A project's monthly report: write (a phone-friendly form: the month's money, 形象进度, 开工, 手续,
problems), send, and the two reviews (单位审核人, then 牵头机关)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lib.forms import add_errors

from .. import actions
from ..access import get_project_for_user, get_report_for_user, review_step, visible_reports
from ..forms import ReportForm, ReviewForm
from ..lights import due_day
from ..models import ProjectReport
from .project import next_month, open_months, render_detail


def _render(request, form, project, report, month, status=200):
    context = {"form": form, "project": project, "report": report, "month": month, "due_day": due_day()}
    return render(request, "projects/report_form.html", context, status=400 if form.errors else status)


def _save(request, form, report, *, send):
    try:
        actions.save_report(report, form.values(), actor=request.user)
        if send:
            actions.submit_report(report, actor=request.user)
    except ValidationError as exc:
        add_errors(form, exc)
        return False
    return True


@login_required
def report_create(request, pk):
    project = get_project_for_user(request.user, pk, action="report")
    reports = list(visible_reports(request.user, project))
    month = next_month(project, reports)
    if month is None:
        messages.info(request, "本年度到本月为止的月报都已填写")
        return redirect("project_detail", project.pk)
    form = ReportForm(
        request.POST or None,
        permits=project.permits,
        months=open_months(project, reports),
        initial={"progress": project.progress, "month": month},
    )
    if request.method == "POST" and form.is_valid():
        month = form.cleaned_data["month"]
        report = ProjectReport(project=project, month=month)
        if _save(request, form, report, send=request.POST.get("send") == "1"):
            messages.success(request, _done(report))
            return redirect("project_detail", project.pk)
    return _render(request, form, project, None, month)


@login_required
def report_edit(request, pk):
    report = get_report_for_user(request.user, pk, action="edit")
    if not report.editable:
        raise PermissionDenied(f"该月报{report.get_status_display()}，不能修改")
    initial = {
        f: getattr(report, f)
        for f in ("month_investment", "cumulative", "progress", "started_on", "problems")
    }
    permits = {**(report.project.permits or {}), **(report.permits or {})}
    form = ReportForm(request.POST or None, permits=permits, months=None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if _save(request, form, report, send=request.POST.get("send") == "1"):
            messages.success(request, _done(report))
            return redirect("project_detail", report.project_id)
    return _render(request, form, report.project, report, report.month)


def _done(report) -> str:
    if report.status == ProjectReport.Status.SUBMITTED:
        project = report.project
        return f"{report.month}月月报已报送，等待单位审核。项目当前：{project.get_colour_display()}（{project.colour_reason}）"
    return f"{report.month}月月报已保存为草稿，确认后请报送"


@require_POST
@login_required
def report_submit(request, pk):
    report = get_report_for_user(request.user, pk, action="edit")
    try:
        actions.submit_report(report, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _done(report))
    return redirect("project_detail", report.project_id)


@require_POST
@login_required
def report_review(request, pk):
    report = get_report_for_user(request.user, pk, action="review")
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            actions.review_report(
                report, step=review_step(request.user, report), **form.cleaned_data, actor=request.user
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{report.month}月月报：{report.get_status_display()}")
            return redirect("project_detail", report.project_id)
    return render_detail(request, report.project, review_form=form, review_report=report.pk, status=400)
