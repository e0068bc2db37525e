"""`refresh(today)`: rebuild the dashboard's statistics (`Stat`) from the ledger with grouped aggregates —
a fixed number of queries whatever the number of tasks, reports or units; Python only folds the groups.

The unit tree is first kept as a closure table (`UnitAncestor`), so "tasks with a lead or co unit in the
subtree of A", for every unit A at once, is one `COUNT(DISTINCT task)` grouped by ancestor: the figure the
ledger shows when filtered by that unit. The all-plans rows (plan empty) are folded from the same groups:
no further reads of the ledger."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django_tasks import task

from apps.cycles.models import Report
from apps.cycles.tick import acquire
from apps.orgs.models import Unit, segment_id
from apps.plans.models import Task, TaskUnit
from apps.supervision.models import Notice, Rectification
from apps.supervision.rectification_query import overdue_q

from .models import Stat, UnitAncestor

M = Stat.Metric
SENT = (Report.Status.SUBMITTED, Report.Status.APPROVED, Report.Status.ACCEPTED)


def refresh_ancestors() -> dict:
    """Bring the closure table in line with the unit tree (two reads; writes only what changed); returns
    each unit's ancestors (itself included)."""
    wanted = set()
    for unit_id, path in Unit.objects.values_list("id", "path"):
        wanted.update((unit_id, segment_id(s)) for s in path.strip("/").split("/") if s)
    have = set(UnitAncestor.objects.values_list("unit_id", "ancestor_id"))
    gone = have - wanted
    if gone:
        q = Q()
        for unit_id, ancestor_id in gone:
            q |= Q(unit_id=unit_id, ancestor_id=ancestor_id)
        UnitAncestor.objects.filter(q).delete()
    UnitAncestor.objects.bulk_create(
        [UnitAncestor(unit_id=u, ancestor_id=a) for u, a in wanted - have], batch_size=2000
    )
    ancestors = defaultdict(list)
    for unit_id, ancestor_id in wanted:
        ancestors[unit_id].append(ancestor_id)
    return ancestors


ANCESTOR = "links__unit__dashboard_ancestors__ancestor"
OWNER_ANCESTOR = "unit__dashboard_ancestors__ancestor"


def task_groups(where=None):
    """Tasks (not archived, in plans not archived) counted by (unit with any lead or co unit of theirs in
    its subtree, plan, area, rag), for the tasks and units `where` selects: what a unit takes part in."""
    return (
        Task.objects.filter(archived_at__isnull=True, plan__archived_at__isnull=True, links__isnull=False)
        .filter(where or Q())
        .values(ANCESTOR, "plan", "area", "rag")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )


def owner_groups(where=None):
    """Tasks counted by (unit with the task's first lead unit, 主责单位, in its subtree, plan, area,
    status, rag) (`where` on the first-lead links)."""
    return (
        TaskUnit.objects.first_leads()
        .filter(task__archived_at__isnull=True, task__plan__archived_at__isnull=True)
        .filter(where or Q())
        .values(OWNER_ANCESTOR, "task__plan", "task__area", "task__status", "task__rag")
        .annotate(n=Count("id"))
        .order_by()
    )


# (metric, the group's field counted by key): what task_groups and owner_groups are folded into
SUBTREE_KEYS = ((M.RAG, "rag"),)
OWNED_KEYS = ((M.OWNER_STATUS, "status"), (M.OWNER_RAG, "rag"))


def fold(groups, unit_key, task, metrics, *, every_plan=True):
    """Stat rows of tasks counted by (unit, plan, area) × each (metric, key field) of `metrics` (the
    groups' task fields named with the prefix `task`), plus (`every_plan`) the all-plans rows: a task is
    in one plan and one area, so the sums count each task once."""
    counts = {metric: defaultdict(int) for metric, _ in metrics}
    for g in groups:
        where = (g[unit_key], g[f"{task}plan"], g[f"{task}area"])
        for metric, field in metrics:
            counts[metric][(*where, g[f"{task}{field}"])] += g["n"]
    for metric, by_key in counts.items():
        all_plans = defaultdict(int)
        for (unit, plan, area, key), n in by_key.items():
            yield Stat(unit_id=unit, plan_id=plan, area_id=area, metric=metric, key=key, value=n)
            all_plans[(unit, key)] += n
        for (unit, key), n in all_plans.items() if every_plan else ():
            yield Stat(unit_id=unit, metric=metric, key=key, value=n)


def lead_groups(where=None):
    """Tasks each unit itself leads, by plan and status."""
    return (
        TaskUnit.objects.filter(role=TaskUnit.Role.LEAD, task__archived_at__isnull=True)
        .filter(task__plan__archived_at__isnull=True)
        .filter(where or Q())
        .values("unit", "task__plan", "task__status")
        .annotate(n=Count("id"))
        .order_by()
    )


