"""What `score()` returns: per unit, every dimension with the lines that made it, bonuses, deductions,
adjustments, vetoes, the total, the grade and the rank; per group, the ranking and the quota.

A Line is one step of the arithmetic. Its `delta` is exact (not rounded); a line whose delta is None
moves nothing by itself (a task's term in a proportional sum, one rater's points, a grade-capping veto).
The non-None deltas of a dimension's lines add up to its value before rounding.
`to_dict()` gives JSON-ready data (Decimals as strings) for the app to store.
"""

from dataclasses import dataclass, fields, is_dataclass
from decimal import Decimal

# Line.kind: which step of the computation a line is.
START = "start"  # a deduction dimension's full points
TASK = "task"  # a lead task's weight × value (a term)
PROPORTIONAL = "proportional"  # points × Σ(w·v) / Σw
RATER = "rater"  # one rater's points (a term)
RATING = "rating"  # the mean of the ratings
EVENT = "event"  # a per_event or bonus_by_level line, from one event
ADJUSTMENT = "adjustment"  # a manual adjustment, with its reason
CLAMP = "clamp"  # a dimension held to its floor or cap
CAP = "cap"  # bonuses or deductions held to their cap
VETO = "veto"  # 一票否决


@dataclass(frozen=True)
class Line:
    kind: str
    rule: str  # the rule's name as the scheme gives it (迟报, 二次督办, 承办任务完成 …)
    ref: str  # the event's ref, "task:<id>", the adjustment's ref, or "" for a formula line
    label: str  # the event's, task's or adjustment's own text
    delta: Decimal | None
    text: str  # the arithmetic, in Chinese: "60 × 8.3 / 9 = 55.33", "迟报 -0.5"
    day: object = None  # the event's date, when the line comes from an event


@dataclass(frozen=True)
class DimensionResult:
    code: str
    name: str
    full: Decimal  # the dimension's points in the scheme
    points: Decimal  # the dimension's value: clamped to [floor, cap], then rounded to 2 places
    lines: tuple


@dataclass(frozen=True)
class UnitResult:
    unit_id: object
    name: str
    group: str  # the group's code
    eligible: bool
    ineligible_reason: str  # "" when eligible; shown with 不参与排名
    dimensions: tuple  # DimensionResult, in the scheme's order
    bonuses: tuple  # Lines, then a CAP line if the bonus cap bit
    bonus_total: Decimal
    deductions: tuple  # Lines (negative deltas), then a CAP line if the deduction cap bit
    deduction_total: Decimal
    adjustments: tuple  # Lines: manual adjustments to the total (those to a dimension are in its lines)
    vetoed_by: tuple  # VETO Lines, one per matching event (a deducting veto moves the total once)
    total: (
        Decimal  # Σ dimension points + bonus_total + deduction_total + adjustments + veto deductions, rounded
    )
    total_text: str  # "55.33 + 14.5 + 12 + 9 + 2 = 92.83"
    grade_by_score: str | None  # the grade its total reaches; None when not ranked
    grade: str | None  # after vetoes and quota; None when not ranked
    grade_notes: tuple  # how the grade was reached, step by step, in Chinese
    rank: int | None  # 1-based within the group; None when not ranked
    notes: tuple = ()  # warnings for the coordinator (a missing rating, …)

    def dimension(self, code: str) -> DimensionResult:
        return next(dim for dim in self.dimensions if dim.code == code)

    @property
    def vetoed(self) -> bool:
        return bool(self.vetoed_by)


@dataclass(frozen=True)
class GroupResult:
    code: str
    name: str
    ranked: tuple  # unit ids of the ranked units, rank 1 first
    unranked: tuple  # unit ids not ranked (不参与排名), by name
    quota_slots: int | None  # how many units may hold the quota grade; None without a quota
    quota_text: str  # "优秀名额:3 × 30% = 0.9,向上取整为 1"


@dataclass(frozen=True)
class Result:
    units: tuple  # UnitResult: group by group in the scheme's order; ranked by rank, then unranked by name
    groups: tuple  # GroupResult, in the scheme's order
    ungrouped: tuple = ()  # unit ids named in the facts that are in no group (not scored)

    def unit(self, unit_id) -> UnitResult:
        for unit in self.units:
            if unit.unit_id == unit_id:
                return unit
        raise KeyError(unit_id)

    def group(self, code: str) -> GroupResult:
        for group in self.groups:
            if group.code == code:
                return group
        raise KeyError(code)

    def ranking(self, code: str) -> list[UnitResult]:
        """The ranked units of one group, rank 1 first."""
        return [self.unit(unit_id) for unit_id in self.group(code).ranked]

    def to_dict(self) -> dict:
        return _plain(self)


def _plain(value):
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
