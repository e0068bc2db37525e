"""Demo 主要经济指标: ten indicators of 定西市 (those its 统计月报 leads with), 2026 targets for the city and
each 县区, and the months of the year so far as the 统计局 would have published them — 累计值 and 累计增速,
the province's growth and the 全省位次 of each unit (14 cities, 86 县区). The figures are plausible, not
real: seeded, so each load is the same; some counties trail 序时 so the table has yellow and red rows.
apps/demo calls `load(today)` after the units and users exist; every write goes through the actions."""

import random
from decimal import Decimal

from apps.orgs.models import Unit, User

from . import actions
from .models import Indicator

G, A = Indicator.Kind.GROWTH, Indicator.Kind.AMOUNT
M, Q = Indicator.Frequency.MONTH, Indicator.Frequency.QUARTER
# name, measure, kind, frequency, city target (growth % or annual amount), 口径, a growth indicator's yearly
# 累计值 for the city (None: published as a growth rate only), whether that 累计值 is per head
INDICATORS = [
    ("地区生产总值", "亿元", G, Q, "6.5", "按不变价格计算的增速；季度核算", 720, False),
    (
        "规模以上工业增加值",
        "亿元",
        G,
        M,
        "7",
        "年主营业务收入2000万元及以上工业企业，按可比价计算",
        95,
        False,
    ),
    ("固定资产投资", "亿元", G, M, "8", "计划总投资500万元及以上项目，不含农户", None, False),
    ("社会消费品零售总额", "亿元", A, M, "265", "", None, False),
    ("一般公共预算收入", "亿元", A, M, "36", "地方一般公共预算收入", None, False),
    ("城镇居民人均可支配收入", "元", G, Q, "6.5", "住户调查", 36500, True),
    ("农村居民人均可支配收入", "元", G, Q, "8", "住户调查", 14200, True),
    ("外贸进出口总额", "亿元", A, M, "8.5", "海关统计", None, False),
    ("招商引资到位资金", "亿元", A, M, "420", "省外到位资金", None, False),
    ("城镇新增就业", "万人", A, M, "2.6", "人社部门统计", None, False),
]
# each 县区's share of the city's amounts and how its year goes (pace: completion against 序时)
COUNTIES = {
    "安定区": (Decimal("0.26"), 1.06),
    "通渭县": (Decimal("0.09"), 0.93),
    "陇西县": (Decimal("0.20"), 1.02),
    "渭源县": (Decimal("0.08"), 0.78),
    "临洮县": (Decimal("0.18"), 0.98),
    "漳县": (Decimal("0.07"), 0.85),
    "岷县": (Decimal("0.12"), 0.95),
}
CITY = "定西市"


def _d(value, places="0.01") -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places))


def load(today, seed=2026):
    rng = random.Random(seed)
    city = Unit.objects.get(name=CITY, kind=Unit.Kind.CITY)
    counties = {u.name: u for u in Unit.objects.filter(name__in=COUNTIES, parent=city)}
    clerk = User.objects.get(username="tongji")
    year = today.year if today.month > 2 else today.year - 1
    last = today.month - 1 if year == today.year else 12
    for order, (name, measure, kind, frequency, target, caliber, base, per_head) in enumerate(
        INDICATORS, start=1
    ):
        indicator = actions.create_indicator(
            Indicator(
                owner_unit=city,
                name=name,
                measure=measure,
                kind=kind,
                frequency=frequency,
                caliber=caliber,
                order=order,
            ),
            actor=clerk,
        )
        city_target = Decimal(target)
        targets = {city: city_target}
        for county_name, (share, _pace) in COUNTIES.items():
            value = city_target * share if kind == A else city_target + _d(rng.choice((-0.5, 0, 0, 0.5, 1)))
            targets[counties[county_name]] = _d(value, "0.0001" if kind == A else "0.01")
        for unit, value in targets.items():
            actions.set_target(indicator, unit, year, value, actor=clerk)
        paces = {city: 0.97, **{counties[n]: pace for n, (_s, pace) in COUNTIES.items()}}
        shares = {city: Decimal(1), **{counties[n]: share for n, (share, _p) in COUNTIES.items()}}
        province_growth = float(city_target) - 0.8 if kind == G else rng.uniform(3.5, 6.5)
        for month in (m for m in indicator.months if 2 <= m <= last):
            rows = [
                actions.Figures(unit=None, month=month, growth=_d(province_growth + rng.uniform(-0.4, 0.4)))
            ]
            for unit, unit_target in targets.items():
                pace = paces[unit] + rng.uniform(-0.04, 0.04)
                if kind == A:
                    cumulative = _d(float(unit_target) * month / 12 * pace, "0.0001")
                    growth = _d((pace - 0.9) * 40 + rng.uniform(-1, 1))
                else:
                    scale = 1 if per_head else float(shares[unit])
                    cumulative = (
                        None if base is None else _d(base * scale * month / 12 * rng.uniform(0.95, 1.05))
                    )
                    growth = _d(float(unit_target) + (pace - 1) * 10 + rng.uniform(-0.6, 0.6))
                rank = rng.randint(2, 9) if unit == city else rng.randint(5, 80)
                rows.append(
                    actions.Figures(
                        unit=unit, month=month, cumulative=cumulative, growth=growth, province_rank=rank
                    )
                )
            actions.save_figures(indicator, year, rows, actor=clerk)
