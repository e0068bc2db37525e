from django.conf import settings
from django.db import models

from apps.orgs.models import Unit
from apps.plans.models import Plan

from . import periods


class Briefing(models.Model):
    """A 通报 of a plan — or of all published plans of a jurisdiction (`scope`, the 市/县区; `plan` empty) —
    for a period of its kind (apps.briefings.periods: `month` is the period's last month): generated as a
    draft from the ledger (its figures kept in `data`), its free texts edited, then published — numbered
    per year per issuing unit, its .docx kept."""

    class Kind(models.TextChoices):
        MONTHLY = periods.MONTHLY, periods.KIND_LABELS[periods.MONTHLY]
        QUARTERLY = periods.QUARTERLY, periods.KIND_LABELS[periods.QUARTERLY]
        HALFYEAR = periods.HALFYEAR, periods.KIND_LABELS[periods.HALFYEAR]
        ANNUAL = periods.ANNUAL, periods.KIND_LABELS[periods.ANNUAL]
        RECTIFICATION = periods.RECTIFICATION, periods.KIND_LABELS[periods.RECTIFICATION]

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    plan = models.ForeignKey(
        Plan, verbose_name="计划", null=True, blank=True, on_delete=models.PROTECT, related_name="briefings"
    )
    scope = models.ForeignKey(
        Unit,
        verbose_name="辖区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="全部计划的通报：该市/县区发布的所有计划",
    )
    owner_unit = models.ForeignKey(
        Unit, verbose_name="发文单位", on_delete=models.PROTECT, related_name="+", help_text="按年编号的单位"
    )
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.MONTHLY)
    year = models.PositiveIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份", help_text="期次的最后一个月")
    number = models.PositiveIntegerField("期号", null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    office = models.CharField("印发单位", max_length=100)
    copy_to = models.CharField(
        "抄送", max_length=300, blank=True, help_text="版记的抄送机关，用顿号分隔；不填则版记不列抄送"
    )
    problems_extra = models.TextField("存在问题（补充）", blank=True)
    requirements = models.TextField("下步要求", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    data = models.JSONField("数据快照", default=dict)
    file = models.FileField("文件", upload_to="briefings/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    generated_at = models.DateTimeField("数据时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    AUDIT_FIELDS = ("title", "office", "copy_to", "problems_extra", "requirements", "status", "number")

    class Meta:
        ordering = ["-year", "-month", "-id"]
        verbose_name = "督查通报"
        constraints = [
            models.UniqueConstraint(
                fields=["owner_unit", "year", "number"],
                condition=models.Q(number__isnull=False),
                name="briefing_number_once_per_year",
            ),
            models.CheckConstraint(
                condition=models.Q(plan__isnull=False, scope__isnull=True)
                | models.Q(plan__isnull=True, scope__isnull=False),
                name="briefing_of_a_plan_or_a_scope",
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "year", "month"]),
            models.Index(fields=["scope", "year", "month"]),
        ]

    def __str__(self):
        return self.title

    @property
    def covers(self) -> periods.Period:
        return periods.of(self.kind, self.year, self.month)

    @property
    def period(self) -> str:
        """As the generate form takes it: 2026-11, 2026-Q3, 2026-H1, 2026."""
        return self.covers.code

    @property
    def subject(self) -> str:
        """What the 通报 is of: the plan, or 全部计划 of the jurisdiction."""
        return self.plan.title if self.plan_id else f"{self.scope.name}全部计划"

    @property
    def journal(self) -> str:
        """The 简报's name in its masthead: 《定西市督查》."""
        return f"《{self.owner_unit.name}督查》"

    @property
    def number_label(self) -> str:
        return f"{self.year}年第{self.number}期" if self.number else "（草稿，发布时编号）"

    @property
    def filename(self) -> str:
        return f"{self.title}.docx"


class BriefingJob(models.Model):
    """The generation of a large plan's 通报 (more than settings.BRIEFING_JOB_TASKS tasks), run by a
    background worker (apps.briefings.jobs); its page, the requester's only, shows the steps done."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    scope = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(
        "类型", max_length=16, choices=Briefing.Kind.choices, default=Briefing.Kind.MONTHLY
    )
    year = models.PositiveIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    tasks = models.PositiveIntegerField("任务数", default=0)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField("当前步骤", max_length=40, blank=True)
    done = models.PositiveSmallIntegerField("已完成步骤", default=0)
    steps = models.PositiveSmallIntegerField("步骤数", default=0)
    briefing = models.ForeignKey(Briefing, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    error = models.CharField("错误", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "通报生成任务"

    def __str__(self):
        return f"{self.subject} {self.covers.code}"

    @property
    def covers(self) -> periods.Period:
        return periods.of(self.kind, self.year, self.month)

    @property
    def subject(self) -> str:
        return self.plan.title if self.plan_id else f"{self.scope.name}全部计划"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.steps) if self.steps else 0


class BriefingTemplate(models.Model):
    """An office's own Word template (docxtpl placeholders, apps.briefings.templating) for one kind of
    通报 of an issuing unit — a 市/县区 — and the plans of the units below it: generation fills it in
    instead of the built-in layout. Checked when uploaded; one per unit and kind (a new upload replaces
    it)."""

    owner_unit = models.ForeignKey(Unit, verbose_name="发文单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("通报类型", max_length=16, choices=Briefing.Kind.choices)
    file = models.FileField("模板文件", upload_to="briefing_templates/")
    name = models.CharField("文件名", max_length=200)
    variables = models.JSONField("使用的变量", default=list)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now=True)

    AUDIT_FIELDS = ("kind", "name")

    class Meta:
        ordering = ["owner_unit_id", "kind"]
        verbose_name = "通报模板"
        constraints = [models.UniqueConstraint(fields=["owner_unit", "kind"], name="briefing_template_once")]

    def __str__(self):
        return f"{self.owner_unit.name}{self.get_kind_display()}模板"
