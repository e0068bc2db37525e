"""重点项目: the key-project ledger beside the task ledger (DOMAIN.md §5). A Project is one line of a
year's list (省级/市级/县级重点) with its investment plan, dates, 前期手续 and the unit responsible; its
unit reports each month (ProjectReport: 本月/累计完成投资, 形象进度, 手续, problems), approved by the unit's
审核人 and accepted by the 牵头机关 like a task report.

Money is in 万元. The ledger's figures (累计完成, 投资完成率, colour with its reason, flags) are stored on
the project by `lights.refresh` when a report is counted or the project changes, and by the monthly tick
(a colour changes with time alone), so the ledger filters and sorts on columns, never on reports."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.orgs.models import Unit
from apps.plans.models import Task

MONEY = {"max_digits": 14, "decimal_places": 2}

# 前期手续: key → label, in the order of a 项目手续 table
PERMITS = (
    ("approval", "立项"),
    ("land", "用地"),
    ("planning", "规划"),
    ("eia", "环评"),
    ("energy", "能评"),
    ("construction", "施工许可"),
)
PERMIT_LABELS = dict(PERMITS)


class PermitState(models.TextChoices):
    TODO = "todo", "未办理"
    DOING = "doing", "办理中"
    DONE = "done", "已办结"
    NA = "na", "不涉及"


class Project(models.Model):
    class Level(models.IntegerChoices):
        PROVINCE = 1, "省级重点"
        CITY = 2, "市级重点"
        COUNTY = 3, "县级重点"

    class Kind(models.TextChoices):
        NEW = "new", "新开工"
        CONTINUING = "continuing", "续建"
        COMPLETING = "completing", "竣工投产"
        PREPARING = "preparing", "前期"
        RESERVE = "reserve", "预备"

    class Industry(models.TextChoices):
        INDUSTRY = "industry", "产业"
        INFRASTRUCTURE = "infrastructure", "基础设施"
        LIVELIHOOD = "livelihood", "民生"
        ECOLOGY = "ecology", "生态环保"
        OTHER = "other", "其他"

    class Colour(models.TextChoices):  # rules.Colour, as a field's choices
        GREEN = "green", "绿灯"
        YELLOW = "yellow", "黄灯"
        RED = "red", "红灯"
        NONE = "none", "不亮灯"

    code = models.CharField("项目编号", max_length=40)
    name = models.CharField("项目名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    level = models.PositiveSmallIntegerField("级别", choices=Level.choices)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    industry = models.CharField(
        "行业类别", max_length=16, choices=Industry.choices, default=Industry.INDUSTRY
    )
    content = models.TextField("建设内容及规模", blank=True)
    location = models.CharField("建设地点", max_length=200, blank=True)
    owner = models.CharField("业主单位", max_length=200, blank=True)
    unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="projects")
    leader = models.CharField("包抓领导", max_length=100, blank=True)
    leader_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="包抓领导（用户）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_projects",
    )
    total_investment = models.DecimalField("总投资（万元）", **MONEY)
    annual_plan = models.DecimalField("年度计划投资（万元）", **MONEY)
    monthly_plan = models.JSONField(
        "月度计划投资（万元）", default=list, blank=True, help_text="12个月的计划投资，合计应等于年度计划投资"
    )
    planned_start = models.DateField("计划开工时间", null=True, blank=True)
    actual_start = models.DateField("实际开工时间", null=True, blank=True)
    planned_end = models.DateField("计划竣工时间", null=True, blank=True)
    actual_end = models.DateField("实际竣工时间", null=True, blank=True)
    progress = models.TextField("形象进度", blank=True)
    permits = models.JSONField(
        "前期手续", default=dict, blank=True
    )  # key → {"state": …, "date": "YYYY-MM-DD"}
    in_stats = models.BooleanField("是否入库纳统", default=False)
    needs = models.TextField("要素保障需求/存在问题", blank=True)
    coordination = models.TextField("需协调事项", blank=True)
    coordination_unit = models.ForeignKey(
        Unit,
        verbose_name="协调责任单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinated_projects",
    )
    task = models.ForeignKey(
        Task,
        verbose_name="关联任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    # derived by lights.refresh: the ledger's columns
    completed = models.DecimalField("本年累计完成投资（万元）", default=0, **MONEY)
    completion_rate = models.DecimalField(
        "投资完成率（%）", max_digits=8, decimal_places=2, null=True, blank=True
    )
    reported_month = models.PositiveSmallIntegerField("最近报送月份", null=True, blank=True)
    colour = models.CharField("亮灯", max_length=8, choices=Colour.choices, default=Colour.NONE)
    colour_reason = models.TextField("亮灯原因", blank=True)
    flags = models.JSONField("预警", default=list, blank=True)
    lit_on = models.DateField("亮灯日期", null=True, blank=True)

    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # what a 牵头机关 edits (the form, the API, the import)
    FIELDS = (
        "code",
        "name",
        "year",
        "level",
        "kind",
        "industry",
        "content",
        "location",
        "owner",
        "unit",
        "leader",
        "leader_user",
        "total_investment",
        "annual_plan",
        "monthly_plan",
        "planned_start",
        "actual_start",
        "planned_end",
        "actual_end",
        "progress",
        "permits",
        "in_stats",
        "needs",
        "coordination",
        "coordination_unit",
        "task",
    )

    class Meta:
        ordering = ["-year", "level", "code", "id"]
        verbose_name = "重点项目"
        constraints = [models.UniqueConstraint(fields=["year", "code"], name="project_year_code_uniq")]
        indexes = [
            models.Index(fields=["year", "colour"], name="project_year_colour_idx"),
            models.Index(fields=["unit", "year"], name="project_unit_year_idx"),
            # the ledger's order: a page is read off the index instead of sorting the year's projects
            models.Index(
                fields=["year", "level", "code", "id"],
                condition=models.Q(archived_at__isnull=True),
                name="project_ledger_order_idx",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def permit_state(self, key: str) -> str:
        return (self.permits or {}).get(key, {}).get("state", PermitState.TODO)

    @property
    def has_construction_permit(self) -> bool:
        return self.permit_state("construction") in (PermitState.DONE, PermitState.NA)

    def permit_rows(self) -> list[dict]:
        states = dict(PermitState.choices)
        rows = []
        for key, label in PERMITS:
            entry = (self.permits or {}).get(key, {})
            state = entry.get("state", PermitState.TODO)
            rows.append(
                {"key": key, "label": label, "state": state, "text": states[state], "date": entry.get("date")}
            )
        return rows


class ProjectReport(models.Model):
    """One month of one project, as its unit reports it (by the 25th: settings.PROJECT_REPORT_DUE_DAY)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待单位审核"
        APPROVED = "approved", "待牵头机关审核"
        ACCEPTED = "accepted", "已采纳"
        RETURNED = "returned", "已退回"

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    COUNTED = (Status.SUBMITTED, Status.APPROVED, Status.ACCEPTED)  # the ledger's figures come from these

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    month = models.PositiveSmallIntegerField("月份")
    month_investment = models.DecimalField("本月完成投资（万元）", **MONEY)
    cumulative = models.DecimalField("本年累计完成投资（万元）", **MONEY)
    progress = models.TextField("形象进度", blank=True)
    started_on = models.DateField("实际开工时间", null=True, blank=True)
    permits = models.JSONField("手续变化", default=dict, blank=True)
    problems = models.TextField("存在问题", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    due_on = models.DateField("报送截止")
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    comment = models.TextField("审核意见", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    FIELDS = ("month_investment", "cumulative", "progress", "started_on", "permits", "problems")

    class Meta:
        ordering = ["project", "month"]
        verbose_name = "项目月报"
        constraints = [models.UniqueConstraint(fields=["project", "month"], name="project_report_month_uniq")]

    def __str__(self):
        return f"{self.project.name} {self.project.year}年{self.month}月"

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def late(self) -> bool:
        return self.submitted_at is not None and timezone.localdate(self.submitted_at) > self.due_on
