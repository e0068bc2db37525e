"""The reporting schedule of a plan, and 本期填报进度 with one-click 催办."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.notify.outbox import reachable_units
from apps.orgs.models import Unit
from apps.plans.access import (
    can_manage_plan,
    get_plan_for_user,
)
from apps.plans.models import Plan

from .. import actions, progress
from ..access import URGED_ROLES, get_cycle_for_user, visible_reports
from ..calendar import work_calendar
from ..forms import ScheduleForm
from ..models import Cycle, Report, Schedule

TO_FILL = actions.WAITING
UNITS_PER_PAGE = 100
REPORTED = [Report.Status.SUBMITTED, Report.Status.APPROVED, Report.Status.ACCEPTED]


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
            with transaction.atomic():
                for _, form in forms:
                    changed = {f: form.cleaned_data[f] for f in form.changed_data}
                    actions.save_schedule(form.save(commit=False), changed, actor=request.user)
            messages.success(request, "调度周期已保存；系统将按周期自动开放和截止填报")
            return redirect("plan_cycles", plan.pk)
    startable = []
    if can_manage and plan.status == Plan.Status.PUBLISHED:
        today, cal = timezone.localdate(), work_calendar()
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
    """本期填报进度: the cycle's reports summed per 市/县区, then each unit's (most missing first, a page at a
    time, filtered to one 区域), with 催办 in one click."""
    cycle = get_cycle_for_user(request.user, pk)
    can_manage = can_manage_plan(request.user, cycle.plan)
    if can_manage:
        # The plan's coordinators see every task of it: skip visible_reports' per-task IN (SELECT …) over
        # all visible tasks (a 50,000-row hash per request on a city-sized ledger).
        reports = progress.cycle_reports(cycle)
    else:
        reports = visible_reports(request.user).filter(cycle=cycle)
    rows = progress.unit_rows(reports)
    totals = {key: sum(r[key] for r in rows) for key in ("total", "pending", "accepted")}
    regions = progress.regions(cycle.plan.owner_unit.jurisdiction(), rows)
    region = request.GET.get("region", "")
    chosen = next((r for r in regions if str(r["id"] or progress.OWN) == region), None)
    if chosen is not None:
        rows = [r for r in rows if r["region"] == chosen["id"]]
    page = Paginator(rows, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    behind = [r["unit_id"] for r in page.object_list if r["pending"]]
    reachable = reachable_units(behind, *URGED_ROLES) if can_manage else set(behind)
    for r in page.object_list:
        r["unreachable"] = r["pending"] and r["unit_id"] not in reachable
    context = {
        "cycle": cycle,
        "page": page,
        "rows": page.object_list,
        "totals": totals,
        "regions": regions if len(regions) > 1 else [],
        "region": chosen,
        "query": f"region={region}&" if chosen else "",
        "can_manage": can_manage,
        "unreachable": [r["unit__name"] for r in page.object_list if r["unreachable"]],
    }
    return render(request, "cycles/progress.html", context)


@require_POST
@login_required
def cycle_urge(request, pk, unit_pk):
    """催办 a unit that has not reported: in-app message + its channels, at most once a day per unit."""
    cycle = get_cycle_for_user(request.user, pk, manage=True)
    unit = get_object_or_404(Unit, pk=unit_pk)
    try:
        pending, sent = actions.urge_unit(cycle, unit, roles=URGED_ROLES, actor=request.user)
    except actions.Unreachable as exc:
        messages.error(request, "；".join(exc.messages))
    except ValidationError as exc:
        messages.info(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已向{unit.name}发出催办" if sent else f"今天已向{unit.name}催办过")
    return redirect("cycle_progress", cycle.pk)
