"""The project ledger's query (filters on stored columns only, so 20,000 projects page quickly) and the
一张图 summary: counts, investment and the 开工/竣工/入库/投资完成 rates by 县区 and by type, from one
grouped query folded over the jurisdiction's units."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from apps.orgs.models import Unit, segment_id

from . import rules
from .access import visible_projects
from .forms import LedgerFilterForm
from .models import Project

COUNTED_KINDS = (Project.Kind.NEW, Project.Kind.CONTINUING, Project.Kind.COMPLETING)


def years_of(projects) -> list[int]:
    """The years from the latest to the earliest (two index lookups, not a scan for the distinct ones)."""
    bounds = projects.aggregate(first=Min("year"), last=Max("year"))
    if bounds["first"] is None:
        return []
    return list(range(bounds["last"], bounds["first"] - 1, -1))


def filter_form(user, data, units):
    years = years_of(visible_projects(user))
    data = data.copy()
    if not data.get("year") and years:
        current = timezone.localdate().year
        data["year"] = str(current if current in years else years[0])
    form = LedgerFilterForm(data, units=units, years=years)
    return form


def filtered_projects(user, form):
    """The visible projects matching a bound (and validated) LedgerFilterForm."""
    return filter_projects(user, form.cleaned_data if form.is_valid() else {})


def filter_projects(user, filters: dict):
    """The visible projects matching `filters` (year, q, level, kind, unit — a Unit, with the units below
    it —, leader, colour, flagged), for the pages and the API alike."""
    projects = visible_projects(user)
    if filters.get("year"):
        projects = projects.filter(year=filters["year"])
    for word in (filters.get("q") or "").split():
        projects = projects.filter(Q(name__icontains=word) | Q(code__icontains=word))
    if filters.get("level"):
        projects = projects.filter(level=filters["level"])
    if filters.get("kind"):
        projects = projects.filter(kind=filters["kind"])
    if filters.get("unit"):
        projects = projects.filter(unit__path__startswith=filters["unit"].path)
    if filters.get("leader"):
        projects = projects.filter(leader__icontains=filters["leader"].strip())
    if filters.get("colour"):
        projects = projects.filter(colour=filters["colour"])
    if filters.get("flagged"):
        projects = projects.exclude(flags=[])
    return projects


def _county_of(unit_path: str, counties: dict) -> int | None:
    """The 县区 a unit is in (the first 县区 on its path), or None for the city's own departments."""
    for segment in unit_path.strip("/").split("/"):
        if segment_id(segment) in counties:
            return segment_id(segment)
    return None


def summary(user, year: int, today: datetime.date | None = None) -> dict:
    """一张图: rows by 县区 (the city's own units as 市直) and by type, with totals."""
    today = today or timezone.localdate()
    projects = visible_projects(user).filter(year=year)
    grouped = projects.values("unit_id", "kind").annotate(
        n=Count("id"),
        total=Sum("total_investment"),
        plan=Sum("annual_plan"),
        done=Sum("completed"),
        due_start=Count("id", filter=Q(planned_start__lte=today, kind__in=COUNTED_KINDS)),
        started=Count(
            "id", filter=Q(planned_start__lte=today, kind__in=COUNTED_KINDS, actual_start__isnull=False)
        ),
        any_started=Count("id", filter=Q(actual_start__isnull=False)),
        in_stats=Count("id", filter=Q(actual_start__isnull=False, in_stats=True)),
        due_end=Count("id", filter=Q(planned_end__lte=today)),
        ended=Count("id", filter=Q(planned_end__lte=today, actual_end__isnull=False)),
        red=Count("id", filter=Q(colour=Project.Colour.RED)),
        yellow=Count("id", filter=Q(colour=Project.Colour.YELLOW)),
        green=Count("id", filter=Q(colour=Project.Colour.GREEN)),
    )
    rows = list(grouped.order_by())
    paths = dict(Unit.objects.filter(pk__in={r["unit_id"] for r in rows}).values_list("pk", "path"))
    for row in rows:
        row["unit__path"] = paths[row["unit_id"]]
    above = {segment_id(s) for path in paths.values() for s in path.strip("/").split("/")}
    counties = dict(  # in tree order
        Unit.objects.filter(kind=Unit.Kind.COUNTY, pk__in=above).order_by("path").values_list("pk", "name")
    )
    by_county, by_kind = defaultdict(_blank), defaultdict(_blank)
    total = _blank()
    for row in rows:
        county = _county_of(row["unit__path"], counties)
        for bucket in (by_county[county], by_kind[row["kind"]], total):
            _add(bucket, row)
    kinds = dict(Project.Kind.choices)
    return {
        "year": year,
        "today": today,
        "counties": [
            _finish(by_county[key], counties.get(key, "市直"))
            for key in [None, *counties]
            if key in by_county
        ],
        "kinds": [_finish(by_kind[key], kinds[key]) for key in kinds if key in by_kind],
        "total": _finish(total, "合计"),
    }


FIELDS = (
    "n",
    "total",
    "plan",
    "done",
    "due_start",
    "started",
    "any_started",
    "in_stats",
    "due_end",
    "ended",
    "red",
    "yellow",
    "green",
)


def _blank() -> dict:
    return dict.fromkeys(FIELDS, 0)


def _add(bucket, row):
    for field in FIELDS:
        bucket[field] += row[field] or 0


def _finish(bucket, name) -> dict:
    return {
        **bucket,
        "name": name,
        "total": Decimal(bucket["total"]),
        "completion_rate": rules.completion_rate(bucket["done"], bucket["plan"]),
        "start_rate": rules.start_rate(bucket["started"], bucket["due_start"]),
        "finish_rate": rules.finish_rate(bucket["ended"], bucket["due_end"]),
        "stats_rate": rules.stats_rate(bucket["in_stats"], bucket["any_started"]),
    }