def lead_rows(groups):
    for g in groups:
        yield Stat(
            unit_id=g["unit"], plan_id=g["task__plan"], metric=M.LEAD, key=g["task__status"], value=g["n"]
        )


def _task_rows():
    """Tasks by (subtree unit, plan, area): × rag with any unit in the subtree, × status and × rag with
    their first lead unit (主责单位) there; tasks each unit leads, by status."""
    yield from fold(task_groups(), ANCESTOR, "", SUBTREE_KEYS)
    yield from fold(owner_groups(), OWNER_ANCESTOR, "task__", OWNED_KEYS)
    yield from lead_rows(lead_groups())


REPORT_METRICS = (M.REPORTS_DUE, M.REPORTS_SUBMITTED, M.PERCENT_N, M.PERCENT_SUM)


def report_groups(where=None):
    """Reports (not cancelled) by cycle and reporting unit: due, sent, accepted lead percents."""
    accepted = Q(is_lead=True, status=Report.Status.ACCEPTED, percent__isnull=False)
    return (
        Report.objects.exclude(status=Report.Status.CANCELLED)
        .filter(where or Q())
        .values(
            "cycle", "cycle__plan", "cycle__label", "cycle__period_end", "cycle__plan__archived_at", "unit"
        )
        .annotate(
            due=Count("id"),
            sent=Count("id", filter=Q(status__in=SENT)),
            pn=Count("id", filter=accepted),
            ps=Sum("percent", filter=accepted),
        )
        .order_by()
    )


def report_values(g) -> tuple:
    return (g["due"], g["sent"], g["pn"], g["ps"] or 0)


def report_rows(g):
    """The Stat rows of one report group (REPORT_METRICS)."""
    where = {"unit_id": g["unit"], "plan_id": g["cycle__plan"], "cycle_id": g["cycle"]}
    for metric, n in zip(REPORT_METRICS, report_values(g), strict=True):
        yield Stat(**where, period=g["cycle__label"], metric=metric, value=n)


def below_rows(unit_id, plan_id, cycle_id, label, values):
    """The rows of one cycle's report figures (REPORT_METRICS) of the units strictly below a unit."""
    where = {"unit_id": unit_id, "plan_id": plan_id, "cycle_id": cycle_id, "period": label}
    for metric, n in zip(REPORT_METRICS, values, strict=True):
        yield Stat(**where, metric=metric, key=Stat.BELOW_KEY, value=n)


def percent(part, whole) -> float:
    """A share in percent to one decimal, as the dashboard shows it."""
    return round(part * 100 / whole, 1) if whole else 0.0


def own_rows(unit_id, label, due, sent):
    """The all-plans rows of a unit's own reports of a period: due, sent and (with reports due) the
    报送率 shown × 10, which the 报送率 list of every plan orders by (plan, key and cycle empty)."""
    where = {"unit_id": unit_id, "period": label}
    yield Stat(**where, metric=M.REPORTS_DUE, value=due)
    yield Stat(**where, metric=M.REPORTS_SUBMITTED, value=sent)
    if due:
        yield Stat(**where, metric=M.REPORTS_RATE, value=round(percent(sent, due) * 10))


OWN_METRICS = (M.REPORTS_DUE, M.REPORTS_SUBMITTED, M.REPORTS_RATE)


def _report_rows(ancestors):
    """Per cycle and reporting unit: reports due and submitted (报送率), accepted lead reports' percents;
    per cycle the same figures of all the units strictly below each unit (key `Stat.BELOW_KEY`), so one
    plan's figures of a subtree are its unit's rows; and, over the plans not archived, per period (the
    cycle label) each unit's own reports due and sent (`own_rows`) and the figures of all the units
    strictly below each unit (plan empty, key `Stat.BELOW_KEY`, on the period's cycle that ends last)."""
    metrics = REPORT_METRICS
    below, last, own = defaultdict(lambda: [0] * len(metrics)), {}, defaultdict(lambda: [0, 0])
    cycle_below = defaultdict(lambda: [0] * len(metrics))
    for g in report_groups():
        values = report_values(g)
        yield from report_rows(g)
        for ancestor in ancestors[g["unit"]]:
            if ancestor != g["unit"]:
                sums = cycle_below[(ancestor, g["cycle__plan"], g["cycle"], g["cycle__label"])]
                for i, n in enumerate(values):
                    sums[i] += n
        if g["cycle__plan__archived_at"] is not None:
            continue
        label = g["cycle__label"]
        sums = own[(g["unit"], label)]
        sums[0], sums[1] = sums[0] + g["due"], sums[1] + g["sent"]
        last[label] = max(
            last.get(label, (g["cycle__period_end"], g["cycle"])), (g["cycle__period_end"], g["cycle"])
        )
        for ancestor in ancestors[g["unit"]]:
            if ancestor != g["unit"]:
                sums = below[(ancestor, label)]
                for i, n in enumerate(values):
                    sums[i] += n
    for (unit, plan, cycle, label), values in cycle_below.items():
        yield from below_rows(unit, plan, cycle, label, values)
    for (unit, label), (due, sent) in own.items():
        yield from own_rows(unit, label, due, sent)
    for (unit, label), values in below.items():
        for metric, n in zip(metrics, values, strict=True):
            yield Stat(
                unit_id=unit,
                cycle_id=last[label][1],
                period=label,
                metric=metric,
                key=Stat.BELOW_KEY,
                value=n,
            )


