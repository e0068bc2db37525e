"""督办单 (supervision notices) and 销号 (close-out of a finished task). The tables were created by the
cycles app and keep their names."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone

from apps.cycles.models import Report
from apps.evidence.models import Evidence
from apps.orgs.models import Unit
from apps.plans.models import Plan, Task


def is_late(done_at, by, today) -> bool:
    """Done after `by`, or not done and `by` has passed: the rule of a 督办单's reply and a 批示's answer."""
    if done_at:
        return timezone.localdate(done_at) > by
    return today > by


class Notice(models.Model):
    """督办单: issued to a unit about a task, with a reason and a reply-by date."""

    class Level(models.IntegerChoices):
        REMIND = 1, "提醒"
        URGE = 2, "催办"
        SUPERVISE = 3, "督办"
        BULLETIN = 4, "通报"

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.PROTECT, related_name="notices")
    # the task's plan, kept on the notice so that a coordinator's open notices are found by plan, not by
    # reading every task of the plan (a task never changes plan); save() fills it from the task
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+", editable=False)
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
        indexes = [
            # 我的待办's open notices of the plans a coordinator manages, oldest reply day first
            models.Index(
                fields=["plan", "reply_by", "id"],
                name="notice_open_by_plan",
                condition=models.Q(closed_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()}：{self.task.title}"

    def save(self, *args, **kwargs):
        if self.plan_id is None:
            self.plan_id = self.task.plan_id
        super().save(*args, **kwargs)

    def is_late(self, today) -> bool:
        return is_late(self.replied_at, self.reply_by, today)

    @property
    def next_level(self):
        return self.Level(min(self.level + 1, self.Level.BULLETIN))


class VerifyMethod(models.TextChoices):
    SITE = "site", "现场核查"
    DOCUMENTS = "documents", "资料核查"


class Verification(models.Model):
    """The 销号 procedure shared by a task's 销号 application and a rectification item: 核查 (by whom, how,
    what was found: "谁验收、谁负责"), then 审核 by the coordinator, then 公示 until `publicity_until`
    (objections recorded), then 销号."""

    VerifyMethod = VerifyMethod

    verify_method = models.CharField("核查方式", max_length=10, choices=VerifyMethod.choices, blank=True)
    verify_note = models.TextField("核查意见", blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField("核查时间", null=True, blank=True)
    publicity_until = models.DateField("公示截止", null=True, blank=True)
    publicity_objection = models.TextField("公示期间异议", blank=True)

    class Meta:
        abstract = True


class CloseOut(Verification):
    """销号 of a task: the unit applies with evidence → 核查 → 审核 by the coordinator → 公示 → 已销号."""

    class Status(models.TextChoices):
        APPLIED = "applied", "待核查"
        VERIFIED = "verified", "已核查待审核"
        PUBLICITY = "publicity", "公示中"
        APPROVED = "approved", "已销号"
        REJECTED = "rejected", "未通过"

    PENDING = (Status.APPLIED, Status.VERIFIED, Status.PUBLICITY)  # still on its way to 销号

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


# ---- 督查 (inspections, 政府督查工作条例 第十二条、第十四条) and the 整改台账 ----


class Inspection(models.Model):
    """督查: a 督查方案 run by a team of inspectors over some units (and plans), ending in a 督查结论 per
    unit. Issued by a jurisdiction (`owner_unit`, a 市 or 县区), whose coordinators and inspectors run it."""

    class Kind(models.TextChoices):
        COMPREHENSIVE = "comprehensive", "综合督查"
        SPECIAL = "special", "专项督查"
        ROUTINE = "routine", "日常督办"
        LEAD = "lead", "线索核查"
        INCOGNITO = "incognito", "暗访"

    class Method(models.TextChoices):
        SELF_REPORT = "self_report", "自查说明"
        BRIEFING = "briefing", "听取汇报"
        VISIT = "visit", "检查访谈"
        INCOGNITO = "incognito", "暗访"
        FORUM = "forum", "座谈评估"
        RECORDS = "records", "调阅资料"
        TIPS = "tips", "线索收集"
        INTERVIEW = "interview", "约谈"
        ONLINE = "online", "互联网+督查"

    class Status(models.TextChoices):
        UNDERWAY = "underway", "进行中"
        CONCLUDED = "concluded", "已结束"

    kind = models.CharField("督查类型", max_length=20, choices=Kind.choices)
    title = models.CharField("督查名称", max_length=200)
    scheme = models.TextField("督查方案", blank=True)
    owner_unit = models.ForeignKey(
        Unit, verbose_name="组织单位", on_delete=models.PROTECT, related_name="inspections"
    )
    units = models.ManyToManyField(Unit, verbose_name="督查对象", related_name="inspected_in", blank=True)
    plans = models.ManyToManyField(
        "plans.Plan", verbose_name="督查的计划", related_name="inspections", blank=True
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="督查组成员", related_name="inspections"
    )
    methods = models.JSONField("督查方式", default=list, blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.UNDERWAY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    concluded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return self.title


class Finding(models.Model):
    """督查发现: what an inspector found at a unit, on one of the six dimensions of 三督三察."""

    class Dimension(models.TextChoices):
        TASKS = "tasks", "督任务"
        PROGRESS = "progress", "督进度"
        RESULTS = "results", "督成效"
        AWARENESS = "awareness", "察认识"
        RESPONSIBILITY = "responsibility", "察责任"
        CONDUCT = "conduct", "察作风"

    class Severity(models.IntegerChoices):
        MINOR = 1, "一般"
        MAJOR = 2, "较重"
        SERIOUS = 3, "严重"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    unit = models.ForeignKey(
        Unit, verbose_name="被督查单位", on_delete=models.PROTECT, related_name="findings"
    )
    task = models.ForeignKey(
        Task,
        verbose_name="相关任务",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    dimension = models.CharField("督查维度", max_length=20, choices=Dimension.choices)
    text = models.TextField("发现问题或情况")
    severity = models.PositiveSmallIntegerField("严重程度", choices=Severity.choices, default=Severity.MINOR)
    needs_rectification = models.BooleanField("需要整改", default=True)
    good_practice = models.BooleanField("可推广的好做法", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    evidence = GenericRelation(Evidence, content_type_field="owner_type", object_id_field="owner_id")

    class Meta:
        ordering = ["inspection", "unit", "id"]

    def __str__(self):
        return f"{self.unit}：{self.text[:40]}"


class Conclusion(models.Model):
    """督查结论 fed back to one unit (第十六条); the unit may object within `objection_days` (第十七条: 30
    days by default) and the organising office records its 复核 decision."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="conclusions")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="conclusions")
    text = models.TextField("督查结论")
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    objection_by = models.DateField("异议截止日期")
    objection = models.TextField("异议", blank=True)
    objected_at = models.DateTimeField(null=True, blank=True)
    objected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review = models.TextField("复核决定", blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspection", "unit"], name="one_conclusion_per_unit")]

    def __str__(self):
        return f"{self.inspection}：{self.unit}"


class Rectification(Verification):
    """整改台账 item: a problem to fix (from a 督查 finding, 巡视, 审计, 环保督察, a leader's 批示 or the
    public), its lead unit, measures and time limit, until it is 销号."""

    class Source(models.TextChoices):
        INSPECTION = "inspection", "督查"
        PATROL = "patrol", "巡视巡察"
        AUDIT = "audit", "审计"
        ENVIRONMENT = "environment", "环保督察"
        INSTRUCTION = "instruction", "领导批示"
        PUBLIC = "public", "群众反映"

    class Kind(models.TextChoices):
        DEADLINE = "deadline", "限期整改"
        ONGOING = "ongoing", "持续整改"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "未启动"
        IN_PROGRESS = "in_progress", "推进中"
        AWAITING = "awaiting", "已完成待验收"
        VERIFIED = "verified", "已核查待审核"
        PUBLICITY = "publicity", "公示中"
        CLOSED = "closed", "已销号"

    owner_unit = models.ForeignKey(
        Unit, verbose_name="交办单位", on_delete=models.PROTECT, related_name="rectifications_issued"
    )
    code = models.CharField("问题编号", max_length=40, blank=True)
    source = models.CharField("问题来源", max_length=20, choices=Source.choices)
    source_ref = models.CharField("来源文件号", max_length=100, blank=True)
    finding = models.ForeignKey(
        Finding,
        verbose_name="督查发现",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectifications",
    )
    category = models.CharField("问题类别", max_length=100, blank=True)
    description = models.TextField("问题描述")
    requirement = models.TextField("整改要求", blank=True)
    goal = models.TextField("整改目标", blank=True)
    measures = models.TextField("整改措施", blank=True)
    lead_unit = models.ForeignKey(
        Unit, verbose_name="牵头单位", on_delete=models.PROTECT, related_name="rectifications_led"
    )
    co_units = models.ManyToManyField(
        Unit, verbose_name="配合单位", related_name="rectifications_joined", blank=True
    )
    leader = models.CharField("责任领导", max_length=100, blank=True)
    person = models.CharField("责任人", max_length=100, blank=True)
    due_date = models.DateField("整改时限", null=True, blank=True)
    kind = models.CharField("整改类型", max_length=10, choices=Kind.choices, default=Kind.DEADLINE)
    status = models.CharField("整改状态", max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.TextField("最新进展", blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    # 回头看 found the problem back (反弹) or the rectification false (虚假整改): reopened, flagged for 考核
    rebound = models.BooleanField("回头看发现反弹", default=False)
    accountability = models.TextField("问责情况", blank=True)  # 问责 of those responsible, as recorded
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    evidence = GenericRelation(Evidence, content_type_field="owner_type", object_id_field="owner_id")

    AUDIT_FIELDS = (
        "code",
        "source",
        "source_ref",
        "category",
        "description",
        "requirement",
        "goal",
        "measures",
        "lead_unit",
        "leader",
        "person",
        "due_date",
        "kind",
        "status",
        "accountability",
    )

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["owner_unit", "status", "due_date"]),
            models.Index(fields=["lead_unit", "status"]),
            models.Index(fields=["status", "due_date"]),  # the oldest overdue items first
        ]

    def __str__(self):
        return f"{self.code + ' ' if self.code else ''}{self.description[:40]}"

    def is_overdue(self, today) -> bool:
        return (
            self.kind == self.Kind.DEADLINE
            and self.due_date is not None
            and self.status in (self.Status.NOT_STARTED, self.Status.IN_PROGRESS)
            and today > self.due_date
        )


class Instruction(models.Model):
    """领导批示: a leader's written instruction on a task, a progress report, a 督办单 or a rectification
    item, to a named unit, which must answer by a date; tracked like a 督办 item (open / answered / late)."""

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="instructions"
    )
    task = models.ForeignKey(
        Task,
        verbose_name="任务",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instructions",
    )
    rectification = models.ForeignKey(
        Rectification,
        verbose_name="整改事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instructions",
    )
    report = models.ForeignKey(
        Report,
        verbose_name="进展报告",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instructions",
    )
    notice = models.ForeignKey(
        Notice,
        verbose_name="督办单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instructions",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="承办单位", on_delete=models.PROTECT, related_name="instructions"
    )
    text = models.TextField("批示内容")
    answer_by = models.DateField("办理时限")
    issued_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField("办理情况", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(task__isnull=False)
                | models.Q(rectification__isnull=False)
                | models.Q(report__isnull=False)
                | models.Q(notice__isnull=False),
                name="instruction_has_a_subject",
            )
        ]

    def __str__(self):
        return f"批示：{self.text[:40]}"

    @property
    def subject(self):
        return self.report or self.notice or self.rectification or self.task

    def is_late(self, today) -> bool:
        return is_late(self.answered_at, self.answer_by, today)


