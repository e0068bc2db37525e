"""领导驾驶舱: one page, for a unit of the user's jurisdiction (`?unit=`) and one plan or all (`?plan=`)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from apps.orgs.models import Unit

from . import board
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
    plan_ids = [plan.pk] if plan else [p.pk for p in plans]
    every = plan is None  # every plan the user sees: the all-plans rows are read

    totals, areas = board.task_figures(scope, plan_ids)
    units = board.unit_figures(scope, plan_ids, every)
    for unit in units:
        unit["url"] = _link(request, unit=str(unit["id"]))
    ledger = reverse("plan_ledger", args=[plan.pk]) if plan else None
    for area in areas:
        area["url"] = f"{ledger}?unit={scope.pk}&area={area['id']}" if ledger and area["id"] else None
    trend, notices, rect = board.subtree_figures(scope, plan_ids, every)
    current = trend[-1] if trend else None
    rates, rate_units = board.rates_by_unit(scope, plan_ids, current["label"]) if current else ([], 0)
    led = led_tasks(request.user)
    mine = board.led_figures(led, plan_ids) if led is not None else None
    for row in mine["plans"] if mine else ():
        row["url"] = reverse("plan_ledger", args=[row["id"]]) + "?mine=on"
    path = Unit.objects.filter(id__in=scope.ancestor_ids, path__startswith=root.path).order_by("path")
    context = {
        "plans": plans,
        "plan": plan,
        "scope": scope,
        "crumbs": [(u.name, _link(request, unit=None if u.pk == root.pk else str(u.pk))) for u in path],
        "plan_links": [("全部计划", _link(request, plan=None))]
        + [(p.title, _link(request, plan=str(p.pk))) for p in plans],
        "ledger": f"{ledger}?unit={scope.pk}" if ledger else None,
        "total": sum(totals["status"].values()),
        "statuses": board.status_rows(totals["status"]),
        "rags": board.rag_rows(totals["rag"]),
        "areas": areas,
        "units": units,
        "trend": trend,
        "current": current,
        "rates": rates,
        "rate_units": rate_units,
        "notices": notices,
        "rect": rect,
        "mine": mine,
        "red": board.red_list(red_tasks(request.user), scope, plan_ids),
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
