"""我的待办, the reporting schedule of a plan, and 本期填报进度 with one-click 催办."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.audit import actions as audit
from apps.orgs.models import Unit
from apps.plans.access import (
    can_manage_plan,
    can_manage_plans,
    get_plan_for_user,
    jurisdiction_ids,
    visible_plans,
)
from apps.plans.models import Plan

from .. import actions, notify
from ..access import (
    URGED_ROLES,
    fills_own_reports,
    get_cycle_for_user,
    reports_to_approve,
    visible_notices,
    visible_reports,
)
from ..forms import ScheduleForm
from ..models import CloseOut, Cycle, Report, Schedule

TO_FILL = [Report.Status.PENDING, Report.Status.DRAFT, Report.Status.RETURNED]
REPORTED = [Report.Status.SUBMITTED, Report.Status.APPROVED, Report.Status.ACCEPTED]
NOTIFICATIONS_PER_PAGE = 20


@login_required
def todo(request):
    """What the user must fill, approve, accept or answer now."""
    user = request.user
    open_reports = (
        visible_reports(user).filter(cycle__status=Cycle.Status.OPEN).select_related("cycle", "task", "unit")
    )
    context = {
        "to_fill": open_reports.filter(status__in=TO_FILL)
        if fills_own_reports(user)
        else Report.objects.none(),
        "to_approve": reports_to_approve(user).select_related("cycle", "task", "unit"),
        "to_accept": Report.objects.none(),
        "notices": visible_notices(user)
        .filter(replied_at__isnull=True, closed_at__isnull=True)
        .select_related("task", "unit"),
        "closeouts": CloseOut.objects.none(),
        # After the work that waits for the user, a page at a time (newest first).
        "notifications": Paginator(
            user.notifications.filter(read_at__isnull=True), NOTIFICATIONS_PER_PAGE
        ).get_page(request.GET.get("page")),
        "today": timezone.localdate(),
    }
    if can_manage_plans(user):
        ids = jurisdiction_ids(user)  # the plans this coordinator manages, as one subquery
        plans = visible_plans(user)
        managed = (plans if ids is None else plans.filter(owner_unit_id__in=ids)).values("pk")
        context["to_accept"] = Report.objects.filter(
            status=Report.Status.APPROVED, task__plan_id__in=managed
        ).select_related("cycle", "task", "unit")
        context["closeouts"] = CloseOut.objects.filter(
            status=CloseOut.Status.APPLIED, task__plan_id__in=managed
        ).select_related("task", "unit")
        context["open_cycles"] = Cycle.objects.filter(
            status=Cycle.Status.OPEN, plan_id__in=managed
        ).select_related("plan")
    for key in ("to_fill", "to_approve", "to_accept"):
        context[key] = context[key][:200]
    return render(request, "cycles/todo.html", context)


@require_POST
@login_required
def notification_read(request, pk):
    notification = request.user.notifications.filter(pk=pk).first()
    if notification is None:
        raise Http404
    notification.read_at = timezone.now()
    notification.save(update_fields=["read_at"])
    return redirect(notification.link or "todo")


@login_required
def plan_cycles(request, pk):
    """The plan's reporting schedule (coordinator sets it) and its cycles."""
    plan = get_plan_for_user(request.user, pk)
    can_manage = can_manage_plan(request.user, plan)
    forms = []
    for kind, label in Schedule.Kind.choices:
        schedule = plan.schedules.filter(kind=kind).first() or Schedule(plan=plan, kind=kind, enabled=False)
        form = ScheduleForm(
            request.POST if request.method == "POST" and can_manage else None, instance=schedule, prefix=kind
        )
        forms.append((label, form))
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("只有牵头机关可以设置调度周期")
        if all(form.is_valid() for _, form in forms):
            for _, form in forms:
                schedule = form.save(commit=False)
                is_new = schedule.pk is None
                schedule.save()
                audit.record(
                    request.user,
                    "create" if is_new else "update",
                    schedule,
                    {f: [None, str(form.cleaned_data[f])] for f in form.changed_data},
                )
            messages.success(request, "调度周期已保存；系统将按周期自动开放和截止填报")
            return redirect("plan_cycles", plan.pk)
    startable = []
    if can_manage and plan.status == Plan.Status.PUBLISHED:
        today, cal = timezone.localdate(), actions.work_calendar()
        started = set(plan.cycles.exclude(status=Cycle.Status.SCHEDULED).values_list("kind", "period_start"))
        periods = [(s, actions.period_to_start(s, today, cal)) for s in plan.schedules.filter(enabled=True)]
        startable = [(s, p) for s, p in periods if (s.kind, p.start) not in started]
    cycles = plan.cycles.annotate(
        total=Count("reports"), reported=Count("reports", filter=Q(reports__status__in=REPORTED))
    )
    return render(
        request,
        "cycles/plan_cycles.html",
        {"plan": plan, "forms": forms, "cycles": cycles, "can_manage": can_manage, "startable": startable},
    )


