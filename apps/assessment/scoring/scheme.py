"""A 考核办法 as plain data: groups, dimensions and their rules, bonuses, deductions, vetoes, grades, quota.

The app builds a Scheme from the JSON it stores (`Scheme.from_dict`) and stores `to_dict()`; a test may
write either form literally. Numbers become Decimal on construction (JSON keeps them as strings, exactly).
Lists may be given as lists or tuples; they are kept as tuples. An invalid scheme raises ValueError with a
message fit for the coordinator's page.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from apps.assessment.scoring.decimals import ONE, ZERO, dec, opt_dec
from apps.assessment.scoring.facts import DONE, EVENT_LABELS, LEAD, OVERDUE, RED, STATES, YELLOW

PROPORTIONAL = "proportional"
PER_EVENT = "per_event"
RATING = "rating"
BONUS_BY_LEVEL = "bonus_by_level"
RULE_TYPES = (PROPORTIONAL, PER_EVENT, RATING, BONUS_BY_LEVEL)
BASE_TYPES = (PROPORTIONAL, RATING)  # at most one per dimension: it gives the dimension's starting value
EVENT_TYPES = (PER_EVENT, BONUS_BY_LEVEL)  # the only types allowed among bonuses and deductions

DEFAULT_VALUES = {DONE: ONE, "on_track": ONE, YELLOW: Decimal("0.8"), RED: Decimal("0.5"), OVERDUE: ZERO}

# What the proportional rule does for a unit without (weighted) lead tasks.
NO_LEAD_INELIGIBLE = "ineligible"  # the unit is not ranked (default; 佳木斯: 没有承办任务的单位不参加评优)
NO_LEAD_FULL = "full"  # full points (盘锦: 未有承办…任务的得27分)
NO_LEAD_ZERO = "zero"  # 0 points
NO_LEAD_CHOICES = (NO_LEAD_INELIGIBLE, NO_LEAD_FULL, NO_LEAD_ZERO)

START_FULL = "full"
START_ZERO = "zero"

CAP_GRADE = "cap_grade"
DEDUCT = "deduct"
ROUNDINGS = ("up", "down", "nearest")

RULE_LABELS = {
    PROPORTIONAL: "按比例计分",
    PER_EVENT: "按次计分",
    RATING: "评价打分",
    BONUS_BY_LEVEL: "按级别加分",
}


def _build(cls, data: dict):
    """cls(**data), with an unknown or missing key reported as the scheme error it is."""
    try:
        return cls(**data)
    except TypeError as error:
        raise ValueError(f"考核方案格式有误({cls.__name__}):{error}") from None


def _tuple(items, make):
    return tuple(item if isinstance(item, make) else make.from_dict(item) for item in items or ())


@dataclass(frozen=True)
class Rule:
    """One rule; build it with the class methods below, or from its dict (key "type")."""

    type: str
    name: str = ""
    kind: str = ""  # per_event, bonus_by_level: the event kind matched
    points: Decimal | None = None  # per_event: points per matching event (negative = deduction)
    level: int | None = None  # per_event: match this level exactly
    min_level: int | None = None  # per_event: match this level or above
    weights: dict = field(default_factory=dict)  # proportional: {weight_class: weight}; unlisted weighs 1
    values: dict = field(default_factory=dict)  # proportional: {state: value}, over DEFAULT_VALUES
    when_no_lead_tasks: str = NO_LEAD_INELIGIBLE  # proportional
    points_by_level: dict = field(default_factory=dict)  # bonus_by_level: {level: points}

    def __post_init__(self):
        if self.type not in RULE_TYPES:
            raise ValueError(f"规则类型无效:{self.type!r}")
        set_ = object.__setattr__
        set_(self, "points", opt_dec(self.points))
        set_(self, "weights", {str(k): dec(v) for k, v in sorted(self.weights.items())})
        set_(self, "values", {str(k): dec(v) for k, v in sorted(self.values.items())})
        set_(self, "points_by_level", {int(k): dec(v) for k, v in sorted(self.points_by_level.items())})
        if self.type in EVENT_TYPES and not self.kind:
            raise ValueError(f"{self.label}:须指明事件类型")
        if self.type == PER_EVENT and self.points is None:
            raise ValueError(f"{self.label}:须指明每次的分值")
        if self.type == BONUS_BY_LEVEL and not self.points_by_level:
            raise ValueError(f"{self.label}:须列出各级别的分值")
        if unknown := set(self.values) - set(STATES):
            raise ValueError(f"{self.label}:未知的任务状态 {', '.join(sorted(unknown))}")
        if any(w < 0 for w in self.weights.values()):
            raise ValueError(f"{self.label}:权重不能为负")
        if self.when_no_lead_tasks not in NO_LEAD_CHOICES:
            raise ValueError(f"{self.label}:无牵头任务时的处理无效:{self.when_no_lead_tasks!r}")

    @classmethod
    def proportional(cls, weights=None, values=None, name="", when_no_lead_tasks=NO_LEAD_INELIGIBLE):
        return cls(PROPORTIONAL, name, weights=weights or {}, values=values or {},
                   when_no_lead_tasks=when_no_lead_tasks)  # fmt: skip

    @classmethod
    def per_event(cls, kind, points, level=None, min_level=None, name=""):
        return cls(PER_EVENT, name, kind=kind, points=points, level=level, min_level=min_level)

    @classmethod
    def rating(cls, name=""):
        return cls(RATING, name)

    @classmethod
    def bonus_by_level(cls, kind, points_by_level, name=""):
        return cls(BONUS_BY_LEVEL, name, kind=kind, points_by_level=points_by_level)

    @property
    def label(self) -> str:
        """The rule's name, else what it matches (督办 3级, 迟报), else its type."""
        if self.name:
            return self.name
        if self.type in EVENT_TYPES:
            return _matched(self.kind, self.level, self.min_level)
        return RULE_LABELS[self.type]

    def weight(self, weight_class: str) -> Decimal:
        return self.weights.get(weight_class, ONE)

    def value(self, state: str) -> Decimal:
        return self.values.get(state, DEFAULT_VALUES[state])

    def matches(self, event) -> bool:
        """per_event: the kind, and the level exactly and/or at least; bonus_by_level: the kind."""
        if event.kind != self.kind:
            return False
        if self.level is not None and event.level != self.level:
            return False
        return self.min_level is None or (event.level is not None and event.level >= self.min_level)

    def to_dict(self) -> dict:
        data = {"type": self.type, "name": self.name}
        if self.type == PROPORTIONAL:
            data["weights"] = {k: str(v) for k, v in self.weights.items()}
            data["values"] = {k: str(v) for k, v in self.values.items()}
            data["when_no_lead_tasks"] = self.when_no_lead_tasks
        elif self.type == PER_EVENT:
            data.update(kind=self.kind, points=str(self.points), level=self.level, min_level=self.min_level)
        elif self.type == BONUS_BY_LEVEL:
            data["kind"] = self.kind
            data["points_by_level"] = {str(k): str(v) for k, v in self.points_by_level.items()}
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Rule":
        return _build(cls, data)


