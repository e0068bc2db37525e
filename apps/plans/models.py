from django.conf import settings
from django.db import models

from apps.orgs.models import Unit


class Archivable(models.Model):
    """Nothing is destroyed: records are archived (归档) and can be restored."""

    archived_at = models.DateTimeField("归档时间", null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Plan(Archivable):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    class Ladder(models.TextChoices):
        """How the plan's 督办单 are coloured (apps.supervision.rules.notice_colour)."""

        ESCALATION = "escalation", "逐级升级（蓝单→橙单→红单，一事一单）"
        TIME = "time", "按时限（临近时限蓝、落后序时黄、逾期红）"

    title = models.CharField("计划名称", max_length=200)
    year = models.PositiveIntegerField("年度")
    owner_unit = models.ForeignKey(
        Unit, verbose_name="发文单位", on_delete=models.PROTECT, related_name="plans"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    source_title = models.CharField("来源文件", max_length=200, blank=True)
    source_text = models.TextField("来源原文", blank=True)
    ladder = models.CharField("督办单颜色", max_length=12, choices=Ladder.choices, default=Ladder.ESCALATION)
    created_at = models.DateTimeField(auto_now_add=True)

    AUDIT_FIELDS = ("title", "year", "owner_unit", "status", "source_title", "ladder")

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = "计划"

    def __str__(self):
        return self.title


class Area(Archivable):
    """领域/板块: a section of the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="areas")
    title = models.CharField("领域名称", max_length=200)
    order = models.PositiveIntegerField("排序", default=0)

    AUDIT_FIELDS = ("title", "order")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "领域"

    def __str__(self):
        return self.title


class TaskStatus(models.TextChoices):
    """A task's derived status (apps.cycles.rules): the one list of its values and Chinese names."""

    NOT_STARTED = "not_started", "未启动"
    ON_TRACK = "on_track", "正常推进"
    LAGGING = "lagging", "滞后"
    OVERDUE = "overdue", "逾期"
    DONE = "done", "已完成"
    CLOSED = "closed", "已销号"


class Rag(models.TextChoices):
    """A task's derived early-warning light (红黄绿灯)."""

    GREEN = "green", "绿灯"
    YELLOW = "yellow", "黄灯"
    RED = "red", "红灯"


class TaskQuerySet(models.QuerySet):
    def with_unit(self, unit_ids, role=None):
        """Tasks where one of `unit_ids` is lead (or co-operating) unit, as one uncorrelated IN subquery:
        a correlated EXISTS made SQLite probe every task of the plan (1.3 s for a 县 on 50,000 tasks)."""
        links = TaskUnit.objects.filter(unit_id__in=unit_ids)
        if role:
            links = links.filter(role=role)
        return self.filter(pk__in=links.values("task_id"))

    def under(self, path: str):
        """Tasks with a lead or co-operating unit at or below the unit whose tree path is `path`: one
        uncorrelated IN subquery on the unit path prefix, whatever the number of units below."""
        return self.filter(pk__in=TaskUnit.objects.filter(unit__path__startswith=path).values("task_id"))

    def with_first_lead_under(self, path: str):
        """Tasks whose first lead unit (主责单位, TaskUnitQuerySet.first_leads) is at or below the unit whose
        tree path is `path`: each task under one unit, so the counts of sibling units add up to their
        parent's."""
        links = TaskUnit.objects.first_leads().filter(unit__path__startswith=path)
        return self.filter(pk__in=links.values("task_id"))


class TaskUnitQuerySet(models.QuerySet):
    def first_leads(self):
        """Each task's first lead unit link (the first in the task's order of lead units): no lead link of
        the task comes before it. Probes the (task, unit) index once per link."""
        earlier = TaskUnit.objects.filter(task=models.OuterRef("task"), role=TaskUnit.Role.LEAD).filter(
            models.Q(order__lt=models.OuterRef("order"))
            | models.Q(order=models.OuterRef("order"), id__lt=models.OuterRef("id"))
        )
        return self.filter(role=TaskUnit.Role.LEAD).exclude(models.Exists(earlier))


class Task(Archivable):
    class Kind(models.TextChoices):
        REFORM = "reform", "改革"
        PROJECT = "project", "项目"
        LIVELIHOOD = "livelihood", "民生实事"
        ROUTINE = "routine", "常规"

    class Priority(models.IntegerChoices):
        HIGH = 1, "高"
        NORMAL = 2, "中"
        LOW = 3, "低"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="tasks")
    area = models.ForeignKey(
        Area, verbose_name="领域", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    code = models.CharField("编号", max_length=30, blank=True)
    title = models.CharField("任务名称", max_length=300)
    description = models.TextField("任务描述", blank=True)
    # 责任领导: the name shown; `leader_user` the leader's account when they have one (我分管), whose name
    # the text then is (apps.plans.actions.link_leader)
    leader = models.CharField("责任领导", max_length=100, blank=True)
    leader_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任领导账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_tasks",
    )
    start_date = models.DateField("开始日期", null=True, blank=True)
    due_date = models.DateField("完成时限", null=True, blank=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.ROUTINE)
    priority = models.PositiveSmallIntegerField("优先级", choices=Priority.choices, default=Priority.NORMAL)
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    units = models.ManyToManyField(Unit, through="TaskUnit", related_name="tasks")
    # Derived by the apps above (cycles: status, RAG, percent and 最新进展 on each accepted report and on
    # every `tick`; supervision: the day of an approved 销号); never edited by hand.
    status = models.CharField(
        "状态", max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED, editable=False
    )
    rag = models.CharField("预警", max_length=10, choices=Rag.choices, default=Rag.GREEN, editable=False)
    status_reasons = models.JSONField(default=list, blank=True, editable=False)
    # When the light last changed colour (set by cycles.status): "red since …" on the ledger and dashboard.
    rag_since = models.DateTimeField("预警起始", null=True, blank=True, editable=False)
    percent = models.PositiveSmallIntegerField("完成进度", null=True, blank=True, editable=False)
    progress_note = models.TextField("最新进展", blank=True, editable=False)
    closed_out_on = models.DateField("销号日期", null=True, blank=True, editable=False)

    AUDIT_FIELDS = (
        "area",
        "code",
        "title",
        "description",
        "leader",
        "leader_user",
        "start_date",
        "due_date",
        "kind",
        "priority",
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "area__order", "id"]
        verbose_name = "任务"
        indexes = [
            models.Index(fields=["plan", "due_date"]),
            models.Index(fields=["plan", "code"]),
            models.Index(fields=["plan", "rag"]),
            # the dashboard's red list: a plan's red or overdue tasks in deadline order, without the rest
            models.Index(
                fields=["plan", "due_date", "id"],
                condition=models.Q(rag="red") | models.Q(status="overdue"),
                name="task_red_by_due",
            ),
            # a plan's live tasks read from the index alone: the ledger's count, its 责任领导 choices and
            # filter, the task ids a permission or unit filter checks against the task's units, the default
            # order (it replaces the (plan, leader) index: one index fewer to write on every status change)
            models.Index(
                fields=["plan", "leader", "area", "id"],
                condition=models.Q(archived_at=None),
                name="task_live_by_plan",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}".strip()

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.start_date and self.due_date and self.start_date > self.due_date:
            raise ValidationError({"due_date": "完成时限不能早于开始日期"})
        if self.area_id and self.area.plan_id != self.plan_id:
            raise ValidationError({"area": "领域不属于该计划"})

    @property
    def lead_units(self):
        return [link.unit for link in self.links.all() if link.role == TaskUnit.Role.LEAD]

    @property
    def co_units(self):
        return [link.unit for link in self.links.all() if link.role == TaskUnit.Role.CO]


class TaskUnit(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "牵头单位"
        CO = "co", "配合单位"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="links")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="task_links")
    role = models.CharField(max_length=10, choices=Role.choices)
    order = models.PositiveSmallIntegerField(default=0)

    objects = TaskUnitQuerySet.as_manager()

    class Meta:
        ordering = ["role", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="task_unit_once")]
        indexes = [models.Index(fields=["unit", "task"])]

    def __str__(self):
        return f"{self.get_role_display()}：{self.unit_id}"


