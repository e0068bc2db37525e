"""The rules of rules.py applied to stored projects: which month is judged, which report counts, and the
ledger's derived columns (累计完成, 投资完成率, colour, reason, flags) written back in bulk.

The month judged is the later of the last month whose report is due (the 25th by default:
settings.PROJECT_REPORT_DUE_DAY) and the latest month reported — a unit that reports July early sees its
July colour; a unit that stops reporting is judged on its last cumulative figure against a later 时间进度.
The figures come from the latest counted report (报送, 审核 or 采纳; a draft or a returned report counts
only once it is sent again)."""

import datetime
import json

from django.conf import settings
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from . import rules
from .models import Project, ProjectReport

BATCH = 1000
# what a 前期 or 预备 project spends is 前期费用 (surveys, 可研, 环评): no 施工许可 is needed for it
PERMIT_FREE = (Project.Kind.PREPARING, Project.Kind.RESERVE)


def due_day() -> int:
    return getattr(settings, "PROJECT_REPORT_DUE_DAY", 25)


def thresholds() -> rules.Thresholds:
    return rules.Thresholds.from_config(getattr(settings, "PROJECT_LIGHTS", None))


def due_on(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, min(due_day(), 28))


def last_due_month(year: int, today: datetime.date) -> int:
    """The last month of `year` whose report is due by `today` (0: none yet; 12 once the year is over)."""
    if today.year > year:
        return 12
    if today.year < year:
        return 0
    return today.month if today.day >= due_day() else today.month - 1


def judge(project: Project, latest: ProjectReport | None, today: datetime.date, limits=None) -> dict:
    """The derived columns of `project` given its latest counted report."""
    limits = limits or thresholds()
    cumulative = latest.cumulative if latest is not None else 0
    month = max(last_due_month(project.year, today), latest.month if latest is not None else 0)
    start = rules.start_light(project.planned_start, project.actual_start, today, limits)
    if month == 0:
        progress = rules.Light(rules.Colour.NONE, "尚未到第一个月的报送期")
    else:
        progress = rules.progress_light(cumulative, project.annual_plan, month, project.monthly_plan, limits)
    light = rules.worst(start, progress)
    return {
        "completed": cumulative,
        "completion_rate": rules.completion_rate(cumulative, project.annual_plan),
        "reported_month": latest.month if latest is not None else None,
        "colour": light.colour.value,
        "colour_reason": light.reason,
        "flags": rules.flags(
            project.actual_start is not None,
            cumulative,
            project.has_construction_permit or project.kind in PERMIT_FREE,
        ),
        "lit_on": today,
    }


DERIVED = ("completed", "completion_rate", "reported_month", "colour", "colour_reason", "flags", "lit_on")


def latest_counted(project: Project) -> ProjectReport | None:
    return project.reports.filter(status__in=ProjectReport.COUNTED).order_by("-month").first()


def refresh(project: Project, today: datetime.date | None = None) -> dict:
    """Recompute one project's columns and save those that changed (the report and project actions call
    this inside their transaction). Returns what changed {field: [before, after]}."""
    values = judge(project, latest_counted(project), today or timezone.localdate())
    changed = {f: [getattr(project, f), v] for f, v in values.items() if getattr(project, f) != v}
    for field, value in values.items():
        setattr(project, field, value)
    if set(changed) - {"lit_on"}:
        project.save(update_fields=list(DERIVED))
    return changed


def relight(today: datetime.date) -> int:
    """The tick's step: colours change with time alone (a month falls due, a planned start passes), so
    once a day every project not yet lit today is judged again; later ticks that day find none."""
    return refresh_all(Project.objects.exclude(lit_on=today), today=today)


def refresh_all(projects=None, today: datetime.date | None = None) -> int:
    """Every active project of `projects` judged on `today`, in batches, its latest counted report found
    in the same query; a row is written when a column (or the day it was lit) changed. Returns how many."""
    today = today or timezone.localdate()
    limits = thresholds()
    latest = ProjectReport.objects.filter(project=OuterRef("pk"), status__in=ProjectReport.COUNTED).order_by(
        "-month"
    )
    queryset = (projects if projects is not None else Project.objects.all()).filter(archived_at__isnull=True)
    queryset = queryset.annotate(latest_id=Subquery(latest.values("pk")[:1])).order_by("pk")
    changed, last_pk = 0, 0
    while True:
        batch = list(queryset.filter(pk__gt=last_pk)[:BATCH])
        if not batch:
            return changed
        reports = ProjectReport.objects.in_bulk([p.latest_id for p in batch if p.latest_id])
        dirty = []
        for project in batch:
            values = judge(project, reports.get(project.latest_id), today, limits)
            if any(getattr(project, f) != v for f, v in values.items()):
                for field, value in values.items():
                    setattr(project, field, value)
                dirty.append(project)
        _write(dirty)
        changed += len(dirty)
        last_pk = batch[-1].pk


_CASTS = {"completed": "numeric", "completion_rate": "numeric", "reported_month": "integer", "colour": "text",
          "colour_reason": "text", "flags": "jsonb", "lit_on": "date"}  # fmt: skip


def _write(projects):
    """Save the derived columns of `projects`. On PostgreSQL one UPDATE … FROM (VALUES …) per batch:
    bulk_update's CASE expressions cost Django more than a second per thousand rows to compile (64 s for
    20,000 projects in tools/bench_projects.py); elsewhere bulk_update in small batches."""
    if not projects:
        return
    if connection.vendor != "postgresql":
        Project.objects.bulk_update(projects, DERIVED, batch_size=100)
        return
    table = Project._meta.db_table
    sets = ", ".join(f"{f} = v.{f}::{_CASTS[f]}" for f in DERIVED)
    values = ", ".join(["(" + ", ".join(["%s"] * (len(DERIVED) + 1)) + ")"] * len(projects))
    params = []
    for p in projects:
        row = [getattr(p, f) for f in DERIVED]
        row[DERIVED.index("flags")] = json.dumps(p.flags, ensure_ascii=False)
        params += [p.pk, *row]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS p SET {sets} FROM (VALUES {values}) AS v(id, {', '.join(DERIVED)}) "
            "WHERE p.id = v.id::bigint",
            params,
        )
