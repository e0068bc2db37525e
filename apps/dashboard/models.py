"""Pre-aggregated statistics for the leader's dashboard (领导驾驶舱): one row per unit × plan × period ×
metric × key, rebuilt by `stats.refresh` (a `tick` step) with grouped aggregates. The dashboard reads
these rows, never the ledger's tasks and reports, for its figures.

Rows with no plan (other than 整改, which has none) are the same figures over every plan not archived, so
the all-plans page reads one row set instead of summing each plan's: task counts per unit (area empty),
report figures per period of all the units strictly below the unit (key `below`), the cycle being the
period's cycle that ends last; the unit's own reports due and sent per period and their 报送率 (key
empty, no cycle: the 报送率 list of every unit); open 督办 per level of the unit's subtree."""

from django.db import models

from apps.cycles.models import Cycle
from apps.orgs.models import Unit
from apps.plans.models import Area, Plan


class Stat(models.Model):
    class Metric(models.TextChoices):
        STATUS = "status", "任务状态"  # no longer written: the counts by status are OWNER_STATUS's
        # tasks with a lead or co unit in `unit`'s subtree (the ledger's 责任单位 filter), by area; key = rag
        RAG = "rag", "预警颜色"
        # tasks whose first lead unit (主责单位) is in `unit`'s subtree, by area: each task under one unit,
        # so sibling units add up to their parent (the ledger's 主责单位 filter); key = status, rag
        OWNER_STATUS = "owner_status", "主责任务状态"
        OWNER_RAG = "owner_rag", "主责任务预警颜色"
        LEAD = "lead", "牵头任务"  # tasks `unit` itself leads, key = status
        # this cycle's reports of `unit` itself: due (every report not cancelled) and submitted (sent on);
        # key `below`: of the units strictly below `unit`, so a subtree's figures of a cycle are one row
        REPORTS_DUE = "reports_due", "应报送"
        REPORTS_SUBMITTED = "reports_submitted", "已报送"
        # all-plans rows (plan empty, key empty, no cycle) of `unit`'s own reports of a period, over every
        # plan not archived: REPORTS_DUE, REPORTS_SUBMITTED and, when reports are due, their 报送率 × 10
        # (the rate shown, in tenths of a percent), which the 报送率 list orders by on an index
        REPORTS_RATE = "reports_rate", "报送率"
        # accepted lead reports of `unit` with a percent: their count and the sum of their percents
        PERCENT_N = "percent_n", "已采纳报告数"
        PERCENT_SUM = "percent_sum", "报告进度合计"
        # 督办单 to `unit`, key = level; all-plans rows: to the units of `unit`'s subtree
        NOTICES_OPEN = "notices_open", "未办结督办"
        # 督办单 to the units of `unit`'s subtree, per plan, key = level
        NOTICES_SUBTREE = "notices_subtree", "下属未办结督办"
        # 整改台账 items led by the units of `unit`'s subtree (plan empty): key total / closed / overdue
        RECTIFICATION = "rectification", "整改"

    # subtree metrics: the row of a unit already counts its whole subtree, each task once
    BELOW_KEY = "below"  # report rows of the units strictly below the unit (per cycle, and all plans)
    SUBTREE = (Metric.RAG,)
    OWNED = (Metric.OWNER_STATUS, Metric.OWNER_RAG)

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    cycle = models.ForeignKey(Cycle, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    period = models.CharField("期次", max_length=30)  # the cycle's label, or the month "2026-11"
    metric = models.CharField("指标", max_length=20, choices=Metric.choices)
    key = models.CharField(max_length=20, blank=True)
    value = models.BigIntegerField(default=0)
    refreshed_on = models.DateField("统计日期")

    class Meta:
        verbose_name = "驾驶舱统计"
        indexes = [
            models.Index(fields=["unit", "metric", "plan", "area"], name="stat_unit_metric_plan_area"),
            models.Index(fields=["plan", "metric", "cycle"]),
            models.Index(fields=["plan", "metric", "period", "key"]),
            models.Index(
                fields=["period", "value"],
                condition=models.Q(metric="reports_rate", plan__isnull=True),
                name="stat_all_plans_rate",
            ),
        ]

    def __str__(self):
        return f"{self.period} {self.metric} {self.key}={self.value}"


class UnitAncestor(models.Model):
    """The unit tree as a closure table (each unit with itself and every unit above it), rebuilt with the
    statistics so that counting "tasks with a unit in the subtree of A" for every A is one grouped query."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="dashboard_ancestors")
    ancestor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "ancestor"], name="dashboard_unit_ancestor")]

    def __str__(self):
        return f"{self.unit_id} ⊂ {self.ancestor_id}"
