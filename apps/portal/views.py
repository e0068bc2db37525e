"""Pages composed from several domains: the task page, 我的待办 and the audit log. The domain apps
provide each part (a context function per panel); only this module puts them on one page."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.cascade import taskpage as cascade_panel
from apps.cycles import taskpage as cycle_panel
from apps.cycles.access import fills_own_reports, reports_to_approve, visible_reports
from apps.cycles.actions import WAITING
from apps.cycles.models import Cycle, Report
from apps.dashboard.access import lands_on_dashboard
from apps.orgs.access import require_admin
from apps.plans import taskpage as plan_panel
from apps.plans.access import can_manage_plans, get_task_for_user, jurisdiction_ids, visible_plans
from apps.supervision import monthly
from apps.supervision.access import notices_to_handle
from apps.supervision.access_inspections import rectifications_to_accept, rectifications_to_report
from apps.supervision.access_instructions import instructions_to_answer
from apps.supervision.models import CloseOut
from apps.supervision.panels import task_panel as supervision_panel

TO_FILL = WAITING
NOTIFICATIONS_PER_PAGE = 20
LIST_LIMIT = 200


@login_required  # so that the login comes back to / and a 领导 lands on the dashboard
def home(request):
    return redirect("dashboard" if lands_on_dashboard(request.user) else "plan_list")


@login_required
def task_detail(request, pk):
    task = get_task_for_user(request.user, pk)
    context = {
        **plan_panel.context(request.user, task),
        **cycle_panel.context(request.user, task),
        **supervision_panel(request.user, task),
        **cascade_panel.context(request.user, task),
    }
    return render(request, "portal/task_detail.html", context)


@login_required
def todo(request):
    """What the user must fill, approve, accept or answer now; then their unread notifications."""
    user, today = request.user, timezone.localdate()
    context = {
        # the earliest due first; only what the rows show is read (a clerk's list has dozens of rows)
        "to_fill": _report_rows(
            visible_reports(user).filter(cycle__status=Cycle.Status.OPEN, status__in=TO_FILL)
        )
        if fills_own_reports(user)
        else [],
        "to_approve": _report_rows(reports_to_approve(user)),
        "to_accept": [],
        # to answer (a unit's staff) or to follow up and close (a coordinator), the oldest reply day first
        "notices": notices_to_handle(user).select_related("task", "unit").order_by("reply_by", "id"),
        "closeouts": [],
        # 按月交账: the items still owing this month's progress first, each with its due day
        "rectifications": monthly.for_todo(
            rectifications_to_report(user).select_related("lead_unit"), today, limit=LIST_LIMIT
        ),
        "instructions": instructions_to_answer(user).select_related("leader", "task", "rectification"),
        "to_verify": rectifications_to_accept(user).select_related("lead_unit").order_by("due_date", "id"),
        # After the work that waits for the user, a page at a time (newest first).
        "notifications": Paginator(
            user.notifications.filter(read_at__isnull=True), NOTIFICATIONS_PER_PAGE
        ).get_page(request.GET.get("page")),
        "today": today,
    }
    if can_manage_plans(user):
        ids = jurisdiction_ids(user)  # the plans this coordinator manages, as one subquery
        plans = visible_plans(user)
        managed = (plans if ids is None else plans.filter(owner_unit_id__in=ids)).values("pk")
        # by the plans' cycles (a few hundred rows) and the (cycle, status) index, not a scan of every
        # approved report joined to its task; oldest cycle first. The first LIST_LIMIT are chosen on the
        # narrow columns, then only those rows are read whole (a 市's 11,000 waiting reports sorted as ids:
        # 43 → 3 ms at province scale)
        order = ("cycle__period_end", "cycle_id", "task_id", "id")
        first = Report.objects.filter(status=Report.Status.APPROVED, cycle__plan_id__in=managed).order_by(
            *order
        )
        context["to_accept"] = (
            Report.objects.filter(pk__in=list(first.values_list("pk", flat=True)[:LIST_LIMIT]))
            .select_related("cycle", "task", "unit")
            .only(*REPORT_ROW)
            .order_by(*order)
        )
        context["closeouts"] = CloseOut.objects.filter(  # to 核查, then to 审核
            status__in=[CloseOut.Status.APPLIED, CloseOut.Status.VERIFIED], task__plan_id__in=managed
        ).select_related("task", "unit")
        context["open_cycles"] = Cycle.objects.filter(
            status=Cycle.Status.OPEN, plan_id__in=managed
        ).select_related("plan")
    for key in (
        "to_fill", "to_approve", "to_accept", "notices", "closeouts", "rectifications", "to_verify", "instructions"
    ):  # fmt: skip
        context[key] = context[key][:LIST_LIMIT]
    return render(request, "portal/todo.html", context)


def _report_rows(reports):
    """我的待办's report lists: the columns the rows show, in an order that needs no join beyond them
    (Report's own ordering goes through the task's plan and area)."""
    return (
        reports.select_related("cycle", "task", "unit")
        .only(*REPORT_ROW)
        .order_by("cycle__due_on", "cycle_id", "task_id", "-is_lead", "unit_id")
    )


REPORT_ROW = (
    "is_lead", "status", "cycle__label", "cycle__due_on", "task__title", "unit__name"
)  # fmt: skip


@login_required
def audit_log(request):
    """系统管理员: every recorded event, logins included, newest first."""
    require_admin(request.user)
    events = AuditEvent.objects.select_related("actor")
    action = request.GET.get("action", "")
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/audit_log.html",
        {"page": page, "actions": AuditEvent.Action.choices, "action": action},
    )
