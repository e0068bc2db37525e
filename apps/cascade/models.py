"""承接落实: a lower plan carries down a higher one (a county's 重点改革任务 → the city's), and each of its
tasks may carry one or more of the parent plan's tasks — 承接 (as is), 细化 (broken down) or 量化分解 (a
numeric share of a parent target). Links start as the matcher's suggestions (extractor.align) and are
confirmed or rejected by the lower plan's coordinator; a rejected suggestion is kept so it is not proposed
again."""

from django.conf import settings
from django.db import models

from apps.plans.models import Plan, Target, Task


class PlanParent(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name="下级计划", on_delete=models.CASCADE, related_name="parent_links"
    )
    parent = models.ForeignKey(
        Plan, verbose_name="上级计划", on_delete=models.PROTECT, related_name="child_links"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    suggested_at = models.DateTimeField("最近生成建议", null=True, blank=True)

    AUDIT_FIELDS = ("plan", "parent")

    class Meta:
        verbose_name = "承接的上级计划"
        constraints = [models.UniqueConstraint(fields=["plan", "parent"], name="plan_parent_once")]

    def __str__(self):
        return f"{self.plan} 承接 {self.parent}"


class TaskLink(models.Model):
    class Relation(models.TextChoices):
        TAKE_ON = "take_on", "承接"
        REFINE = "refine", "细化"
        SHARE = "share", "量化分解"

    class State(models.TextChoices):
        SUGGESTED = "suggested", "待确认"
        ACCEPTED = "accepted", "已确认"
        REJECTED = "rejected", "已否决"

    task = models.ForeignKey(
        Task, verbose_name="下级任务", on_delete=models.CASCADE, related_name="parent_task_links"
    )
    parent = models.ForeignKey(
        Task, verbose_name="上级任务", on_delete=models.CASCADE, related_name="child_task_links"
    )
    relation = models.CharField("关系", max_length=10, choices=Relation.choices, default=Relation.TAKE_ON)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.SUGGESTED)
    score = models.FloatField("匹配度", null=True, blank=True)
    parent_target = models.ForeignKey(
        Target,
        verbose_name="分解的上级指标",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    share = models.DecimalField(
        "分解数量", max_digits=20, decimal_places=4, null=True, blank=True, help_text="按上级指标的单位"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)

    AUDIT_FIELDS = ("relation", "state", "parent_target", "share")

    class Meta:
        verbose_name = "任务承接"
        ordering = ["task_id", "-score", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "parent"], name="task_link_once")]
        indexes = [models.Index(fields=["parent", "state"])]

    def __str__(self):
        return f"{self.task} → {self.parent}"
