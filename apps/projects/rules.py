"""The 重点项目 figures and colour rules as pure functions over plain values (no Django: an import
contract), after the real ones in DOMAIN.md §5:

- 投资完成率 = 累计完成投资 ÷ 年度计划投资 (沁水: 77.57 ÷ 63.27 = 122.6 %);
- 时间进度 (序时) = month ÷ 12, or the project's own monthly plan when it has one; ahead/behind in
  个百分点 (江门: 30.90 % against 25 % → 超过时间进度5.90个百分点);
- 开(复)工率 = 已开(复)工 ÷ 计划开(复)工 (贵南: 26 of 36 = 72.2 %), 竣工率, 入库率;
- colours (银川 2025): 开工 — started or not yet due green, due this month and not started yellow, still not
  started `start_red_months` months after the due month red; 进度 — at or above 序时 green, 10–30 points
  behind yellow, more than 30 red. Every colour comes with the reason in Chinese ("why red").
- flags: "已开工但投资为零", "有投资但无施工许可".

Percentages are Decimals rounded half-up to two places (30.90, 72.22, 122.60); `format_percent` shows
them with the places a 通报 uses. No value is ever float arithmetic."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
MONTHS = 12


class Colour(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    NONE = "none"  # the rule does not apply (no annual plan, no planned start)

    @property
    def label(self) -> str:
        return COLOUR_LABELS[self]

    @property
    def rank(self) -> int:
        return COLOUR_RANKS[self]


COLOUR_LABELS = {Colour.GREEN: "绿灯", Colour.YELLOW: "黄灯", Colour.RED: "红灯", Colour.NONE: "不亮灯"}
COLOUR_RANKS = {Colour.NONE: 0, Colour.GREEN: 1, Colour.YELLOW: 2, Colour.RED: 3}

FLAG_ZERO_INVESTMENT = "已开工但投资为零"
FLAG_NO_PERMIT = "有投资但无施工许可"


@dataclass(frozen=True)
class Light:
    colour: Colour
    reason: str


@dataclass(frozen=True)
class Thresholds:
    """The configurable limits (settings.PROJECT_LIGHTS overrides any of them)."""

    start_red_months: int = 3  # not started this many months after the planned month → red
    progress_yellow_points: Decimal = Decimal(10)  # behind 序时 by at least this → yellow
    progress_red_points: Decimal = Decimal(30)  # behind 序时 by more than this → red

    @classmethod
    def from_config(cls, config: dict | None) -> "Thresholds":
        config = config or {}
        return cls(
            start_red_months=int(config.get("start_red_months", cls.start_red_months)),
            progress_yellow_points=Decimal(
                str(config.get("progress_yellow_points", cls.progress_yellow_points))
            ),
            progress_red_points=Decimal(str(config.get("progress_red_points", cls.progress_red_points))),
        )


DEFAULTS = Thresholds()


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def percent(part, whole) -> Decimal | None:
    """part ÷ whole in per cent, two places; None when there is nothing to divide by."""
    if part is None or whole is None or _decimal(whole) == 0:
        return None
    return (_decimal(part) * HUNDRED / _decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def format_percent(value: Decimal | None, places: int = 1) -> str:
    """122.60 → "122.6%"; None → "—" (missing is never shown as zero)."""
    if value is None:
        return "—"
    return f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)}%"


def format_points(value: Decimal) -> str:
    return str(abs(value).quantize(CENT, rounding=ROUND_HALF_UP))


def completion_rate(cumulative, annual_plan) -> Decimal | None:
    """投资完成率 = 累计完成投资 ÷ 年度计划投资."""
    return percent(cumulative, annual_plan)


def time_progress(month: int, monthly_plan=None) -> Decimal:
    """时间进度 through `month` (1–12): month ÷ 12, or — when the project has a monthly plan that adds up
    to more than zero — the plan's share due by the end of that month."""
    if not 1 <= month <= MONTHS:
        raise ValueError(f"month {month} is not 1–12")
    plan = [_decimal(v) for v in monthly_plan or ()]
    if len(plan) == MONTHS and sum(plan) > 0:
        return percent(sum(plan[:month]), sum(plan))
    return percent(month, MONTHS)


def schedule_gap(rate: Decimal, progress: Decimal) -> Decimal:
    """How far `rate` is ahead of (positive) or behind (negative) the 时间进度, in 个百分点."""
    return rate - progress


