from django.conf import settings
from django.db import models

from apps.orgs.models import Unit
from apps.plans.models import Plan


class SourceDocument(models.Model):
    """An uploaded (or pasted) speech, 工作要点 or 政府工作报告, kept with its decoded text. Every span the
    extraction reports is an offset into `text`."""

    filename = models.CharField("文件名", max_length=255)
    file = models.FileField("原始文件", upload_to="documents/%Y/%m/", blank=True)
    text = models.TextField("文本")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "来源文件"

    def __str__(self):
        return self.filename


class Draft(models.Model):
    """A proposed ledger awaiting review: the extraction's areas → tasks → targets, as JSON the reviewer
    edits, until it is published as an ordinary plan."""

    class Status(models.TextChoices):
        REVIEW = "review", "待审核"
        PUBLISHED = "published", "已发布"
        DISCARDED = "discarded", "已放弃"

    document = models.ForeignKey(SourceDocument, on_delete=models.PROTECT, related_name="drafts")
    title = models.CharField("计划名称", max_length=200)
    year = models.PositiveIntegerField("年度")
    owner_unit = models.ForeignKey(Unit, verbose_name="发文单位", on_delete=models.PROTECT)
    data = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REVIEW)
    plan = models.OneToOneField(Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="draft")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "解析草稿"

    def __str__(self):
        return self.title
