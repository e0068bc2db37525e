"""One project's page (its figures and colour with the reason, 前期手续, the monthly history and its
chart, the reports waiting for the user) and the 牵头机关's new / edit / archive / restore."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.audit.models import AuditEvent
from apps.audit.registry import label
from apps.plans.access import visible_tasks
from lib.forms import add_errors, render_form

from .. import actions, rules
from ..access import (
    can_manage_project,
    can_manage_projects,
    can_report_project,
    get_project_for_user,
    project_units,
    review_step,
    visible_reports,
)
from ..forms import ProjectForm, ReviewForm
from ..lights import last_due_month
from ..models import Project, ProjectReport


def _form(request, instance=None):
    initial = None if instance else {"year": timezone.localdate().year}
    return ProjectForm(
        request.POST or None,
        instance=instance,
        initial=initial,
        units=project_units(request.user),
        tasks=visible_tasks(request.user).select_related("plan"),
    )


@login_required
def project_create(request):
    if not can_manage_projects(request.user):
        raise PermissionDenied("只有牵头机关可以新建重点项目")
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        project = Project(**form.values())
        try:
            actions.create_project(project, actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "重点项目已建立")
            return redirect("project_detail", project.pk)
    return render_form(request, form, title="新建重点项目", cancel_url="/projects/")


@login_required
def project_edit(request, pk):
    project = get_project_for_user(request.user, pk, action="manage")
    form = _form(request, instance=Project.objects.get(pk=project.pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_project(project, form.values(), actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("project_detail", project.pk)
    return render_form(
        request, form, title=f"修改重点项目 — {project.name}", cancel_url=f"/projects/{project.pk}/"
    )


@require_POST
@login_required
def project_archive(request, pk):
    project = get_project_for_user(request.user, pk, action="manage", include_archived=True)
    if request.POST.get("restore") == "1":
        actions.restore_project(project, actor=request.user)
        messages.success(request, "项目已恢复")
    else:
        actions.archive_project(project, actor=request.user)
        messages.success(request, "项目已归档，不再出现在台账中；可在项目页面恢复")
    return redirect("project_detail", project.pk)


def history_chart(project, reports) -> dict:
    """Month by month: the 时间进度 (from the monthly plan, or month ÷ 12) against the 投资完成率 of the
    counted reports — null where a month was not reported (shown as a gap, never as zero)."""
    counted = {r.month: r for r in reports if r.status in r.COUNTED}
    months = range(1, 13)
    return {
        "labels": [f"{m}月" for m in months],
        "planned": [float(rules.time_progress(m, project.monthly_plan)) for m in months],
        "reported": [
            float(rules.completion_rate(counted[m].cumulative, project.annual_plan) or 0)
            if m in counted
            else None
            for m in months
        ],
    }


def open_months(project, reports) -> list[int]:
    """The months a new report may be for: not reported yet, up to the current month of the year."""
    today = timezone.localdate()
    limit = 12 if today.year > project.year else (today.month if today.year == project.year else 0)
    done = {r.month for r in reports}
    return [m for m in range(1, limit + 1) if m not in done]


def next_month(project, reports) -> int | None:
    """The month a new report is offered for: the one after the latest report; for a project's first
    report, the last month due (a project entered in November starts with October, not January)."""
    months = open_months(project, reports)
    if not months:
        return None
    latest = max((r.month for r in reports), default=0)
    wanted = latest + 1 if latest else max(1, last_due_month(project.year, timezone.localdate()))
    return min((m for m in months if m >= wanted), default=months[-1])


def render_detail(request, project, *, review_form=None, review_report=None, status=200):
    user = request.user
    reports = list(
        visible_reports(user, project).select_related("reviewed_by", "created_by").order_by("month")
    )
    for report in reports:
        report.step = review_step(user, report)
        report.rate = rules.completion_rate(report.cumulative, project.annual_plan)
    context = {
        "project": project,
        "reports": reports,
        "chart": history_chart(project, reports) if reports else None,
        "next_month": next_month(project, reports) if can_report_project(user, project) else None,
        "can_manage": can_manage_project(user, project),
        "can_report": can_report_project(user, project),
        "due_month": last_due_month(project.year, timezone.localdate()),
        "progress": rules.time_progress(project.reported_month, project.monthly_plan)
        if project.reported_month
        else None,
        "review_form": review_form or ReviewForm(),
        "review_report": review_report,
        "history": _history(project, reports),
    }
    return render(request, "projects/project_detail.html", context, status=status)


def _history(project, reports) -> list:
    """The project's and its reports' audit rows, newest first, each with a line saying what it was."""
    months = {r.pk: r.month for r in reports}
    statuses = dict(ProjectReport.Status.choices)
    events = list(
        AuditEvent.objects.filter(
            Q(object_type="project", object_id=project.pk)
            | Q(object_type="projectreport", object_id__in=list(months))
        ).order_by("-at", "-id")[:50]
    )
    for event in events:
        if event.object_type == "project":
            fields = "、".join(label("project", f) for f in event.changes)
            event.note = f"{event.get_action_display()}项目{'：' + fields if fields else ''}"
        elif "status" in event.changes:
            event.note = f"{months[event.object_id]}月月报：{statuses.get(event.changes['status'][1], '')}"
        else:
            event.note = f"{event.get_action_display()}{months[event.object_id]}月月报"
    return events


@login_required
def project_detail(request, pk):
    project = get_project_for_user(request.user, pk, include_archived=True)
    return render_detail(request, project)
