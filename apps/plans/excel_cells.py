"""Parsing the cells of an imported ledger (台账): dates, choices, 量化指标 and 节点安排 lines."""

from __future__ import annotations

import dataclasses
import datetime
import re
from decimal import Decimal, InvalidOperation

from openpyxl.utils import get_column_letter

from lib.xlsx import CellError, ImportFailed, cell_text


@dataclasses.dataclass
class ParsedTarget:
    metric: str
    comparator: str
    value: Decimal
    unit: str
    baseline: Decimal | None
    deadline: datetime.date | None
    horizon: int | None

    def data(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class ParsedMilestone:
    due_date: datetime.date
    deliverable: str
    done_on: datetime.date | None

    def data(self) -> dict:
        return dataclasses.asdict(self)


class CellProblem(ValueError):
    """Raised by the cell parsers; the message is shown after the cell's position."""


_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPARATORS = {
    "≥": ">=",
    ">=": ">=",
    "＞": ">",
    ">": ">",
    "≤": "<=",
    "<=": "<=",
    "＜": "<",
    "<": "<",
    "≈": "~",
    "~": "~",
    "＝": "=",
    "=": "=",
}
_CMP_PATTERN = "|".join(re.escape(c) for c in sorted(_COMPARATORS, key=len, reverse=True))
_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_TARGET_RE = re.compile(rf"^(?P<metric>.+?)\s*(?P<cmp>{_CMP_PATTERN})\s*(?P<value>{_NUMBER})(?P<rest>.*)$")
_EXTRA_KEYS = r"基数|截止|截至|年度|目标年度"
_EXTRAS_RE = re.compile(
    rf"^(?P<unit>.*?)\s*[（(](?P<extras>\s*(?:{_EXTRA_KEYS})[^（）()]*)[）)]\s*$",
)
_EXTRA_PART_RE = re.compile(rf"^\s*(?P<key>{_EXTRA_KEYS})\s*[:：]?\s*(?P<value>.*?)\s*$")
_MILESTONE_RE = re.compile(
    r"^(?P<date>\S+)\s+(?P<deliverable>.+?)"
    r"(?:\s*[（(]\s*已完成\s*(?P<done>[^（）()]*?)\s*[）)])?\s*$"
)
UNIT_SPLIT_RE = re.compile(r"[、,，;；\n]+")
TARGET_EXAMPLE = "地区生产总值 ≥ 1100亿元（基数 900；截止 2026-12-31；年度 2030）"
MILESTONE_EXAMPLE = "2026-04-30 完成可研批复（已完成 2026-04-28）"


def parse_date_text(text: str) -> datetime.date:
    match = _DATE_RE.match(text.strip())
    if match:
        try:
            return datetime.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise CellProblem(f"日期“{text}”无效，应为日期或形如 2026-04-30 的文字")


def parse_date_cell(value) -> datetime.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return parse_date_text(cell_text(value))


def parse_decimal(text: str, what: str) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellProblem(f"{what}“{text}”不是数字") from None
    sign, digits, exponent = number.as_tuple()
    decimals = max(0, -exponent)
    if decimals > 4:
        raise CellProblem(f"{what}“{text}”最多保留 4 位小数")
    if len(digits) - decimals > 16:
        raise CellProblem(f"{what}“{text}”过大")
    return number


def parse_target_line(line: str) -> ParsedTarget:
    match = _TARGET_RE.match(line)
    if not match:
        raise CellProblem(f"指标“{line}”无法识别，应形如“{TARGET_EXAMPLE}”")
    metric = match["metric"].strip()
    rest = match["rest"]
    baseline = deadline = horizon = None
    extras = _EXTRAS_RE.match(rest)
    if extras:
        rest = extras["unit"]
        for part in re.split(r"[；;]", extras["extras"]):
            if not part.strip():
                continue
            item = _EXTRA_PART_RE.match(part)
            if item is None:
                raise CellProblem(f"指标“{line}”的括号内容“{part.strip()}”无法识别")
            key, value = item["key"], item["value"]
            if key == "基数":
                baseline = parse_decimal(value, "基数")
            elif key in ("截止", "截至"):
                deadline = parse_date_text(value)
            else:
                if not re.fullmatch(r"\d{4}", value):
                    raise CellProblem(f"指标“{line}”的目标年度“{value}”应为四位年份")
                horizon = int(value)
    unit = rest.strip()
    if len(metric) > 200:
        raise CellProblem(f"指标名称“{metric[:20]}…”超过 200 字")
    if len(unit) > 30:
        raise CellProblem(f"指标“{line}”的计量单位超过 30 字")
    return ParsedTarget(
        metric=metric,
        comparator=_COMPARATORS[match["cmp"]],
        value=parse_decimal(match["value"], "目标值"),
        unit=unit,
        baseline=baseline,
        deadline=deadline,
        horizon=horizon,
    )


def parse_milestone_line(line: str) -> ParsedMilestone:
    match = _MILESTONE_RE.match(line)
    if not match:
        raise CellProblem(f"节点“{line}”无法识别，应形如“{MILESTONE_EXAMPLE}”")
    try:
        due_date = parse_date_text(match["date"])
    except CellProblem:
        raise CellProblem(f"节点“{line}”应以日期开头，形如“{MILESTONE_EXAMPLE}”") from None
    done_on = None
    if match["done"] is not None:
        if not match["done"]:
            raise CellProblem(f"节点“{line}”已完成但未写完成日期，应形如“（已完成 2026-04-28）”")
        done_on = parse_date_text(match["done"])
    deliverable = match["deliverable"].strip()
    if len(deliverable) > 300:
        raise CellProblem(f"节点成果“{deliverable[:20]}…”超过 300 字")
    return ParsedMilestone(due_date=due_date, deliverable=deliverable, done_on=done_on)


def parse_choice(text: str, choices, default, what: str):
    if not text:
        return default
    for value, label in choices:
        if text in (label, str(value)):
            return value
    labels = "、".join(label for _, label in choices)
    raise CellProblem(f"{what}“{text}”无效，应为{labels}之一")


def header_columns(sheet, number, texts, headers, *, hint="") -> dict:
    """Header name → column index for the header row `texts` (a trailing * marks a required column);
    ImportFailed naming a repeated or a missing header, `hint` appended to the latter."""
    columns, errors = {}, []
    for index, text in enumerate(texts):
        name = text.rstrip("*＊").strip()
        if name in headers:
            if name in columns:
                errors.append(CellError(f"表头“{name}”重复", sheet, number, get_column_letter(index + 1)))
            columns[name] = index
    missing = [h for h in headers if h not in columns]
    if missing:
        errors.append(CellError("缺少列" + "、".join(f"“{h}”" for h in missing) + hint, sheet, number))
    if errors:
        raise ImportFailed(errors)
    return columns


class RowReader:
    """Reads the cells of one row by header and collects the problems found in them."""

    def __init__(self, sheet, number, values, columns, errors):
        self.sheet, self.number, self.values, self.columns, self.errors = (
            sheet,
            number,
            values,
            columns,
            errors,
        )

    def raw(self, header):
        index = self.columns[header]
        return self.values[index] if index < len(self.values) else None

    def error(self, header, message):
        column = get_column_letter(self.columns[header] + 1)
        self.errors.append(CellError(message, self.sheet, self.number, column, header))

    def text(self, header, max_length=None, required=False) -> str:
        value = cell_text(self.raw(header))
        if required and not value:
            self.error(header, f"“{header}”不能为空")
        elif max_length and len(value) > max_length:
            self.error(header, f"内容超过 {max_length} 字")
        return value

    def parse(self, header, parser, default=None):
        try:
            return parser(self.raw(header))
        except CellProblem as problem:
            self.error(header, str(problem))
            return default

    def lines(self, header, parser) -> list:
        result = []
        for line in cell_text(self.raw(header)).split("\n"):
            if line.strip():
                try:
                    result.append(parser(line.strip()))
                except CellProblem as problem:
                    self.error(header, str(problem))
        return result