@dataclass(frozen=True)
class Dimension:
    """A 维度 worth `points`, computed by its rules and clamped to [floor, cap] (cap defaults to points).

    Its starting value: its proportional or rating rule (at most one; start at 0 and add it); else, when
    every rule is per_event (or there is none), its full points, from which the events deduct; else 0.
    `start` ("full" / "zero") overrides the choice.
    """

    code: str
    name: str
    points: Decimal
    rules: tuple = ()
    floor: Decimal = ZERO
    cap: Decimal | None = None
    start: str | None = None

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "points", dec(self.points))
        set_(self, "floor", dec(self.floor))
        set_(self, "cap", self.points if self.cap is None else dec(self.cap))
        set_(self, "rules", _tuple(self.rules, Rule))
        if self.floor > self.cap:
            raise ValueError(f"{self.code} {self.name}:下限高于上限")
        if sum(rule.type in BASE_TYPES for rule in self.rules) > 1:
            raise ValueError(f"{self.code} {self.name}:按比例计分和评价打分最多一条")
        if self.start not in (None, START_FULL, START_ZERO):
            raise ValueError(f"{self.code} {self.name}:起始分无效:{self.start!r}")

    @property
    def base_rule(self) -> Rule | None:
        return next((rule for rule in self.rules if rule.type in BASE_TYPES), None)

    @property
    def starts_full(self) -> bool:
        if self.start is not None:
            return self.start == START_FULL
        return all(rule.type == PER_EVENT for rule in self.rules)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "points": str(self.points),
            "floor": str(self.floor),
            "cap": str(self.cap),
            "start": self.start,
            "rules": [rule.to_dict() for rule in self.rules],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Dimension":
        return _build(cls, data)


