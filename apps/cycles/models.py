"""The implementation cycle: reporting schedules and periods, progress reports with their versions and
target actuals, the 放假调休 calendar, and the lease that keeps two `tick`s from running at once."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone

from apps.evidence.models import Evidence
from apps.orgs.models import Unit
from apps.plans.models import Plan, Target, Task


class Holiday(models.Model):
    """An official 放假调休 date entered by an admin for a year the calendar library does not cover."""

    day = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否上班", help_text="调休上班日勾选；放假日不勾选")
    name = models.CharField("说明", max_length=50, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = "放假调休日"

    def __str__(self):
        return f"{self.day} {'上班' if self.is_workday else '放假'} {self.name}"


class Schedule(models.Model):
    """How often a plan's units report: monthly (due on a day of the month), quarterly, annual."""

    class Kind(models.TextChoices):
        MONTH = "month", "月报（月分析）"
        QUARTER = "quarter", "季报（季调度）"
        YEAR = "year", "年报（年督考）"

    plan = models.ForeignKey(Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="schedules")
    kind = models.CharField("周期", max_length=10, choices=Kind.choices)
    due_day = models.PositiveSmallIntegerField(
        "截止日", default=25, help_text="每期最后一个月的几号截止；遇节假日顺延"
    )
    open_days = models.PositiveSmallIntegerField("提前开放天数", default=10)
    enabled = models.BooleanField("启用", default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "kind"], name="one_schedule_per_kind")]

    def __str__(self):
        return f"{self.plan} {self.get_kind_display()}"


class Cycle(models.Model):
    """One reporting period of a plan, e.g. 2026年11月. Opened and closed by `manage.py tick`."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "未开始"
        OPEN = "open", "填报中"
        CLOSED = "closed", "已截止"

    plan = models.ForeignKey(Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="cycles")
    kind = models.CharField(max_length=10, choices=Schedule.Kind.choices)
    label = models.CharField("期次", max_length=30)
    period_start = models.DateField()
    period_end = models.DateField()
    opens_on = models.DateField("开放日期")
    due_on = models.DateField("截止日期")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_end", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "period_start"], name="one_cycle_per_period")
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"{self.label} {self.get_kind_display()}"


class Report(models.Model):
    """One task × one cycle × one unit. Optimistic locking on `version`; every version is kept."""

    class Status(models.TextChoices):
        PENDING = "pending", "待填报"
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待单位审核"
        APPROVED = "approved", "待牵头机关审核"
        ACCEPTED = "accepted", "已采纳"
        RETURNED = "returned", "已退回"
        CANCELLED = "cancelled", "已撤销"  # its task was archived while the cycle was open

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="reports")
    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="reports")
    is_lead = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    narrative = models.TextField("进展情况", blank=True)
    percent = models.PositiveSmallIntegerField("完成进度（%）", null=True, blank=True)
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下步打算", blank=True)
    comment = models.TextField("审核意见", blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The browser tab whose save made the current version: its own autosave still in flight is no conflict.
    save_token = models.CharField(max_length=32, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    evidence = GenericRelation(Evidence, content_type_field="owner_type", object_id_field="owner_id")

    CONTENT_FIELDS = ("narrative", "percent", "problems", "next_steps")

    class Meta:
        ordering = ["cycle", "task", "-is_lead", "unit"]
        constraints = [models.UniqueConstraint(fields=["cycle", "task", "unit"], name="one_report_per_unit")]
        indexes = [
            models.Index(fields=["cycle", "status"]),
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["task", "status", "cycle"]),
        ]

    def __str__(self):
        return f"{self.cycle.label} {self.task.title} {self.unit}"

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.DRAFT, self.Status.RETURNED)


class ReportVersion(models.Model):
    """A snapshot of a report at each step (submit, approve, accept, return): nothing is overwritten."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Report.Status.choices)
    data = models.JSONField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"v{self.version} {self.get_status_display()}"


class TargetActual(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="actuals")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="actuals")
    value = models.DecimalField("实际值", max_digits=20, decimal_places=4)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "target"], name="one_actual_per_target")]

    def __str__(self):
        return f"{self.target.metric}={self.value}"


class Lease(models.Model):
    """A database lease so two app servers running `tick` at once do not both do the work."""

    name = models.CharField(max_length=50, primary_key=True)
    holder = models.CharField(max_length=100, blank=True)
    expires_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.name
