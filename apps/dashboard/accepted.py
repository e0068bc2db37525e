"""After each accepted report: the statistics its task and its reporting unit feed brought up to date at
once, without the full rebuild (`stats.refresh`, every STATS_REFRESH_MINUTES). Only the affected rows are
recomputed, with the rebuild's own grouped queries narrowed to them:

- the task's plan × area rows of every unit above one of its units (任务状态/预警颜色), of every unit
  above its first lead unit (主责), its lead units' 牵头任务 rows; then the all-plans rows of those units,
  summed from their plan rows (a task is in one plan and one area);
- the reporting unit's rows of the cycle (应报送/已报送/采纳进度) and its own all-plans rows of the period
  (报送率), then the `below` rows of the cycle and of the period of every unit above it, summed from the
  rows of the units of their subtrees.

Run when the accepting transaction commits (the task's status and colour are then recomputed). The
figures are a cache of the ledger: should this fail, it is logged and the next rebuild repairs it."""

import functools
import logging

from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.signals import post_save
from django.utils import timezone

from apps.cycles.models import Report
from apps.orgs.models import Unit
from apps.plans.models import TaskUnit

from . import stats
from .models import Stat

M = Stat.Metric
log = logging.getLogger(__name__)


def _replace(old: Q, rows, today) -> int:
    """Delete the rows `old` selects and write `rows` in their place."""
    rows = list(rows)
    for row in rows:
        row.period = row.period or f"{today:%Y-%m}"
        row.refreshed_on = today
    Stat.objects.filter(old).delete()
    Stat.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _all_plans_rows(units, metrics, today) -> int:
    """The all-plans rows of `units` for `metrics`, summed from their rows per plan not archived."""
    sums = (
        Stat.objects.filter(unit_id__in=units, metric__in=metrics, plan__isnull=False)
        .filter(plan__archived_at__isnull=True)
        .values("unit", "metric", "key")
        .annotate(n=Sum("value"))
        .order_by()
    )
    rows = [Stat(unit_id=s["unit"], metric=s["metric"], key=s["key"], value=s["n"]) for s in sums]
    return _replace(Q(unit_id__in=units, metric__in=metrics, plan__isnull=True), rows, today)


def refresh_task(task, today) -> int:
    """Recompute the task-count rows the task is counted in; returns the number of rows written."""
    links = list(TaskUnit.objects.filter(task=task).select_related("unit"))
    leads = sorted(
        (link for link in links if link.role == TaskUnit.Role.LEAD), key=lambda link: (link.order, link.id)
    )
    above = {a for link in links for a in link.unit.ancestor_ids}
    owners = set(leads[0].unit.ancestor_ids) if leads else set()
    where = Q(plan_id=task.plan_id) & (Q(area_id=task.area_id) if task.area_id else Q(area__isnull=True))
    any_unit = stats.task_groups(
        Q(plan_id=task.plan_id, area_id=task.area_id, **{f"{stats.ANCESTOR}__in": above})
    )
    owned = stats.owner_groups(
        Q(task__plan_id=task.plan_id, task__area_id=task.area_id, **{f"{stats.OWNER_ANCESTOR}__in": owners})
    )
    written = 0
    for units, groups, unit_key, prefix, keys in (
        (above, any_unit, stats.ANCESTOR, "", stats.SUBTREE_KEYS),
        (owners, owned, stats.OWNER_ANCESTOR, "task__", stats.OWNED_KEYS),
    ):
        metrics = [metric for metric, _ in keys]
        rows = stats.fold(groups, unit_key, prefix, keys, every_plan=False)
        written += _replace(where & Q(unit_id__in=units, metric__in=metrics), rows, today)
        written += _all_plans_rows(units, metrics, today)
    lead_units = [link.unit_id for link in leads]
    groups = stats.lead_groups(Q(unit_id__in=lead_units, task__plan_id=task.plan_id))
    old = Q(metric=M.LEAD, unit_id__in=lead_units, plan_id=task.plan_id)
    return written + _replace(old, stats.lead_rows(groups), today)