@dataclass(frozen=True)
class Group:
    """Units ranked together (县区 / 市直重点考核部门 / …); ranks and quotas never cross groups."""

    code: str
    name: str
    unit_ids: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "unit_ids", tuple(self.unit_ids))

    def to_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "unit_ids": list(self.unit_ids)}

    @classmethod
    def from_dict(cls, data: dict) -> "Group":
        return _build(cls, data)


@dataclass(frozen=True)
class Veto:
    """一票否决: a matching event caps the grade at `grade` (and bars the unit from the quota grade above
    it), or deducts `points` from the total once however many events match. Lead events only, unless
    `co_units` (then a co event caps too, and deducts × the scheme's co_share)."""

    kind: str
    level: int | None = None
    min_level: int | None = None
    effect: str = CAP_GRADE
    grade: str | None = None
    points: Decimal | None = None  # deduct: the amount taken off (its sign is ignored)
    name: str = ""
    co_units: bool = False

    def __post_init__(self):
        object.__setattr__(self, "points", opt_dec(self.points))
        if self.effect not in (CAP_GRADE, DEDUCT):
            raise ValueError(f"否决效果无效:{self.effect!r}")
        if self.effect == CAP_GRADE and not self.grade:
            raise ValueError(f"{self.label}:须指明最高等次")
        if self.effect == DEDUCT and not self.points:
            raise ValueError(f"{self.label}:须指明扣分")

    @property
    def label(self) -> str:
        return self.name or f"{_matched(self.kind, self.level, self.min_level)} 一票否决"

    def matches(self, event) -> bool:
        if event.kind != self.kind or (event.role != LEAD and not self.co_units):
            return False
        if self.level is not None and event.level != self.level:
            return False
        return self.min_level is None or (event.level is not None and event.level >= self.min_level)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "level": self.level,
            "min_level": self.min_level,
            "effect": self.effect,
            "grade": self.grade,
            "points": None if self.points is None else str(self.points),
            "name": self.name,
            "co_units": self.co_units,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Veto":
        return _build(cls, data)


@dataclass(frozen=True)
class Grade:
    name: str
    min_score: Decimal

    def __post_init__(self):
        object.__setattr__(self, "min_score", dec(self.min_score))

    def to_dict(self) -> dict:
        return {"name": self.name, "min_score": str(self.min_score)}

    @classmethod
    def from_dict(cls, data) -> "Grade":
        return _build(cls, data) if isinstance(data, dict) else cls(*data)


@dataclass(frozen=True)
class Quota:
    """At most `percent` % of a group's ranked units get `grade`; the slot count is rounded as stated."""

    grade: str
    percent: Decimal
    rounding: str  # "up" | "down" | "nearest": required, the scheme must state it

    def __post_init__(self):
        object.__setattr__(self, "percent", dec(self.percent))
        if not ZERO <= self.percent <= 100:
            raise ValueError("名额比例应在 0 到 100 之间")
        if self.rounding not in ROUNDINGS:
            raise ValueError(f"名额取整方式无效:{self.rounding!r}(应为 up、down 或 nearest)")

    def to_dict(self) -> dict:
        return {"grade": self.grade, "percent": str(self.percent), "rounding": self.rounding}

    @classmethod
    def from_dict(cls, data: dict) -> "Quota":
        return _build(cls, data)


