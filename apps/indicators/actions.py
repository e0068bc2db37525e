"""Writes of 主要经济指标. Each is atomic, validated here for the pages, the API and the import alike, saves
only the fields it changes and leaves an audit row with the acting user.

`save_figures` is the one write of figures (a form's row, an API call, a whole imported sheet): it reads the
rows it will touch in one query, creates or updates them in bulk and writes one audit row per changed row.
The caller has checked that the user may enter figures for each unit (access.check_can_enter)."""

import dataclasses
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.orgs.models import Unit
from lib import bulk

from . import ranking
from .models import Actual, Indicator, IndicatorTarget

MIN_YEAR, MAX_YEAR = 2000, 2100
GROWTH_LIMIT = Decimal("1000")  # a 累计增速 beyond ±1000 % is a typing error
AMOUNT_LIMIT = Decimal("1e13")
MAX_RANK = 999
INDICATOR_UNIT_KINDS = Unit.JURISDICTION_KINDS


def _check_year(year):
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": f"年度应在 {MIN_YEAR}—{MAX_YEAR} 之间"})


def check_unit(indicator: Indicator, unit: Unit | None):
    """The units an indicator has targets and figures for: its own 辖区 and the 县区 below it. None is 全省."""
    if unit is None:
        return
    if unit.kind not in INDICATOR_UNIT_KINDS:
        raise ValidationError({"unit": f"“{unit.name}”不是市或县区，经济指标按市、县区填报"})
    if not unit.path.startswith(indicator.owner_unit.path):
        raise ValidationError({"unit": f"“{unit.name}”不在{indicator.owner_unit.name}辖区内"})


def check_month(indicator: Indicator, month):
    if not isinstance(month, int) or month not in indicator.months:
        if indicator.frequency == Indicator.Frequency.QUARTER:
            raise ValidationError({"month": f"“{indicator.name}”按季度统计，截至月份只能是 3、6、9、12 月"})
        raise ValidationError({"month": "截至月份应为 1—12"})


def clean_values(indicator: Indicator, values: dict) -> dict:
    """累计值, 累计增速 and 全省排名 checked: numbers within bounds, a rank from 1. Returns them as Decimals/int
    (None for a blank). One ValidationError naming each bad field."""
    errors, clean = {}, {}
    for field in Actual.VALUES:
        value = values.get(field)
        if value in (None, ""):
            clean[field] = None
            continue
        if field == "province_rank":
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_RANK:
                errors[field] = f"全省排名应为 1—{MAX_RANK} 的整数"
            clean[field] = value
            continue
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            errors[field] = f"“{value}”不是数字"
            continue
        if not number.is_finite():
            errors[field] = f"“{value}”不是数字"
            continue
        if field == "growth" and abs(number) > GROWTH_LIMIT:
            errors[field] = f"累计增速 {number}% 超出 ±{GROWTH_LIMIT}% 的范围，请检查是否填错"
        elif field == "cumulative" and (number < 0 or number >= AMOUNT_LIMIT):
            errors[field] = "累计值不能为负数或过大"
        clean[field] = number.quantize(Decimal("0.01") if field == "growth" else Decimal("0.0001"))
    if errors:
        raise ValidationError(errors)
    return clean


# ---- indicators ----


def _validate_indicator(indicator: Indicator):
    indicator.name = indicator.name.strip()
    indicator.measure = indicator.measure.strip()
    if not indicator.name:
        raise ValidationError({"name": "请填写指标名称"})
    if indicator.red_gap is not None and indicator.red_gap < 0:
        raise ValidationError({"red_gap": "红色阈值不能为负数"})
    duplicate = Indicator.objects.filter(owner_unit=indicator.owner_unit_id, name=indicator.name)
    if duplicate.exclude(pk=indicator.pk).exists():
        raise ValidationError({"name": f"本辖区已有指标“{indicator.name}”"})


@transaction.atomic
def create_indicator(indicator: Indicator, *, actor) -> Indicator:
    _validate_indicator(indicator)
    return audit.create(indicator, ("owner_unit", *Indicator.FIELDS), actor=actor)


@transaction.atomic
def update_indicator(indicator: Indicator, data: dict, *, actor) -> dict:
    unknown = set(data) - set(Indicator.FIELDS)
    if unknown:
        raise ValidationError(f"不能修改：{'、'.join(sorted(unknown))}")
    before = {f: getattr(indicator, f) for f in data}
    for field, value in data.items():
        setattr(indicator, field, value)
    try:
        _validate_indicator(indicator)
        if "kind" in data and before["kind"] != indicator.kind and indicator.targets.exists():
            raise ValidationError({"kind": "已有目标的指标不能改变类型（目标的含义会变）"})
        clean = {f: getattr(indicator, f) for f in data}
    finally:
        for field, value in before.items():  # audit.update applies the values and records the diff
            setattr(indicator, field, value)
    return audit.update(indicator, clean, actor=actor)


def archive_indicator(indicator: Indicator, *, actor) -> Indicator:
    return audit.archive(indicator, actor=actor)