def describe_gap(gap: Decimal) -> str:
    """30.90 − 25.00 → "超过时间进度5.90个百分点"."""
    if gap > 0:
        return f"超过时间进度{format_points(gap)}个百分点"
    if gap < 0:
        return f"落后时间进度{format_points(gap)}个百分点"
    return "与时间进度持平"


def start_rate(started: int, planned: int) -> Decimal | None:
    """开(复)工率 = 已开(复)工项目数 ÷ 计划开(复)工项目数 (in the period)."""
    return percent(started, planned)


def finish_rate(finished: int, planned: int) -> Decimal | None:
    """竣工率 = 已竣工项目数 ÷ 计划竣工项目数."""
    return percent(finished, planned)


def stats_rate(in_stats: int, started: int) -> Decimal | None:
    """入库率 = 已入库纳统项目数 ÷ 已开工项目数 (only a started project can enter the 统计库)."""
    return percent(in_stats, started)


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    """Calendar months from earlier's month to later's (March → June = 3)."""
    return (later.year - earlier.year) * MONTHS + later.month - earlier.month


def _day(value: datetime.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _month(value: datetime.date) -> str:
    return f"{value.year}年{value.month}月"


def start_light(
    planned_start: datetime.date | None,
    actual_start: datetime.date | None,
    today: datetime.date,
    thresholds: Thresholds = DEFAULTS,
) -> Light:
    """开工 colour: started (or not yet due) green; due this month or overdue by less than
    `start_red_months` months yellow; overdue by that many months or more red."""
    if actual_start is not None:
        return Light(Colour.GREEN, f"已于{_day(actual_start)}开工")
    if planned_start is None:
        return Light(Colour.NONE, "未安排计划开工时间")
    late = months_between(planned_start, today)
    if late < 0:
        return Light(Colour.GREEN, f"计划{_month(planned_start)}开工，尚未到期")
    if late == 0:
        return Light(Colour.YELLOW, f"计划本月（{_month(planned_start)}）开工，尚未开工")
    if late < thresholds.start_red_months:
        return Light(Colour.YELLOW, f"计划{_month(planned_start)}开工，已逾期{late}个月未开工")
    return Light(
        Colour.RED,
        f"计划{_month(planned_start)}开工，逾期{late}个月仍未开工（{thresholds.start_red_months}个月及以上为红灯）",
    )


def progress_light(
    cumulative, annual_plan, month: int, monthly_plan=None, thresholds: Thresholds = DEFAULTS
) -> Light:
    """进度 colour from 投资完成率 against 时间进度: not behind by `progress_yellow_points` green, behind by
    that up to `progress_red_points` (inclusive) yellow, behind by more red."""
    rate = completion_rate(cumulative or 0, annual_plan)
    if rate is None:
        return Light(Colour.NONE, "未安排年度计划投资")
    progress = time_progress(month, monthly_plan)
    gap = schedule_gap(rate, progress)
    told = f"投资完成率{format_percent(rate, 2)}，时间进度{format_percent(progress, 2)}，{describe_gap(gap)}"
    behind = -gap
    if behind > thresholds.progress_red_points:
        return Light(Colour.RED, f"{told}（超过{thresholds.progress_red_points}个百分点为红灯）")
    if behind >= thresholds.progress_yellow_points:
        return Light(
            Colour.YELLOW,
            f"{told}（落后{thresholds.progress_yellow_points}—{thresholds.progress_red_points}个百分点为黄灯）",
        )
    return Light(Colour.GREEN, told)


def worst(*lights: Light) -> Light:
    """The project's colour: the worst of its lights, the reasons of the lights of that colour joined."""
    top = max((light.colour for light in lights), key=lambda c: c.rank, default=Colour.NONE)
    reasons = [light.reason for light in lights if light.colour == top]
    return Light(top, "；".join(reasons))


def flags(started: bool, cumulative, has_construction_permit: bool) -> list[str]:
    """Warnings a 重点项目 reader checks by hand: a start reported with no money spent, and money spent
    without a 施工许可."""
    spent = _decimal(cumulative or 0) > 0
    found = []
    if started and not spent:
        found.append(FLAG_ZERO_INVESTMENT)
    if spent and not has_construction_permit:
        found.append(FLAG_NO_PERMIT)
    return found