@dataclass(frozen=True)
class Scheme:
    groups: tuple
    dimensions: tuple
    grades: tuple  # high to low: (name, min_score) pairs or Grade; the last one takes any lower score
    bonuses: tuple = ()
    bonus_cap: Decimal | None = None  # the most the bonuses add together; None = no cap
    deductions: tuple = ()
    deduction_cap: Decimal | None = None  # the most the deductions take together (a magnitude); None = no cap
    vetoes: tuple = ()
    quota: Quota | None = None
    tie_break: tuple = ()  # dimension codes, compared high to low after the total; then the unit's name
    co_share: Decimal = Decimal("0.5")  # what a co unit's event counts for (协办 50 %)

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "groups", _tuple(self.groups, Group))
        set_(self, "dimensions", _tuple(self.dimensions, Dimension))
        set_(self, "grades", _tuple(self.grades, Grade))
        set_(self, "bonuses", _tuple(self.bonuses, Rule))
        set_(self, "deductions", _tuple(self.deductions, Rule))
        set_(self, "vetoes", _tuple(self.vetoes, Veto))
        set_(self, "bonus_cap", opt_dec(self.bonus_cap))
        set_(self, "deduction_cap", None if self.deduction_cap is None else abs(dec(self.deduction_cap)))
        set_(self, "co_share", dec(self.co_share))
        set_(self, "tie_break", tuple(self.tie_break))
        if self.quota is not None and not isinstance(self.quota, Quota):
            set_(self, "quota", Quota.from_dict(self.quota))
        self._validate()

    def _validate(self):
        _unique("分组代码", [group.code for group in self.groups])
        _unique("单位", [unit for group in self.groups for unit in group.unit_ids])
        _unique("维度代码", [dim.code for dim in self.dimensions])
        _unique("等次", [grade.name for grade in self.grades])
        if not self.grades:
            raise ValueError("须设置等次")
        mins = [grade.min_score for grade in self.grades]
        if any(higher <= lower for higher, lower in zip(mins, mins[1:], strict=False)):
            raise ValueError("等次应从高到低排列,分数线逐级降低")
        for rule in self.bonuses + self.deductions:
            if rule.type not in EVENT_TYPES:
                raise ValueError(f"{rule.label}:加分、减分只能按次或按级别计")
        names = [grade.name for grade in self.grades]
        for veto in self.vetoes:
            if veto.effect == CAP_GRADE and veto.grade not in names:
                raise ValueError(f"{veto.label}:未知的等次 {veto.grade}")
        if self.quota is not None and self.quota.grade not in names[:-1]:
            raise ValueError(f"名额限制的等次 {self.quota.grade} 应是等次之一且不是最低等次")
        codes = {dim.code for dim in self.dimensions}
        if unknown := [code for code in self.tie_break if code not in codes]:
            raise ValueError(f"同分比较的维度不存在:{', '.join(unknown)}")
        if not ZERO <= self.co_share <= ONE:
            raise ValueError("协办单位计分比例应在 0 到 1 之间")

    def dimension(self, code: str) -> Dimension:
        for dim in self.dimensions:
            if dim.code == code:
                return dim
        raise ValueError(f"维度不存在:{code}")

    def grade_names(self) -> list[str]:
        return [grade.name for grade in self.grades]

    def to_dict(self) -> dict:
        return {
            "groups": [group.to_dict() for group in self.groups],
            "dimensions": [dim.to_dict() for dim in self.dimensions],
            "bonuses": [rule.to_dict() for rule in self.bonuses],
            "bonus_cap": None if self.bonus_cap is None else str(self.bonus_cap),
            "deductions": [rule.to_dict() for rule in self.deductions],
            "deduction_cap": None if self.deduction_cap is None else str(self.deduction_cap),
            "vetoes": [veto.to_dict() for veto in self.vetoes],
            "grades": [grade.to_dict() for grade in self.grades],
            "quota": None if self.quota is None else self.quota.to_dict(),
            "tie_break": list(self.tie_break),
            "co_share": str(self.co_share),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Scheme":
        return _build(cls, data)


def _matched(kind, level, min_level) -> str:
    text = EVENT_LABELS.get(kind, kind)
    if level is not None:
        text += f" {level}级"
    if min_level is not None:
        text += f" {min_level}级及以上"
    return text


def _unique(what, values):
    seen = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what}重复:{value}")
        seen.add(value)
