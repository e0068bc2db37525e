"""The rules of 主要经济指标 as pure functions over plain numbers (no Django: an import contract).

序时进度 (time elapsed) at the end of month m is m ÷ 12 of the year — 25 % after March, 50 % after June,
91.7 % after November; a quarterly indicator is read at months 3, 6, 9 and 12, so quarter q is q ÷ 4.

- An amount indicator (总量, 亿元) is on schedule when 累计完成 ÷ 年度目标 reaches 序时进度; its gap is
  the completion rate minus 序时进度, in percentage points (30.90 % − 25.00 % = 超过序时进度 5.90 个百分点).
- A growth indicator (增速, %) is on schedule when 累计增速 reaches the target growth; its gap is
  增速 − 目标增速 in percentage points.
- 双过半 (时间过半、任务过半) is judged at the end of June: an amount indicator at 50 % or more of its target,
  a growth indicator at or above its target.
- Colour: green on schedule; yellow behind by at most `red_gap` points; red behind by more; grey when a
  figure is missing (shown as “—”, never as zero). Each colour comes with the sentence that explains it.
- Ranks among peers are competition ranks (1, 2, 2, 4): ties share a rank, missing values are not ranked.

Numbers are Decimals; results are rounded half-up to 2 places (the 统计月报 prints one or two).
"""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

GROWTH, AMOUNT = "growth", "amount"
GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"
COLOUR_LABELS = {GREEN: "达序时", YELLOW: "略低于序时", RED: "明显落后", GREY: "无数据"}
# behind by more than this many percentage points is red (an indicator may set its own)
DEFAULT_RED_GAP = {GROWTH: Decimal("1"), AMOUNT: Decimal("10")}
HALF_YEAR_MONTH = 6
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
MISSING = "—"


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def points(value: Decimal | None) -> str:
    """A figure as printed: two decimals, “—” when missing."""
    return MISSING if value is None else f"{_round(Decimal(value)):.2f}"


def elapsed_percent(month: int) -> Decimal:
    """序时进度 at the end of `month` (1–12), in percent: 3 → 25.00, 11 → 91.67."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1–12")
    return _round(Decimal(month) * HUNDRED / 12)


def quarter_month(quarter: int) -> int:
    """The month a quarter's cumulative figure is read at: Q1 → 3 … Q4 → 12."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter {quarter} is not 1–4")
    return quarter * 3


def completion_percent(cumulative: Decimal | None, target: Decimal | None) -> Decimal | None:
    """累计完成 ÷ 年度目标, in percent (77.57 ÷ 63.27 → 122.60); None when either is missing or the target
    is not positive."""
    if cumulative is None or target is None or target <= 0:
        return None
    return _round(Decimal(cumulative) * HUNDRED / Decimal(target))


@dataclasses.dataclass(frozen=True)
class Standing:
    """Where one unit's indicator stands at a month. `gap`: percentage points above (+) or below (−) the
    schedule — completion − 序时 for an amount, 增速 − 目标增速 for a growth rate; None when unknown."""

    kind: str
    month: int
    elapsed: Decimal
    completion: Decimal | None
    gap: Decimal | None
    colour: str
    reason: str
    double_half: bool | None  # 双过半 at June; None at other months or without data

    @property
    def behind(self) -> bool | None:
        return None if self.gap is None else self.gap < 0

    @property
    def colour_label(self) -> str:
        return COLOUR_LABELS[self.colour]


def _colour(gap: Decimal | None, red_gap: Decimal) -> str:
    if gap is None:
        return GREY
    if gap >= 0:
        return GREEN
    return YELLOW if -gap <= red_gap else RED


def _gap_words(gap: Decimal, against: str) -> str:
    if gap > 0:
        return f"超过{against} {points(gap)} 个百分点"
    if gap < 0:
        return f"低于{against} {points(-gap)} 个百分点"
    return f"与{against}持平"


def standing(
    kind: str,
    month: int,
    *,
    target: Decimal | None,
    cumulative: Decimal | None = None,
    growth: Decimal | None = None,
    red_gap: Decimal | None = None,
) -> Standing:
    """The standing of an indicator at the end of `month`. For an amount indicator `target` is the annual
    amount and `cumulative` the 累计值; for a growth indicator `target` is the target growth (%) and
    `growth` the 累计增速 (%)."""
    if kind not in (GROWTH, AMOUNT):
        raise ValueError(f"unknown indicator kind {kind!r}")
    red_gap = DEFAULT_RED_GAP[kind] if red_gap is None else Decimal(red_gap)
    elapsed = elapsed_percent(month)
    completion = gap = None
    if kind == AMOUNT:
        completion = completion_percent(cumulative, target)
        if completion is not None:
            gap = completion - elapsed
            reason = (
                f"累计完成年度目标的 {points(completion)}%，{_gap_words(gap, f'序时进度 {points(elapsed)}%')}"
            )
        elif target is None or target <= 0:
            reason = "没有年度目标，无法判断序时进度"
        else:
            reason = "本期累计值未报，无法判断序时进度"
    else:
        if growth is not None and target is not None:
            gap = _round(Decimal(growth) - Decimal(target))
            reason = f"累计增长 {points(growth)}%，{_gap_words(gap, f'目标增速 {points(target)}%')}"
        elif target is None:
            reason = "没有目标增速，无法判断序时进度"
        else:
            reason = "本期累计增速未报，无法判断序时进度"
    colour = _colour(gap, red_gap)
    if colour == YELLOW:
        reason += f"（落后不超过 {points(red_gap)} 个百分点为黄色）"
    elif colour == RED:
        reason += f"（落后超过 {points(red_gap)} 个百分点为红色）"
    double_half = None
    if month == HALF_YEAR_MONTH and gap is not None:
        double_half = completion >= 50 if kind == AMOUNT else gap >= 0
    return Standing(kind, month, elapsed, completion, gap, colour, reason, double_half)


def rate_points(value: Decimal) -> str:
    """A gap between two growth rates as the 统计月报 prints it: one decimal unless the second is needed
    (0.70 → "0.7", 1.00 → "1.0", 0.25 → "0.25")."""
    text = points(value)
    return text[:-1] if text.endswith("0") else text


def versus_province(growth: Decimal | None, province: Decimal | None, rank: int | None = None) -> str:
    """“高于全省0.7个百分点，居全省第2位”; “—” when the unit's or the province's growth is missing."""
    parts = []
    if growth is not None and province is not None:
        gap = _round(Decimal(growth) - Decimal(province))
        if gap > 0:
            parts.append(f"高于全省{rate_points(gap)}个百分点")
        elif gap < 0:
            parts.append(f"低于全省{rate_points(-gap)}个百分点")
        else:
            parts.append("与全省持平")
    if rank is not None:
        parts.append(f"居全省第{rank}位")
    return "，".join(parts) or MISSING


def ranks(values: dict, *, descending: bool = True) -> dict:
    """Competition ranks of `values` ({key: number or None}): the highest first (descending), ties share a
    rank and the next rank skips (1, 2, 2, 4); keys with None get no rank (absent from the result)."""
    present = sorted(
        ((v, k) for k, v in values.items() if v is not None), key=lambda p: p[0], reverse=descending
    )
    result, rank, previous = {}, 0, None
    for position, (value, key) in enumerate(present, start=1):
        if value != previous:
            rank, previous = position, value
        result[key] = rank
    return result
