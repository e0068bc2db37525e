"""The plain facts a score is computed from, gathered from the ledger by the app (apps.assessment).

Unit ids are opaque (the app passes Unit primary keys); refs are opaque links ("notice:12", "report:5",
"task:7") the pages turn into URLs. Every numeric field is converted to Decimal on construction.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from apps.assessment.scoring.decimals import dec

LEAD = "lead"
CO = "co"
ROLES = (LEAD, CO)

# A task's state in the period; the per-task value comes from the proportional rule's `values`.
DONE = "done"
ON_TRACK = "on_track"
YELLOW = "yellow"
RED = "red"
OVERDUE = "overdue"  # overdue and unfinished
STATES = (DONE, ON_TRACK, YELLOW, RED, OVERDUE)
STATE_LABELS = {DONE: "完成", ON_TRACK: "达序时", YELLOW: "黄灯", RED: "红灯", OVERDUE: "逾期未完成"}

# Event kinds the app produces. The scheme matches on the kind string, so another kind works as well.
EVENT_KINDS = (
    "late_report",  # 迟报
    "missing_report",  # 未报
    "report_returned",  # 退回重报
    "notice",  # 督办单; level 1..4 = 提醒/催办/督办/通报, or the escalation ordinal
    "rectification_overdue",  # 整改逾期
    "recheck_rebound",  # 回头看 反弹
    "praise",  # 通报表扬
    "criticism",  # 通报批评
    "instruction_late",  # 批示 answered late
    "honour",  # 表彰; level 1 县, 2 市, 3 省, 4 国家
    "case_promoted",  # 典型经验 推广; same levels
)
EVENT_LABELS = {
    "late_report": "迟报",
    "missing_report": "未报",
    "report_returned": "退回重报",
    "notice": "督办",
    "rectification_overdue": "整改逾期",
    "recheck_rebound": "回头看反弹",
    "praise": "通报表扬",
    "criticism": "通报批评",
    "instruction_late": "批示办理超时",
    "honour": "表彰",
    "case_promoted": "经验推广",
}
LEVEL_LABELS = {1: "县级", 2: "市级", 3: "省级", 4: "国家级"}  # honour, case_promoted


def _check_role(role):
    if role not in ROLES:
        raise ValueError(f"角色应为 lead 或 co:{role!r}")


@dataclass(frozen=True)
class TaskFact:
    """One task × unit link in the period: the unit's role on it and the task's state."""

    task_id: object
    unit_id: object
    role: str  # "lead" | "co"
    weight_class: str  # e.g. "重点" / "一般": the proportional rule's `weights` key
    state: str  # one of STATES
    label: str = ""

    def __post_init__(self):
        _check_role(self.role)
        if self.state not in STATES:
            raise ValueError(f"任务状态无效:{self.state!r}(应为 {', '.join(STATES)})")

    @property
    def ref(self) -> str:
        return f"task:{self.task_id}"


@dataclass(frozen=True)
class Event:
    """Something in the ledger that moves a score: a late report, a 督办单, a 表彰, …"""

    kind: str
    unit_id: object
    day: datetime.date
    ref: str
    label: str = ""
    level: int | None = None
    role: str = LEAD  # the unit's role on the task the event is about

    def __post_init__(self):
        _check_role(self.role)
        if self.level is not None and (isinstance(self.level, bool) or not isinstance(self.level, int)):
            raise ValueError(f"级别应为整数:{self.level!r}")


@dataclass(frozen=True)
class Rating:
    """Points entered by a named rater (分管领导评价) for one dimension."""

    unit_id: object
    dimension: str
    rater: str
    points: Decimal

    def __post_init__(self):
        object.__setattr__(self, "points", dec(self.points))


@dataclass(frozen=True)
class Adjustment:
    """A manual adjustment (with its reason and evidence ref) to one dimension, or to the total (None)."""

    unit_id: object
    dimension: str | None
    points: Decimal
    reason: str
    ref: str = ""

    def __post_init__(self):
        object.__setattr__(self, "points", dec(self.points))
        if not self.reason.strip():
            raise ValueError("人工调整须写明理由")