@require_POST
@login_required
def plan_cycle_start(request, pk):
    """现在开始本期填报: the coordinator opens the current period of one schedule now."""
    plan = get_plan_for_user(request.user, pk, manage=True)
    try:
        cycle = actions.start_cycle_now(plan, request.POST.get("kind", ""), actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("plan_cycles", plan.pk)
    messages.success(
        request, f"{cycle.label}填报已开始，截止 {cycle.due_on:%Y-%m-%d}；各单位已可在“我的待办”中填报"
    )
    return redirect("cycle_progress", cycle.pk)


@login_required
def cycle_progress(request, pk):
    """本期填报进度: for each unit, how many of its reports are in, and 催办 in one click."""
    cycle = get_cycle_for_user(request.user, pk)
    can_manage = can_manage_plan(request.user, cycle.plan)
    if can_manage:
        # The plan's coordinators see every task of it: skip visible_reports' per-task IN (SELECT …) over
        # all visible tasks (a 50,000-row hash per request on a city-sized ledger).
        reports = Report.objects.filter(cycle=cycle, task__archived_at__isnull=True)
    else:
        reports = visible_reports(request.user).filter(cycle=cycle)
    # One aggregate grouped by unit id alone (no sort of every report by unit name); names, order and
    # totals are done on the few hundred rows here.
    counts = list(
        reports.values("unit_id")
        .annotate(
            total=Count("id"),
            pending=Count("id", filter=Q(status__in=TO_FILL)),
            submitted=Count("id", filter=Q(status=Report.Status.SUBMITTED)),
            approved=Count("id", filter=Q(status=Report.Status.APPROVED)),
            accepted=Count("id", filter=Q(status=Report.Status.ACCEPTED)),
            returned=Count("id", filter=Q(status=Report.Status.RETURNED)),
        )
        .order_by()
    )
    names = dict(Unit.objects.filter(pk__in=[r["unit_id"] for r in counts]).values_list("id", "name"))
    rows = sorted(
        ({**r, "unit__name": names.get(r["unit_id"], "")} for r in counts),
        key=lambda r: (-r["pending"], r["unit__name"]),
    )
    totals = {key: sum(r[key] for r in rows) for key in ("total", "pending", "accepted")}
    behind = [r["unit_id"] for r in rows if r["pending"]]
    reachable = notify.reachable_units(behind, *URGED_ROLES) if can_manage else set(behind)
    for r in rows:
        r["unreachable"] = r["pending"] and r["unit_id"] not in reachable
    context = {
        "cycle": cycle,
        "rows": rows,
        "totals": totals,
        "can_manage": can_manage,
        "unreachable": [r["unit__name"] for r in rows if r["unreachable"]],
    }
    return render(request, "cycles/progress.html", context)


@require_POST
@login_required
def cycle_urge(request, pk, unit_pk):
    """催办 a unit that has not reported: in-app message + its channels, at most once a day per unit."""
    cycle = get_cycle_for_user(request.user, pk, manage=True)
    unit = Unit.objects.filter(pk=unit_pk).first()
    pending = Report.objects.filter(cycle=cycle, unit=unit, status__in=TO_FILL).count() if unit else 0
    if not pending:
        messages.info(request, "该单位本期已全部报送，无需催办")
        return redirect("cycle_progress", cycle.pk)
    if unit.pk not in notify.reachable_units([unit.pk], *URGED_ROLES):
        audit.record(
            request.user,
            "update",
            cycle,
            {"催办": [None, f"{unit.name}：{pending} 项（无人可接收，未送达）"]},
        )
        messages.error(
            request,
            f"催办未能送达：{unit.name}没有可接收通知的账号或启用的通知渠道。"
            "请系统管理员为该单位开通填报账号或配置通知渠道，或电话联系。",
        )
        return redirect("cycle_progress", cycle.pk)
    today = timezone.localdate()
    sent = notify.send(
        users=notify.unit_users([unit.pk], *URGED_ROLES),
        units=[unit],
        key=f"urge:{cycle.pk}:{unit.pk}:{today}",
        subject="【催办】进展报告",
        text=f"【催办】{cycle.plan.title}{cycle.label}进展报告截止 {cycle.due_on:%Y-%m-%d}，贵单位尚有 {pending} 项未报送，请抓紧填报",
        link="/todo/",
    )
    audit.record(request.user, "update", cycle, {"催办": [None, f"{unit.name}：{pending} 项"]})
    messages.success(request, f"已向{unit.name}发出催办" if sent else f"今天已向{unit.name}催办过")
    return redirect("cycle_progress", cycle.pk)
