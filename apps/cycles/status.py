"""Apply the pure rules of `rules.py` to tasks in the database, in bulk (three reads per 5,000 tasks, and
the writes of the rows that changed)."""

import functools
from collections import defaultdict

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Min, Q
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.plans.models import Milestone, Plan, Task
from lib.bulk import update_values

from . import rules
from .calendar import thresholds as default_thresholds
from .calendar import work_calendar
from .models import Cycle, Report

CHUNK = 5000
FIELDS = ("id", "plan_id", "start_date", "due_date", "percent", "closed_out_on", "status", "rag",
          "status_reasons", "no_since")  # fmt: skip
WRITTEN = ("status", "rag", "status_reasons", "rag_since")


class _Remembered:
    """The calendar's answers kept per day: a province's tasks share a few hundred deadlines, and
    `workdays_until` walks day by day (a deadline a year away: 365 steps for each task)."""

    def __init__(self, calendar):
        self.calendar = calendar
        self.next_workday = functools.cache(calendar.next_workday)
        self.workdays_until = functools.cache(calendar.workdays_until)

    def __getattr__(self, name):  # the rest as the calendar answers it
        return getattr(self.calendar, name)


def refresh_tasks(tasks, *, today, calendar=None, thresholds=None, keep=None) -> int:
    """Recompute status, RAG and reasons of `tasks`; write only the rows that changed. Returns that count.
    Tasks are read as plain rows in id order, CHUNK at a time (keyset: no list of every id up front); each
    plan's publication day is read once. `keep`: called before each chunk (the tick's lease, renewed or
    lost)."""
    calendar = _Remembered(calendar or work_calendar())
    thresholds = thresholds or default_thresholds()
    # whether rag_since is empty, not the timestamp itself: parsing 300,000 of them costs seconds
    no_since = ExpressionWrapper(Q(rag_since__isnull=True), output_field=BooleanField())
    rows = tasks.filter(archived_at__isnull=True).annotate(no_since=no_since).order_by("pk")
    rows = rows.values_list(*FIELDS)
    changed, last, published = 0, 0, {}
    while True:
        if keep is not None:
            keep()
        chunk = list(rows.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return changed
        if missing := {row[1] for row in chunk} - set(published):
            published.update(published_on(missing))
        changed += _refresh_chunk(chunk, published, today, calendar, thresholds)
        if len(chunk) < CHUNK:
            return changed
        last = chunk[-1][0]


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


def _of_chunk(queryset, rows):
    """`queryset` (with a task_id) narrowed to the chunk's tasks: an id range when they are dense (the tick's
    chunks of every task), else the ids themselves (one plan's tasks, spread over the table)."""
    low, high = rows[0][0], rows[-1][0]
    if high - low < 2 * len(rows):
        return queryset.filter(task_id__gte=low, task_id__lte=high)
    return queryset.filter(task_id__in=[row[0] for row in rows])


def _refresh_chunk(rows, published, today, calendar, thresholds) -> int:
    milestones = defaultdict(list)
    kept = Milestone.objects.filter(archived_at__isnull=True).order_by()
    for task_id, due, done in _of_chunk(kept, rows).values_list("task_id", "due_date", "done_on"):
        milestones[task_id].append((due, done))
    reported = [Report.Status.SUBMITTED, Report.Status.APPROVED, Report.Status.ACCEPTED]
    # The lead unit's reports not (yet) sent, in open cycles (due dates) and closed ones (counted as
    # missing): one query on the (task, status, cycle) index. A positive status list (not .exclude) and
    # no ordering: with Report's Meta.ordering it joined task, plan, area and unit for nothing.
    unsent = [s for s in Report.Status.values if s not in reported]
    lead = Report.objects.filter(
        is_lead=True, status__in=unsent, cycle__status__in=[Cycle.Status.OPEN, Cycle.Status.CLOSED]
    ).order_by()
    reports_due, missing = defaultdict(list), defaultdict(int)
    for task_id, status, due in _of_chunk(lead, rows).values_list(
        "task_id", "cycle__status", "cycle__due_on"
    ):
        if status == Cycle.Status.OPEN:
            reports_due[task_id].append(due)
        else:
            missing[task_id] += 1
    dirty, now = [], timezone.now()
    for pk, plan_id, start, due, percent, closed_out_on, *stored, no_since in rows:
        facts = rules.TaskFacts(
            start=start,
            due=due,
            percent=percent,
            closed_out=closed_out_on is not None,
            milestones=milestones.get(pk, []),
            reports_due=reports_due.get(pk, []),
            missing_reports=missing.get(pk, 0),
            published=published.get(plan_id),
        )
        derived = rules.derive(facts, today, calendar, thresholds)
        if list(derived) != stored:
            # the light changed colour (or never had a day): since now; else rag_since is kept (None)
            dirty.append((*derived, now if derived[1] != stored[1] or no_since else None, pk))
    _write(dirty)
    return len(dirty)


def _write(rows) -> None:
    """Save (status, rag, reasons, rag_since or None to keep it, id) `rows` (the tasks that changed): one
    UPDATE … FROM (VALUES …) per 1,000 rows (bulk_update builds a CASE … WHEN per row and field: ~30 s of
    Python alone for 50,000 tasks)."""
    with transaction.atomic():
        update_values(Task, WRITTEN, [(row[-1], *row[:-1]) for row in rows], keep_null={"rag_since"})