def refresh_reports(report, today) -> int:
    """Recompute the reporting unit's rows of the report's cycle, the `below` rows of the cycle of every
    unit above it, and (plan not archived) its own all-plans rows and the `below` rows of its period."""
    cycle, unit = report.cycle, report.unit
    rows = [row for g in stats.report_groups(Q(unit=unit, cycle=cycle)) for row in stats.report_rows(g)]
    old = Q(unit=unit, cycle=cycle, plan__isnull=False, key="", metric__in=stats.REPORT_METRICS)
    written = _replace(old, rows, today)
    ancestors = list(Unit.objects.filter(id__in=unit.ancestor_ids).exclude(pk=unit.pk))
    for ancestor in ancestors:
        written += _cycle_below(ancestor, cycle, today)
    if cycle.plan.archived_at is not None:  # archived plans are in no all-plans row
        return written
    written += _own_rows(unit, cycle.label, today)
    for ancestor in ancestors:
        sums = dict(
            Stat.objects.filter(
                unit__path__startswith=ancestor.path,
                plan__isnull=False,
                plan__archived_at__isnull=True,
                period=cycle.label,
                metric__in=stats.REPORT_METRICS,
                key="",
            )
            .exclude(unit=ancestor)
            .values("metric")
            .annotate(n=Sum("value"))
            .values_list("metric", "n")
            .order_by()
        )
        for metric in stats.REPORT_METRICS:
            below = Stat.objects.filter(
                unit=ancestor, plan__isnull=True, key=Stat.BELOW_KEY, period=cycle.label, metric=metric
            )
            if not below.update(value=sums.get(metric, 0), refreshed_on=today):
                Stat.objects.create(
                    unit=ancestor,
                    cycle=cycle,
                    period=cycle.label,
                    metric=metric,
                    key=Stat.BELOW_KEY,
                    value=sums.get(metric, 0),
                    refreshed_on=today,
                )
            written += 1
    return written


def _cycle_below(ancestor, cycle, today) -> int:
    """The `below` rows of the cycle of `ancestor`, summed from the rows of the units below it."""
    sums = dict(
        Stat.objects.filter(
            unit__path__startswith=ancestor.path, cycle=cycle, key="", metric__in=stats.REPORT_METRICS
        )
        .exclude(unit=ancestor)
        .values("metric")
        .annotate(n=Sum("value"))
        .values_list("metric", "n")
        .order_by()
    )
    values = [sums.get(metric, 0) for metric in stats.REPORT_METRICS]
    rows = stats.below_rows(ancestor.pk, cycle.plan_id, cycle.pk, cycle.label, values)
    old = Q(
        unit=ancestor, plan=cycle.plan_id, cycle=cycle, key=Stat.BELOW_KEY, metric__in=stats.REPORT_METRICS
    )
    return _replace(old, rows, today)


def _own_rows(unit, label, today) -> int:
    """The unit's own all-plans rows of the period (`stats.own_rows`), summed from its plan rows."""
    sums = dict(
        Stat.objects.filter(
            unit=unit,
            plan__isnull=False,
            plan__archived_at__isnull=True,
            period=label,
            metric__in=(M.REPORTS_DUE, M.REPORTS_SUBMITTED),
        )
        .values("metric")
        .annotate(n=Sum("value"))
        .values_list("metric", "n")
        .order_by()
    )
    rows = stats.own_rows(unit.pk, label, sums.get(M.REPORTS_DUE, 0), sums.get(M.REPORTS_SUBMITTED, 0))
    old = Q(unit=unit, plan__isnull=True, key="", period=label, metric__in=stats.OWN_METRICS)
    return _replace(old, rows, today)


def refresh_for_report(report_id, today=None) -> int:
    """The rows an accepted report changed, in one transaction; 0 when the report is gone."""
    report = Report.objects.select_related("cycle__plan", "unit", "task").filter(pk=report_id).first()
    if report is None:
        return 0
    today = today or timezone.localdate()
    with transaction.atomic():
        return refresh_task(report.task, today) + refresh_reports(report, today)


def _refresh_quietly(report_id):
    try:
        refresh_for_report(report_id)
    except Exception:  # the figures are a cache: the next full rebuild repairs them
        log.exception("驾驶舱统计：报告 %s 采纳后的局部刷新失败", report_id)


def report_saved(sender, instance, update_fields=None, **kwargs):
    """post_save of Report: a report that became 已采纳 refreshes its figures once the commit is done."""
    if instance.status == Report.Status.ACCEPTED and update_fields and "status" in update_fields:
        transaction.on_commit(functools.partial(_refresh_quietly, instance.pk))


def connect():
    post_save.connect(report_saved, sender=Report, dispatch_uid="dashboard.report_accepted")
