"""年督考: an assessment scheme (考核办法/细则) of a jurisdiction for a year, the facts only the office can
enter (ratings by named raters, 通报表扬/批评 and 表彰 with their documents, manual adjustments with a
reason), and the scores computed from the ledger by a job, one `ScoreRun` at a time, read by the pages."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone

from apps.evidence.models import Evidence
from apps.orgs.models import Unit


class Scheme(models.Model):
    """The scheme's rules live in `config` (apps.assessment.scoring.Scheme.to_dict()). Published, it
    cannot change: a revision is a new version (its reason kept, audited); the old one is superseded."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        SUPERSEDED = "superseded", "已被新版本替代"

    class Running(models.TextChoices):
        MONTH = "month", "每月（月考）"
        QUARTER = "quarter", "每季度（季评）"

    owner_unit = models.ForeignKey(Unit, verbose_name="考核单位", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("考核办法名称", max_length=200)
    year = models.PositiveSmallIntegerField("考核年度")
    running = models.CharField("过程评分", max_length=10, choices=Running.choices, default=Running.QUARTER)
    config = models.JSONField("考核规则", default=dict)
    units_see_ranking = models.BooleanField("被考核单位可查看本组排名", default=False)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField("版本", default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    change_reason = models.TextField("修订理由", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    results_published_at = models.DateTimeField("结果发布时间", null=True, blank=True)

    AUDIT_FIELDS = ("title", "year", "running", "units_see_ranking", "status", "version")

    class Meta:
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["owner_unit", "year", "status"])]

    def __str__(self):
        return f"{self.title}（第{self.version}版）" if self.version > 1 else self.title


class Rating(models.Model):
    """分管领导评价 and other rated points: one rater's points for one unit in one dimension."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="ratings")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    dimension = models.CharField("考核维度", max_length=40)
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评价人", on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    note = models.CharField("说明", max_length=200, blank=True)
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "unit", "dimension", "rater"], name="one_rating_per_rater"
            )
        ]

    def __str__(self):
        return f"{self.unit} {self.dimension} {self.points}"


class Recognition(models.Model):
    """A fact from outside the ledger that a rule scores: 通报表扬 / 通报批评 of a unit, or a 表彰 at a
    level, always with the document that says so."""

    class Kind(models.TextChoices):
        PRAISE = "praise", "通报表扬"
        CRITICISM = "criticism", "通报批评"
        HONOUR = "honour", "表彰"

    class Level(models.IntegerChoices):
        COUNTY = 1, "县级"
        CITY = 2, "市级"
        PROVINCE = 3, "省级"
        NATION = 4, "国家级"

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)

    class Role(models.TextChoices):
        LEAD = "lead", "主办"
        CO = "co", "协办"

    level = models.PositiveSmallIntegerField("级别", choices=Level.choices, null=True, blank=True)
    role = models.CharField("主办/协办", max_length=4, choices=Role.choices, default=Role.LEAD)
    title = models.CharField("事由", max_length=200)
    document = models.CharField("文件或文号", max_length=200)
    day = models.DateField("日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    evidence = GenericRelation(Evidence, content_type_field="owner_type", object_id_field="owner_id")

    class Meta:
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["unit", "day"])]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"


class Adjustment(models.Model):
    """A manual adjustment of a unit's score: a reason and a file are required; shown in the breakdown."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="adjustments")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    dimension = models.CharField("考核维度", max_length=40, blank=True)  # blank: the total
    points = models.DecimalField("加减分", max_digits=6, decimal_places=2)
    reason = models.TextField("理由")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    evidence = GenericRelation(Evidence, content_type_field="owner_type", object_id_field="owner_id")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.unit} {self.points:+}"


class ScoreRun(models.Model):
    """One computation of the scheme's scores as of a day (a running score) or at the period's end
    (final, frozen once the results are published)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "计算中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="runs")
    as_of = models.DateField("计分截至")
    final = models.BooleanField("年终结果", default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    unit_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"{self.scheme} 截至 {self.as_of:%Y-%m-%d}"


class UnitScore(models.Model):
    """A unit's result in one run: what the ranking page lists, with the whole breakdown (every line with
    its rule, event and arithmetic) as computed."""

    run = models.ForeignKey(ScoreRun, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(max_length=40)
    eligible = models.BooleanField(default=True)
    total = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    grade = models.CharField(max_length=20, blank=True)
    rank = models.PositiveIntegerField(null=True)
    vetoed = models.BooleanField(default=False)
    breakdown = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)  # summary.summarise(breakdown): what the ranking page reads

    class Meta:
        ordering = ["group", "rank", "id"]
        indexes = [models.Index(fields=["run", "group", "rank"]), models.Index(fields=["run", "unit"])]

    def __str__(self):
        return f"{self.unit} {self.total}"


class Outcome(models.Model):
    """结果运用 recorded as a fact (not enforced): 通报表扬, 约谈, 书面整改报告 within a month, 不得评优…"""

    class Kind(models.TextChoices):
        PRAISE = "praise", "通报表扬"
        TALK = "talk", "约谈"
        REPORT = "report", "书面整改报告"
        NO_HONOUR = "no_honour", "不得评优"
        OTHER = "other", "其他"

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="outcomes")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("结果运用", max_length=12, choices=Kind.choices)
    note = models.TextField("说明", blank=True)
    due_date = models.DateField("完成期限", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["unit_id", "id"]

    def __str__(self):
        return f"{self.unit} {self.get_kind_display()}"
