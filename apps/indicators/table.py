"""What the indicator pages read, in a fixed number of queries whatever the number of units: the month
table (each indicator's rows by unit: target, figures, standing against 序时, 全市排名 among its peers,
全省排名 as published) and one indicator's trajectory over the months of a year.

Peers are the units with the same parent (the 县区 of a city); their rank (ranking.refresh, stored with
each figure when it is written) is over every peer's 累计增速 of the month, not only the rows the user
sees, so a county's reporter reads its true rank. A
quarterly indicator is read at the last quarter's month at or before the month asked (May → 1-3月)."""

import dataclasses
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from . import rules
from .models import Actual, Indicator, IndicatorTarget


@dataclasses.dataclass
class Row:
    unit: object
    target: Decimal | None
    cumulative: Decimal | None
    growth: Decimal | None
    province_rank: int | None
    standing: rules.Standing
    peer_rank: int | None = None
    peers: int = 0
    versus_province: str = rules.MISSING

    @property
    def gap_text(self) -> str:
        return rules.MISSING if self.standing.gap is None else f"{self.standing.gap:+.2f}"


@dataclasses.dataclass
class Block:
    indicator: Indicator
    month: int | None  # the month read (None: nothing published yet this year, e.g. GDP in February)
    rows: list
    province: Actual | None

    @property
    def elapsed(self):
        return rules.elapsed_percent(self.month) if self.month else None

    @property
    def is_amount(self) -> bool:
        return self.indicator.kind == Indicator.Kind.AMOUNT

    @property
    def behind(self) -> list:
        return [r for r in self.rows if r.standing.behind]

    @property
    def behind_names(self) -> str:
        return "、".join(r.unit.name for r in self.behind)

    @property
    def double_half(self) -> list:
        """At June: the rows that reached 双过半 (empty at other months)."""
        return [r for r in self.rows if r.standing.double_half]


def read_month(indicator: Indicator, month: int) -> int | None:
    months = [m for m in indicator.months if m <= month]
    return months[-1] if months else None


def _standing(indicator, month, target, actual) -> rules.Standing:
    return rules.standing(
        indicator.kind,
        month,
        target=target,
        cumulative=actual.cumulative if actual else None,
        growth=actual.growth if actual else None,
        red_gap=indicator.red_gap,
    )


def month_table(indicators, units, year: int, month: int) -> list[Block]:
    """`indicators`: the list to show; `units`: the 市/县区 whose rows the user sees, in the order shown.
    Two queries (and the units'): targets, the shown units' and the province's figures."""
    indicators = list(indicators)
    units = list(units)
    by_month = {i.pk: read_month(i, month) for i in indicators}
    targets = {
        (t.indicator_id, t.unit_id): t.value
        for t in IndicatorTarget.objects.filter(
            indicator__in=indicators, year=year, unit__in=[u.pk for u in units]
        ).only("indicator_id", "unit_id", "value")
    }
    wanted = {(i, m) for i, m in by_month.items() if m}
    actuals = defaultdict(list)
    if wanted:
        shown = Q(unit_id__in=[u.pk for u in units]) | Q(unit__isnull=True)
        figures = Actual.objects.filter(
            shown, indicator__in=[i for i, _ in wanted], year=year, month__in={m for _, m in wanted}
        ).only(
            "indicator_id", "unit_id", "month", "cumulative", "growth", "province_rank", "peer_rank", "peers"
        )
        for a in figures:
            if (a.indicator_id, a.month) in wanted:
                actuals[a.indicator_id].append(a)
    blocks = []
    for indicator in indicators:
        m = by_month[indicator.pk]
        mine = {a.unit_id: a for a in actuals.get(indicator.pk, [])}
        province = mine.get(None)
        rows = []
        for unit in units:
            if not unit.path.startswith(indicator.owner_unit.path):
                continue
            target, actual = targets.get((indicator.pk, unit.pk)), mine.get(unit.pk)
            if target is None and actual is None:
                continue
            rows.append(
                Row(
                    unit=unit,
                    target=target,
                    cumulative=actual.cumulative if actual else None,
                    growth=actual.growth if actual else None,
                    province_rank=actual.province_rank if actual else None,
                    standing=_standing(indicator, m or month, target, actual),
                    peer_rank=actual.peer_rank if actual else None,
                    peers=actual.peers if actual else 0,
                    versus_province=rules.versus_province(
                        actual.growth if actual else None,
                        province.growth if province else None,
                        actual.province_rank if actual else None,
                    ),
                )
            )
        blocks.append(Block(indicator=indicator, month=m, rows=rows, province=province))
    return blocks


def latest_month(indicators, year: int) -> int | None:
    """The last month of `year` any of `indicators` has a figure for."""
    return (
        Actual.objects.filter(indicator__in=list(indicators), year=year)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )


def trajectory(indicator: Indicator, units, year: int) -> dict:
    """One indicator over the months of `year`: for each of `units` (in their order), its series (completion % of an amount
    indicator, 累计增速 of a growth one; None where not reported), the 序时 line (amount) or each unit's target
    growth (growth), and the province's 累计增速. Three queries."""
    units = [u for u in units if u.path.startswith(indicator.owner_unit.path)]
    months = list(indicator.months)
    targets = dict(
        IndicatorTarget.objects.filter(indicator=indicator, year=year, unit__in=units).values_list(
            "unit_id", "value"
        )
    )
    figures = defaultdict(dict)
    own = Q(unit__in=units) | Q(unit__isnull=True)
    for a in Actual.objects.filter(own, indicator=indicator, year=year):
        figures[a.unit_id][a.month] = a
    amount = indicator.kind == Indicator.Kind.AMOUNT

    def value(unit_id, month):
        a = figures[unit_id].get(month)
        if a is None:
            return None
        if amount:
            return rules.completion_percent(a.cumulative, targets.get(unit_id))
        return a.growth

    # the months table stops at the last month anyone has figures for (the chart keeps the whole year)
    last = max((m for by_month in figures.values() for m in by_month), default=0)
    series = []
    for unit in units:
        if unit.pk not in targets and unit.pk not in figures:
            continue
        points = [value(unit.pk, m) for m in months]
        rows = []
        for m in (m for m in months if m <= last):
            a = figures[unit.pk].get(m)
            s = _standing(indicator, m, targets.get(unit.pk), a)
            rows.append({"month": m, "actual": a, "standing": s})
        series.append({"unit": unit, "target": targets.get(unit.pk), "points": points, "rows": rows})
    province = [figures[None][m].growth if m in figures[None] else None for m in months]
    return {
        "months": months,
        "elapsed": [rules.elapsed_percent(m) for m in months],
        "series": series,
        "province": province,
        "amount": amount,
    }


def chart_data(data: dict) -> dict:
    """The trajectory as the page's script reads it (numbers as floats, missing as null)."""

    def f(v):
        return None if v is None else float(v)

    return {
        "labels": [f"1-{m}月" if m > 1 else "1月" for m in data["months"]],
        "amount": data["amount"],
        "elapsed": [f(v) for v in data["elapsed"]] if data["amount"] else None,
        "province": None if data["amount"] else [f(v) for v in data["province"]],
        "series": [
            {"name": s["unit"].name, "points": [f(v) for v in s["points"]], "target": f(s["target"])}
            for s in data["series"]
        ],
    }
