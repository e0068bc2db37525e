"""典型经验: a unit's good practice — what it did and what came of it — submitted, reviewed by the
jurisdiction's 牵头机关/督查员, promoted (县 → 市 → 省 → 国家, each step proved by a document or an article)
and perhaps featured. A case may come from a 督查发现 marked as good practice.

The area (领域) is free text, not a foreign key to plans.Area: an Area is a section of one plan (one year's
document, its headings reworded every year), while a case is searched across years by theme (营商环境,
乡村振兴) and may have no task at all (a practice found during an inspection). The form offers the areas of
the linked tasks and of earlier cases as suggestions, so the values stay consistent without tying a case
to one plan."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone

from apps.evidence.models import Evidence
from apps.orgs.models import Unit
from apps.plans.models import Task
from apps.supervision.models import Finding


class Level(models.IntegerChoices):
    """How far a practice has been taken up: the level of the body that promoted it."""

    COUNTY = 1, "县级"
    CITY = 2, "市级"
    PROVINCE = 3, "省级"
    NATION = 4, "国家级"


class Case(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审核"
        ACCEPTED = "accepted", "已采纳"
        RETURNED = "returned", "退回修改"
        REJECTED = "rejected", "不予采纳"

    title = models.CharField("标题", max_length=200)
    summary = models.TextField("内容摘要", blank=True)
    practice = models.TextField("主要做法", blank=True)
    results = models.TextField(
        "取得成效", blank=True, help_text="用数据说明成效，如办理时限压缩、群众满意度等"
    )
    unit = models.ForeignKey(Unit, verbose_name="报送单位", on_delete=models.PROTECT, related_name="cases")
    year = models.PositiveSmallIntegerField("年度")
    area = models.CharField("领域", max_length=100, blank=True)
    tasks = models.ManyToManyField(Task, verbose_name="相关任务", blank=True, related_name="cases")
    finding = models.OneToOneField(
        Finding,
        verbose_name="来源督查发现",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    # the highest promotion recorded (Promotion rows keep each step with its proof), for filtering
    level = models.PositiveSmallIntegerField("推广层级", choices=Level.choices, null=True, blank=True)
    featured = models.BooleanField("精选", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    evidence = GenericRelation(Evidence, content_type_field="owner_type", object_id_field="owner_id")

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    FIELDS = ("title", "summary", "practice", "results", "unit", "year", "area")

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = "典型经验"
        indexes = [
            models.Index(fields=["unit", "status"], name="case_unit_status_idx"),
            models.Index(fields=["status", "year"], name="case_status_year_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE


class Promotion(models.Model):
    """One step of a case's promotion: the level reached, the document number or article that proves it,
    the day; an optional file (the document, the newspaper page) as its evidence."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="promotions")
    level = models.PositiveSmallIntegerField("推广层级", choices=Level.choices)
    proof = models.TextField("推广依据", blank=True, help_text="文件文号或刊发文章、简报的名称与期号")
    promoted_on = models.DateField("推广日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    evidence = GenericRelation(Evidence, content_type_field="owner_type", object_id_field="owner_id")

    class Meta:
        ordering = ["case", "level", "id"]
        verbose_name = "推广情况"

    def __str__(self):
        return f"{self.case}：{self.get_level_display()}推广"
