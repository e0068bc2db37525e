"""The period a 通报 covers, by its kind: a month (monthly 督查通报, 整改进展), a quarter (季度调度), a half
year (双过半), a year (年度考核). Written "2026-11", "2026-Q3", "2026-H1", "2026"; stored on the
Briefing as its year and the period's last month (a quarter's third month, June for H1, December for a
year), so one (kind, year, month) names a period."""

import calendar
import datetime
import re
from dataclasses import dataclass

MONTHLY, QUARTERLY, HALFYEAR, ANNUAL, RECTIFICATION = (
    "monthly",
    "quarterly",
    "halfyear",
    "annual",
    "rectification",
)
KIND_LABELS = {
    MONTHLY: "月度督查通报",
    QUARTERLY: "季度调度通报",
    HALFYEAR: "双过半情况通报",
    ANNUAL: "年度考核情况通报",
    RECTIFICATION: "整改进展情况通报",
}
# What each kind's period is written as, for the error message and the form's help.
FORMATS = {
    MONTHLY: ("年-月", "2026-11"),
    QUARTERLY: ("年-季度", "2026-Q3"),
    HALFYEAR: ("年-H1（上半年）", "2026-H1"),
    ANNUAL: ("年", "2026"),
    RECTIFICATION: ("年-月", "2026-11"),
}
PATTERNS = {
    MONTHLY: r"(\d{4})-(\d{1,2})",
    QUARTERLY: r"(\d{4})-[Qq]([1-4])",
    HALFYEAR: r"(\d{4})-[Hh](1)",  # 双过半: the half year ending in June
    ANNUAL: r"(\d{4})",
    RECTIFICATION: r"(\d{4})-(\d{1,2})",
}
CN_QUARTERS = "一二三四"


class PeriodError(ValueError):
    """A period not written as its kind's format, or one that has not begun."""


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    first_month: int
    last_month: int

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.first_month, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @property
    def months(self) -> int:
        return self.last_month - self.first_month + 1

    @property
    def code(self) -> str:
        """As the form and the command take it: 2026-11, 2026-Q3, 2026-H1, 2026."""
        if self.kind == QUARTERLY:
            return f"{self.year}-Q{self.last_month // 3}"
        if self.kind == HALFYEAR:
            return f"{self.year}-H{self.last_month // 6}"
        if self.kind == ANNUAL:
            return str(self.year)
        return f"{self.year}-{self.last_month:02d}"

    @property
    def label(self) -> str:
        """2026年11月, 2026年第三季度, 2026年上半年, 2026年度."""
        if self.kind == QUARTERLY:
            return f"{self.year}年第{CN_QUARTERS[self.last_month // 3 - 1]}季度"
        if self.kind == HALFYEAR:
            return f"{self.year}年{'上' if self.last_month == 6 else '下'}半年"
        if self.kind == ANNUAL:
            return f"{self.year}年度"
        return f"{self.year}年{self.last_month}月"


def of(kind: str, year: int, last_month: int) -> Period:
    """The period a Briefing (kind, year, month) covers."""
    months = {QUARTERLY: 3, HALFYEAR: 6, ANNUAL: 12}.get(kind, 1)
    return Period(kind, year, last_month - months + 1, last_month)


def parse(kind: str, text: str, *, today: datetime.date) -> Period:
    if kind not in PATTERNS:
        raise PeriodError(f"不支持的通报类型“{kind}”，可选：{'、'.join(PATTERNS)}")
    name, example = FORMATS[kind]
    match = re.fullmatch(PATTERNS[kind], (text or "").strip())
    if not match:
        raise PeriodError(f"期次“{text}”无效，{KIND_LABELS[kind]}的期次应为“{name}”，如 {example}")
    year = int(match[1])
    if kind == ANNUAL:
        period = of(kind, year, 12)
    elif kind == QUARTERLY:
        period = of(kind, year, 3 * int(match[2]))
    elif kind == HALFYEAR:
        period = of(kind, year, 6 * int(match[2]))
    else:
        if not 1 <= int(match[2]) <= 12:
            raise PeriodError(f"期次“{text}”无效，月份应为 1 至 12，如 {example}")
        period = of(kind, year, int(match[2]))
    if period.start > today:
        raise PeriodError(f"{period.label}尚未开始，不能生成该期通报")
    return period