class Recheck(models.Model):
    """回头看: a random sample of the items closed (销号) in a period, drawn reproducibly (the seed is kept),
    each re-checked on site; a problem found back reopens its item."""

    owner_unit = models.ForeignKey(
        Unit, verbose_name="组织单位", on_delete=models.PROTECT, related_name="rechecks"
    )
    closed_from = models.DateField("销号日期自")
    closed_to = models.DateField("销号日期至")
    population = models.PositiveIntegerField("期间销号事项数")
    seed = models.BigIntegerField("抽样种子")
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-drawn_at", "-id"]

    def __str__(self):
        return f"回头看 {self.closed_from:%Y-%m-%d}—{self.closed_to:%Y-%m-%d}"


class RecheckEntry(models.Model):
    class Result(models.TextChoices):
        PENDING = "pending", "待核查"
        HOLDS = "holds", "整改到位"
        REBOUND = "rebound", "问题反弹"
        FALSE = "false", "虚假整改"

    recheck = models.ForeignKey(Recheck, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(Rectification, on_delete=models.PROTECT, related_name="recheck_entries")
    result = models.CharField("核查结果", max_length=10, choices=Result.choices, default=Result.PENDING)
    note = models.TextField("核查情况", blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["recheck", "item"], name="one_entry_per_item")]

    def __str__(self):
        return f"{self.recheck}：{self.item}"


