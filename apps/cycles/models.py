"""The implementation cycle: reporting periods, progress reports, 督办 notices, close-out (销号),
notifications and their deliveries."""

from django.conf import settings
from django.db import models
from django.utils import timezone

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


class Evidence(models.Model):
    """A supporting file (pdf, jpg, png, docx, xlsx), type checked by content."""

    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    closeout = models.ForeignKey(
        "CloseOut", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(upload_to="evidence/%Y/%m/")
    name = models.CharField("文件名", max_length=255)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name


class Notice(models.Model):
    """督办单: issued to a unit about a task, with a reason and a reply-by date."""

    class Level(models.IntegerChoices):
        REMIND = 1, "提醒"
        URGE = 2, "催办"
        SUPERVISE = 3, "督办"
        BULLETIN = 4, "通报"

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.PROTECT, related_name="notices")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="notices")
    level = models.PositiveSmallIntegerField("级别", choices=Level.choices)
    reason = models.TextField("督办事由")
    reply_by = models.DateField("回复期限")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)
    reply = models.TextField("办理情况", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self):
        return f"{self.get_level_display()}：{self.task.title}"

    def is_late(self, today) -> bool:
        if self.replied_at:
            return timezone.localdate(self.replied_at) > self.reply_by
        return today > self.reply_by

    @property
    def next_level(self):
        return self.Level(min(self.level + 1, self.Level.BULLETIN))


class CloseOut(models.Model):
    """销号: the unit applies with evidence; the coordinator approves; only then is the task 已销号."""

    class Status(models.TextChoices):
        APPLIED = "applied", "待审核"
        APPROVED = "approved", "已销号"
        REJECTED = "rejected", "未通过"

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.PROTECT, related_name="closeouts")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT)
    note = models.TextField("完成情况说明")
    # required when the task is short of 100% or of a target at the time of the application
    shortfall_reason = models.TextField("未完成说明", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField("审核意见", blank=True)

    class Meta:
        ordering = ["-applied_at"]

    def __str__(self):
        return f"销号申请：{self.task.title}"


class Channel(models.Model):
    """Where a unit's reminders go besides the in-app inbox: e-mail or a 钉钉 / 企业微信 robot."""

    class Kind(models.TextChoices):
        EMAIL = "email", "电子邮件"
        DINGTALK = "dingtalk", "钉钉机器人"
        WECOM = "wecom", "企业微信机器人"

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField("渠道", max_length=10, choices=Kind.choices)
    address = models.CharField("邮箱或 Webhook 地址", max_length=500)
    enabled = models.BooleanField("启用", default=True)

    def __str__(self):
        return f"{self.unit} {self.get_kind_display()}"


class Notification(models.Model):
    """An in-app message to a user; `key` makes a reminder idempotent (a second tick sends nothing twice)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=120)
    text = models.CharField(max_length=500)
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notify_once")]

    def __str__(self):
        return self.text


class Delivery(models.Model):
    """One message to one outside channel (outbox). Retried with back-off; never dropped silently."""

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="deliveries")
    key = models.CharField(max_length=120)
    subject = models.CharField(max_length=200)
    text = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "key"], name="deliver_once")]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.channel} {self.subject}"


class Lease(models.Model):
    """A database lease so two app servers running `tick` at once do not both do the work."""

    name = models.CharField(max_length=50, primary_key=True)
    holder = models.CharField(max_length=100, blank=True)
    expires_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.name
