"""The 重点项目 ledger (filters by year, level, type, unit, leader, colour; each colour with its reason),
the 一张图 summary by 县区 and type, and the Gantt of planned against actual dates."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from apps.plans.access import filter_units

from ..access import can_manage_projects, can_see_projects
from ..lights import thresholds
from ..query import filter_form, filtered_projects, summary

PER_PAGE = 50
GANTT_ROWS = 60


def require_see(user):
    if not can_see_projects(user):
        raise PermissionDenied("没有查看重点项目的权限")


def _query(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def project_list(request):
    require_see(request.user)
    form = filter_form(request.user, request.GET, filter_units(request.user))
    projects = filtered_projects(request.user, form).select_related("unit").order_by("level", "code", "id")
    page = Paginator(projects, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": _query(request),
        "searching": any(v for k, v in request.GET.items() if k not in ("page", "year")),
        "can_manage": can_manage_projects(request.user),
        "limits": thresholds(),
    }
    template = "projects/_ledger_table.html" if request.htmx else "projects/project_list.html"
    return render(request, template, context)


@login_required
def project_summary(request):
    """一张图: counts and investment by 县区 and type, with the rates."""
    require_see(request.user)
    form = filter_form(request.user, request.GET, filter_units(request.user))
    year = form.cleaned_data.get("year") if form.is_valid() else None
    context = {"form": form, "data": summary(request.user, year or timezone.localdate().year)}
    return render(request, "projects/summary.html", context)


def _position(day, start, span) -> float:
    return round(max(0, min(span, (day - start).days)) * 100 / span, 2)


@login_required
def project_gantt(request):
    """Planned (计划开工 → 计划竣工) against actual (实际开工 → 实际竣工 or today) bars on one time axis, for
    the ledger's filtered projects (the first GANTT_ROWS of them)."""
    require_see(request.user)
    today = timezone.localdate()
    form = filter_form(request.user, request.GET, filter_units(request.user))
    projects = list(
        filtered_projects(request.user, form)
        .filter(planned_start__isnull=False, planned_end__isnull=False)
        .select_related("unit")
        .order_by("planned_start", "code")[:GANTT_ROWS]
    )
    rows, axis = [], []
    if projects:
        start = min(min(p.planned_start, p.actual_start or p.planned_start) for p in projects).replace(day=1)
        end = max(max(p.planned_end, p.actual_end or today) for p in projects)
        span = max(1, (end - start).days)
        for p in projects:
            row = {
                "project": p,
                "plan": (_position(p.planned_start, start, span), _position(p.planned_end, start, span)),
            }
            if p.actual_start:
                row["actual"] = (
                    _position(p.actual_start, start, span),
                    _position(p.actual_end or today, start, span),
                )
            row["plan"] = (row["plan"][0], max(0.5, row["plan"][1] - row["plan"][0]))
            if "actual" in row:
                row["actual"] = (row["actual"][0], max(0.5, row["actual"][1] - row["actual"][0]))
            rows.append(row)
        year = start.year
        while datetime.date(year, 1, 1) <= end:
            axis.append(
                {"label": f"{year}年", "left": _position(max(start, datetime.date(year, 1, 1)), start, span)}
            )
            year += 1
        today_at = _position(today, start, span) if start <= today <= end else None
    else:
        today_at = None
    context = {"form": form, "rows": rows, "axis": axis, "today_at": today_at, "limit": GANTT_ROWS}
    return render(request, "projects/gantt.html", context)
