"""领导驾驶舱: one page, for a unit of the user's jurisdiction (`?unit=`) and one plan or all (`?plan=`)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from apps.orgs.models import Unit
from apps.plans.access import get_area_for_user

from . import board, ledgers
from .access import dashboard_plans, get_scope_for_user, led_tasks, red_tasks


def _link(request, **changes) -> str:
    """This page's URL with `changes` applied and every other parameter kept (None drops one)."""
    query = request.GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return f"{reverse('dashboard')}?{query.urlencode()}" if query else reverse("dashboard")


def _chart_rows(rows):
    return [
        {"label": r["label"], "status": dict(r["status"]), "rag": dict(r["rag"]), "url": r.get("url")}
        for r in rows
    ]


@login_required
def dashboard(request):
    root, scope = get_scope_for_user(request.user, request.GET.get("unit") or None)
    plans = dashboard_plans(request.user)
    plan = None
    if request.GET.get("plan"):
        plan = next((p for p in plans if str(p.pk) == request.GET["plan"]), None)
        if plan is None:
            raise Http404("没有这个计划。")
    area = None
    if plan and request.GET.get("area"):
        area = get_area_for_user(request.user, request.GET["area"])
        if area.plan_id != plan.pk:
            raise Http404("领域不属于该计划。")
    plan_ids = [plan.pk] if plan else [p.pk for p in plans]
    every = plan is None  # every plan the user sees: the all-plans rows are read
    area_id = area.pk if area else None

    totals, areas, involved = board.task_figures(scope, plan_ids, area_id, every=every)
    units = board.unit_figures(scope, plan_ids, totals, every=every, area_id=area_id)
    for unit in units:
        unit["url"] = _link(request, unit=str(unit["id"])) if unit["id"] else None
    # the ledger with the same filter: the tasks scope is 主责 for (the area's), as counted here
    ledger = reverse("plan_ledger", args=[plan.pk]) if plan else None
    same = f"{ledger}?unit={scope.pk}&owner=on" + (f"&area={area.pk}" if area else "") if ledger else None
    for row in (*areas, *units):
        row["total"] = sum(row["rag"].values())
    for row in areas:
        row["url"] = _link(request, area=str(row["id"])) if plan and row["id"] and not area else None
    trend, notices, rect = board.subtree_figures(scope, plan_ids, every)
    current = trend[-1] if trend else None
    rates, rate_units = (
        board.rates_by_unit(scope, plan_ids, current["label"], every=every) if current else ([], 0)
    )
    led = led_tasks(request.user)
    mine = board.led_figures(led, plan_ids) if led is not None else None
    for row in mine["plans"] if mine else ():
        row["url"] = reverse("plan_ledger", args=[row["id"]]) + "?mine=on"
    # the red list reads only the plans whose figures have red or overdue tasks (none: no read)
    red = board.red_list(red_tasks(request.user), scope, board.plans_with_red(areas), area_id)
    board.explain_missing([*red, *(mine["red"] if mine else ())], timezone.localdate())
    path = Unit.objects.filter(id__in=scope.ancestor_ids, path__startswith=root.path).order_by("path")
    context = {
        "plans": plans,
        "plan": plan,
        "scope": scope,
        "crumbs": [
            (u.name, _link(request, unit=None if u.pk == root.pk else str(u.pk), area=None)) for u in path
        ],
        "plan_links": [("全部计划", _link(request, plan=None, area=None))]
        + [(p.title, _link(request, plan=str(p.pk), area=None)) for p in plans],
        "area": area,
        "area_clear": _link(request, area=None),
        "ledger": same,
        "ledger_involved": f"{ledger}?unit={scope.pk}" if ledger else None,
        "total": sum(totals["status"].values()),
        "involved": involved - sum(totals["status"].values()),
        "statuses": board.status_rows(totals["status"]),
        "rags": board.rag_rows(totals["rag"]),
        "rag_counts": {key: totals["rag"].get(key, 0) for key in ("red", "yellow", "green")},
        "areas": areas,
        "units": units,
        "trend": trend,
        "current": current,
        "rates": rates,
        "rate_units": rate_units,
        "notices": notices,
        "rect": rect,
        "mine": mine,
        "red": red,
        "projects": ledgers.projects(request.user, scope, timezone.localdate()),
        "indicators": ledgers.indicators(request.user, scope, timezone.localdate()),
        "today": timezone.localdate(),
        "chart": {
            "areas": _chart_rows(areas),
            "units": _chart_rows(units),
            "trend": [
                {"label": c["label"], "planned": c["planned"], "reported": c["reported"], "rate": c["rate"]}
                for c in trend
            ],
            "statuses": [[label, n] for _, label, n, _ in board.status_rows(totals["status"])],
        },
    }
    return render(request, "dashboard/index.html", context)
