"""主要经济指标: the indicators a 市 (or 县区) follows — GDP growth, 固定资产投资, 社零, 规上工业增加值… —
with an annual target per unit (the city and each 县区) and year, and the 统计局's monthly or quarterly
figures per unit and month (累计值 and 累计增速 up to that month), the province's figure of that month
(a row without a unit: 全省) and the unit's 全省排名 as published.

A quarterly indicator (GDP) has its figures at months 3, 6, 9 and 12; 序时进度 is month ÷ 12 either way
(apps/indicators/rules.py). Figures not reported are NULL and shown as “—”, never as zero."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.orgs.models import Unit

from . import rules


class Indicator(models.Model):
    class Kind(models.TextChoices):
        GROWTH = rules.GROWTH, "增速类（目标为增速 %）"
        AMOUNT = rules.AMOUNT, "总量类（目标为年度总量）"

    class Frequency(models.TextChoices):
        MONTH = "month", "月度"
        QUARTER = "quarter", "季度"

    owner_unit = models.ForeignKey(
        Unit,
        verbose_name="所属辖区",
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text="定下这项指标的市或县区；它的目标和数据按本辖区及下辖县区填报",
    )
    name = models.CharField("指标名称", max_length=100)
    measure = models.CharField("计量单位", max_length=20, help_text="累计值的单位，如 亿元、万元、万人")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    frequency = models.CharField(
        "统计频度", max_length=10, choices=Frequency.choices, default=Frequency.MONTH
    )
    caliber = models.TextField(
        "口径说明", blank=True, help_text="统计范围、计算方法，如“规模以上工业企业，按可比价计算”"
    )
    order = models.PositiveIntegerField("排序", default=0)
    red_gap = models.DecimalField(
        "红色阈值（个百分点）",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="落后序时进度（或目标增速）超过这么多个百分点显示为红色，不超过为黄色；"
        "不填时增速类 1 个百分点、总量类 10 个百分点",
    )
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)

    FIELDS = ("name", "measure", "kind", "frequency", "caliber", "order", "red_gap")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "经济指标"
        constraints = [models.UniqueConstraint(fields=["owner_unit", "name"], name="indicator_unique_name")]

    def __str__(self):
        return self.name

    @property
    def months(self) -> tuple[int, ...]:
        """The months this indicator has figures at."""
        return (3, 6, 9, 12) if self.frequency == self.Frequency.QUARTER else tuple(range(1, 13))

    @property
    def target_label(self) -> str:
        return "目标增速（%）" if self.kind == self.Kind.GROWTH else f"年度目标（{self.measure}）"


class IndicatorTarget(models.Model):
    """The annual target of one unit: the growth rate (%) of a growth indicator, the amount (in the
    indicator's measure) of an amount indicator."""

    indicator = models.ForeignKey(
        Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="targets"
    )
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    value = models.DecimalField("目标值", max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = "指标目标"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "year"], name="indicator_target_unique"),
        ]

    def __str__(self):
        return f"{self.indicator} · {self.unit} · {self.year}年目标"


class Actual(models.Model):
    """The figures of one unit (or of the province, unit empty) for the months 1…`month` of `year`."""

    indicator = models.ForeignKey(
        Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="actuals"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("截至月份")
    cumulative = models.DecimalField("累计值", max_digits=18, decimal_places=4, null=True, blank=True)
    growth = models.DecimalField("累计增速（%）", max_digits=8, decimal_places=2, null=True, blank=True)
    province_rank = models.PositiveSmallIntegerField("全省排名", null=True, blank=True)
    # derived by ranking.refresh on every write of the month: the rank by 累计增速 among the units of the
    # same parent (the 县区 of a city; ties share a rank) and how many of them were ranked
    peer_rank = models.PositiveSmallIntegerField("全市排名", null=True, blank=True, editable=False)
    peers = models.PositiveSmallIntegerField("参与排名单位数", default=0, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    VALUES = ("cumulative", "growth", "province_rank")

    class Meta:
        verbose_name = "指标数据"
        indexes = [models.Index(fields=["indicator", "year", "month"], name="indicator_actual_period")]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "year", "month"],
                condition=Q(unit__isnull=False),
                name="indicator_actual_unique",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "month"],
                condition=Q(unit__isnull=True),
                name="indicator_actual_province_unique",
            ),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="indicator_actual_month"),
        ]

    def __str__(self):
        return f"{self.indicator} · {self.unit or '全省'} · {self.year}年1-{self.month}月"