class Target(Archivable):
    """A quantitative target: metric comparator value unit, by a deadline."""

    class Comparator(models.TextChoices):
        GE = ">=", "≥"
        GT = ">", "＞"
        LE = "<=", "≤"
        LT = "<", "＜"
        APPROX = "~", "≈"
        EQ = "=", "＝"

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="targets")
    metric = models.CharField("指标", max_length=200)
    comparator = models.CharField("比较", max_length=2, choices=Comparator.choices, default=Comparator.EQ)
    value = models.DecimalField("目标值", max_digits=20, decimal_places=4)
    unit = models.CharField("单位", max_length=30, blank=True)
    baseline = models.DecimalField("基数", max_digits=20, decimal_places=4, null=True, blank=True)
    deadline = models.DateField("截止日期", null=True, blank=True)
    horizon = models.PositiveIntegerField("目标年度", null=True, blank=True)
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)

    AUDIT_FIELDS = ("metric", "comparator", "value", "unit", "baseline", "deadline", "horizon")

    class Meta:
        ordering = ["id"]
        verbose_name = "量化指标"

    def __str__(self):
        return f"{self.metric} {self.get_comparator_display()} {fmt_number(self.value)}{self.unit}"


class Milestone(Archivable):
    """A dated deliverable of a task (倒排工期)."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="milestones")
    due_date = models.DateField("节点日期")
    deliverable = models.CharField("节点成果", max_length=300)
    done_on = models.DateField("完成日期", null=True, blank=True)

    AUDIT_FIELDS = ("due_date", "deliverable", "done_on")

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = "节点"

    def __str__(self):
        return f"{self.due_date:%Y-%m-%d} {self.deliverable}"


def fmt_number(value) -> str:
    """1100.0000 → "1100", 13.1300 → "13.13"."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class ExportJob(models.Model):
    """A ledger export too large to send at once, written by a background worker (apps.plans.jobs) to a
    file under MEDIA_ROOT that only the requesting user may download."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    query = models.CharField("筛选条件", max_length=2000, blank=True)  # the ledger's query string
    filename = models.CharField("文件名", max_length=200)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField("任务数", default=0)
    done = models.PositiveIntegerField("已写入", default=0)
    file = models.FileField("文件", upload_to="exports/", blank=True)
    error = models.CharField("错误", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "台账导出"

    def __str__(self):
        return self.filename

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0
