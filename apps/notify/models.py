"""Messages: the in-app inbox of each user, and the outbox of deliveries to each unit's outside channels.
The tables were created by the cycles app and keep their names."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.orgs.models import Unit


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

    class Meta:
        db_table = "cycles_channel"

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
        db_table = "cycles_notification"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notify_once")]
        indexes = [models.Index(fields=["key"], name="notification_key")]  # send_many: what was sent

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
        db_table = "cycles_delivery"
        constraints = [models.UniqueConstraint(fields=["channel", "key"], name="deliver_once")]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["key"], name="delivery_key"),  # send_many: what was already queued
        ]

    def __str__(self):
        return f"{self.channel} {self.subject}"