def restore_indicator(indicator: Indicator, *, actor) -> Indicator:
    return audit.restore(indicator, actor=actor)


# ---- targets ----


@transaction.atomic
def set_target(indicator: Indicator, unit: Unit, year: int, value, *, actor) -> IndicatorTarget | None:
    """The annual target of `unit`: created, changed, or (value None) removed; audited each way."""
    check_unit(indicator, unit)
    if unit is None:
        raise ValidationError({"unit": "请选择单位"})
    _check_year(year)
    target = IndicatorTarget.objects.filter(indicator=indicator, unit=unit, year=year).first()
    if value in (None, ""):
        if target is not None:
            audit.record(
                actor,
                AuditEvent.Action.ARCHIVE,
                target,
                {"value": [audit.snapshot(target, ["value"])["value"], None]},
            )
            target.delete()
        return None
    try:
        value = Decimal(str(value).strip()).quantize(Decimal("0.0001"))
    except InvalidOperation:
        raise ValidationError({"value": f"目标值“{value}”不是数字"}) from None
    if indicator.kind == Indicator.Kind.AMOUNT and value <= 0:
        raise ValidationError({"value": "年度目标应大于 0"})
    if indicator.kind == Indicator.Kind.GROWTH and abs(value) > GROWTH_LIMIT:
        raise ValidationError({"value": "目标增速超出范围"})
    if target is None:
        return audit.create(
            IndicatorTarget(indicator=indicator, unit=unit, year=year, value=value),
            ("indicator", "unit", "year", "value"),
            actor=actor,
        )
    audit.update(target, {"value": value}, actor=actor)
    return target


# ---- figures ----


@dataclasses.dataclass
class Figures:
    """One row of figures to save: `unit` None is the province (全省)."""

    unit: Unit | None
    month: int
    cumulative: Decimal | None = None
    growth: Decimal | None = None
    province_rank: int | None = None

    def values(self) -> dict:
        return {f: getattr(self, f) for f in Actual.VALUES}


def _same(a, b) -> bool:
    return a == b if a is not None and b is not None else a is b


@transaction.atomic
def save_figures(indicator: Indicator, year: int, rows: list[Figures], *, actor) -> dict:
    """Create or update the figures of `rows` for `indicator` and `year`. Each row's unit and month are
    checked and its values cleaned (clean_values); a row equal to what is stored changes nothing. Returns
    {"created": n, "updated": n, "unchanged": n}."""
    _check_year(year)
    for row in rows:
        check_unit(indicator, row.unit)
        check_month(indicator, row.month)
        for field, value in clean_values(indicator, row.values()).items():
            setattr(row, field, value)
    keys = [(row.unit.pk if row.unit else None, row.month) for row in rows]
    if len(set(keys)) != len(keys):
        raise ValidationError("同一单位同一月份的数据出现了两次")
    stored = Actual.objects.filter(indicator=indicator, year=year, month__in={row.month for row in rows})
    unit_ids = [row.unit.pk for row in rows if row.unit is not None]
    stored = stored.filter(Q(unit_id__in=unit_ids) | Q(unit__isnull=True)) if rows else stored.none()
    existing = {(a.unit_id, a.month): a for a in stored}
    now = timezone.now()
    created, updated, events = [], [], []
    for key, row in zip(keys, rows, strict=True):
        actual = existing.get(key)
        if actual is None:
            actual = Actual(
                indicator=indicator,
                unit=row.unit,
                year=year,
                month=row.month,
                updated_by=actor,
                updated_at=now,
                **row.values(),
            )
            created.append(actual)
            continue
        actual.indicator, actual.unit = indicator, row.unit  # for the audit row's text, without a query
        changes = {
            f: [audit.snapshot(actual, [f])[f], audit.snapshot(row, [f])[f]]
            for f in Actual.VALUES
            if not _same(getattr(actual, f), getattr(row, f))
        }
        if not changes:
            continue
        for field in changes:
            setattr(actual, field, getattr(row, field))
        actual.updated_by, actual.updated_at = actor, now
        updated.append(actual)
        events.append((AuditEvent.Action.UPDATE, actual, changes))
    Actual.objects.bulk_create(created, batch_size=1000)
    bulk.update_rows(Actual, updated, [*Actual.VALUES, "updated_by", "updated_at"])
    for actual in created:
        changes = {f: [None, v] for f, v in audit.snapshot(actual, Actual.VALUES).items() if v is not None}
        events.append((AuditEvent.Action.CREATE, actual, changes))
    name = actor.get_username() if actor is not None and actor.pk else ""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor if actor is not None and actor.pk else None,
            actor_name=name,
            action=action,
            object_type=Actual._meta.model_name,
            object_id=actual.pk,
            object_repr=str(actual)[:255],
            changes=changes,
        )
        for action, actual, changes in events
    )
    if created or updated:
        ranking.refresh(indicator, year, {a.month for a in (*created, *updated)})
    return {
        "created": len(created),
        "updated": len(updated),
        "unchanged": len(rows) - len(created) - len(updated),
    }
