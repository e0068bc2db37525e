"""督办单 (supervision notices) and 销号 (close-out of a finished task). The tables were created by the
cycles app and keep their names."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone

from apps.evidence.models import Evidence
from apps.orgs.models import Unit
from apps.plans.models import Task


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
        db_table = "cycles_notice"
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
    evidence = GenericRelation(Evidence, content_type_field="owner_type", object_id_field="owner_id")

    class Meta:
        db_table = "cycles_closeout"
        ordering = ["-applied_at"]

    def __str__(self):
        return f"销号申请：{self.task.title}"