def _supervision_rows(today, ancestors):
    """Open 督办 per unit, plan and level; and, folded up the tree, the open 督办 of each unit's whole
    subtree per plan and level (NOTICES_SUBTREE) and per level over the plans not archived (plan empty).
    整改 items per unit of its whole subtree
    (each item has one lead unit: counted once in each unit above it)."""
    notices = (
        Notice.objects.filter(closed_at__isnull=True, task__archived_at__isnull=True)
        .values("unit", "task__plan", "task__plan__archived_at", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    subtree, plan_subtree = defaultdict(int), defaultdict(int)
    for g in notices:
        key, plan = str(g["level"]), g["task__plan"]
        yield Stat(unit_id=g["unit"], plan_id=plan, metric=M.NOTICES_OPEN, key=key, value=g["n"])
        for ancestor in ancestors[g["unit"]]:
            plan_subtree[(ancestor, plan, key)] += g["n"]
            if g["task__plan__archived_at"] is None:
                subtree[(ancestor, key)] += g["n"]
    for (unit, plan, key), n in plan_subtree.items():
        yield Stat(unit_id=unit, plan_id=plan, metric=M.NOTICES_SUBTREE, key=key, value=n)
    for (unit, key), n in subtree.items():
        yield Stat(unit_id=unit, metric=M.NOTICES_OPEN, key=key, value=n)
    items = (
        Rectification.objects.values("lead_unit")
        .annotate(
            total=Count("id"),
            closed=Count("id", filter=Q(status=Rectification.Status.CLOSED)),
            overdue=Count("id", filter=overdue_q(today)),
        )
        .order_by()
    )
    subtree = defaultdict(int)
    for g in items:
        for ancestor in ancestors[g["lead_unit"]]:
            for key in ("total", "closed", "overdue"):
                subtree[(ancestor, key)] += g[key]
    for (unit, key), n in subtree.items():
        yield Stat(unit_id=unit, metric=M.RECTIFICATION, key=key, value=n)


def refresh(today) -> int:
    """Rebuild every statistic as of `today`, then (PostgreSQL) analyze the table, so the dashboard's
    reads are planned on the new rows — and, outside a transaction (the job), vacuum it: the replaced
    rows are dropped and the pages marked all-visible, so the counts on an index read only the index.
    Returns the number of rows written."""
    month = f"{today:%Y-%m}"
    with transaction.atomic():
        ancestors = refresh_ancestors()
        rows = [*_task_rows(), *_report_rows(ancestors), *_supervision_rows(today, ancestors)]
        for row in rows:
            row.period = row.period or month
            row.refreshed_on = today
        Stat.objects.all().delete()
        Stat.objects.bulk_create(rows, batch_size=2000)
    if connection.vendor == "postgresql":  # every row replaced: the planner's statistics are stale
        vacuum = "" if connection.in_atomic_block else "VACUUM "  # VACUUM cannot run in a transaction
        with connection.cursor() as cursor:
            cursor.execute(f"{vacuum}ANALYZE {Stat._meta.db_table}")
    return len(rows)


STATS_LEASE = "dashboard-stats"


@task()
def refresh_job(day: str) -> int:
    """`refresh` as a background job (django-tasks, run by `manage.py db_worker`): at province scale a
    rebuild takes a minute or more, longer than a `tick` should hold its lease. Returns the rows written."""
    return refresh(datetime.date.fromisoformat(day))


def refresh_if_due(today, *, now=None) -> int:
    """The `tick` step: queue a rebuild (`refresh_job`) at most every STATS_REFRESH_MINUTES (a lease taken
    and left to expire), so a tick every few minutes neither rebuilds a province's figures each time nor
    waits for a rebuild. Returns 1 when one was queued, else 0."""
    minutes = settings.STATS_REFRESH_MINUTES
    if minutes and not acquire(STATS_LEASE, ttl=datetime.timedelta(minutes=minutes), now=now):
        return 0
    refresh_job.enqueue(today.isoformat())
    return 1