class Extension(models.Model):
    """延期申请 on a rectification item, a 督办单 or a task: asked by the responsible unit before the time
    limit, with the reason and the new date; granted (the time limit moves) or refused (the original date
    counts). Exactly one of `item`, `notice`, `task` is set."""

    class Status(models.TextChoices):
        ASKED = "asked", "待审批"
        GRANTED = "granted", "已同意"
        REFUSED = "refused", "不同意"

    item = models.ForeignKey(
        Rectification, null=True, blank=True, on_delete=models.CASCADE, related_name="extensions"
    )
    notice = models.ForeignKey(
        Notice, null=True, blank=True, on_delete=models.CASCADE, related_name="extensions"
    )
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.CASCADE, related_name="extensions")
    original_date = models.DateField("原时限")
    new_date = models.DateField("申请延期至")
    reason = models.TextField("延期理由")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ASKED)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField("审批意见", blank=True)

    class Meta:
        ordering = ["-asked_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(item__isnull=False, notice__isnull=True, task__isnull=True)
                | models.Q(item__isnull=True, notice__isnull=False, task__isnull=True)
                | models.Q(item__isnull=True, notice__isnull=True, task__isnull=False),
                name="extension_has_one_subject",
            )
        ]

    def __str__(self):
        return f"延期申请：{self.subject}"

    @property
    def subject(self):
        return self.item or self.notice or self.task


class RectificationProgress(models.Model):
    """按月交账: one progress entry of a rectification item by its lead unit, kept month after month; the
    item's `progress` holds the latest."""

    item = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="progress_entries")
    month = models.DateField("月份")  # the first day of the month the entry counts for
    text = models.TextField("整改进展")
    done = models.BooleanField("申请验收", default=False)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["item", "month"])]

    def __str__(self):
        return f"{self.item} {self.month:%Y-%m}"
