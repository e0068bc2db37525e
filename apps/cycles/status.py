"""Apply the pure rules of `rules.py` to tasks in the database, in bulk (a few queries per 2,000 tasks)."""

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, Min
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.plans.models import Milestone, Plan, Task

from . import rules
from .calendar import thresholds as default_thresholds
from .calendar import work_calendar
from .models import Cycle, Report

CHUNK = 2000


def refresh_tasks(tasks, *, today, calendar=None, thresholds=None) -> int:
    """Recompute status, RAG and reasons of `tasks`; write only the rows that changed. Returns that count."""
    calendar = calendar or work_calendar()
    thresholds = thresholds or default_thresholds()
    changed = 0
    ids = list(tasks.filter(archived_at__isnull=True).values_list("id", flat=True))
    for i in range(0, len(ids), CHUNK):
        changed += _refresh_chunk(ids[i : i + CHUNK], today, calendar, thresholds)
    return changed


def published_on(plan_ids, *, plans=()) -> dict:
    """Plan id → the day it was first published: the earliest audited change of its status to published
    (at creation, when published from a document; later, when a drafted plan is published), else the
    day it was created. `plans`: those plans already loaded, for their creation days."""
    if plans:
        created = [(plan.pk, plan.created_at) for plan in plans]
    else:
        created = Plan.objects.filter(pk__in=plan_ids).values_list("pk", "created_at")
    days = {pk: timezone.localdate(at) for pk, at in created}
    first = (
        AuditEvent.objects.filter(
            object_type=Plan._meta.model_name,
            object_id__in=plan_ids,
            changes__status__1=Plan.Status.PUBLISHED,
        )
        .values("object_id")
        .annotate(at=Min("at"))
        .values_list("object_id", "at")
    )
    days.update((pk, timezone.localdate(at)) for pk, at in first)
    return days


def _refresh_chunk(ids, today, calendar, thresholds) -> int:
    tasks = list(
        Task.objects.filter(id__in=ids).only(
            "id",
            "plan_id",
            "start_date",
            "due_date",
            "percent",
            "closed_out_on",
            "status",
            "rag",
            "status_reasons",
            "rag_since",
        )
    )
    published = published_on({t.plan_id for t in tasks})
    milestones = defaultdict(list)
    for task_id, due, done in Milestone.objects.filter(task_id__in=ids, archived_at__isnull=True).values_list(
        "task_id", "due_date", "done_on"
    ):
        milestones[task_id].append((due, done))
    reported = [Report.Status.SUBMITTED, Report.Status.APPROVED, Report.Status.ACCEPTED]
    # The lead unit's reports not (yet) sent. A positive status list (not .exclude) and no ordering: with
    # Report's Meta.ordering these queries joined task, plan, area and unit for nothing and scanned every
    # report (PostgreSQL: 170 ms → 35 ms per 2,000 tasks with 600,000 reports).
    unsent = [s for s in Report.Status.values if s not in reported]
    lead = Report.objects.filter(task_id__in=ids, is_lead=True, status__in=unsent).order_by()
    reports_due = defaultdict(list)
    for task_id, due in lead.filter(cycle__status=Cycle.Status.OPEN).values_list("task_id", "cycle__due_on"):
        reports_due[task_id].append(due)
    missing = dict(
        lead.filter(cycle__status=Cycle.Status.CLOSED)
        .values("task_id")
        .annotate(n=Count("id"))
        .values_list("task_id", "n")
    )
    dirty, now = [], timezone.now()
    for task in tasks:
        facts = rules.TaskFacts(
            start=task.start_date,
            due=task.due_date,
            percent=task.percent,
            closed_out=task.closed_out_on is not None,
            milestones=milestones[task.id],
            reports_due=reports_due[task.id],
            missing_reports=missing.get(task.id, 0),
            published=published.get(task.plan_id),
        )
        status, rag, reasons = rules.derive(facts, today, calendar, thresholds)
        if (status, rag, reasons) != (task.status, task.rag, task.status_reasons):
            if rag != task.rag or task.rag_since is None:
                task.rag_since = now
            task.status, task.rag, task.status_reasons = status, rag, reasons
            dirty.append(task)
    _write(dirty)
    return len(dirty)


def _write(tasks) -> None:
    """Save status, rag, reasons and rag_since of `tasks`: one parametrised UPDATE per row, sent with executemany in
    one transaction. (bulk_update builds a CASE … WHEN per row and field: ~30 s of Python alone for the
    50,000 tasks a tick rewrites when a cycle closes; this takes about a second.)"""
    if not tasks:
        return
    meta, qn = Task._meta, connection.ops.quote_name
    reasons = meta.get_field("status_reasons")
    fields = ("status", "rag", "status_reasons", "rag_since")
    columns = ", ".join(f"{qn(meta.get_field(f).column)} = %s" for f in fields)
    sql = f"UPDATE {qn(meta.db_table)} SET {columns} WHERE {qn(meta.pk.column)} = %s"
    since = meta.get_field("rag_since")
    rows = [
        (
            t.status,
            t.rag,
            reasons.get_db_prep_save(t.status_reasons, connection),
            since.get_db_prep_save(t.rag_since, connection),
            t.pk,
        )
        for t in tasks
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)
