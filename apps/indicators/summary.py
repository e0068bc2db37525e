"""The 主要经济指标 section of a monthly 通报 in words, from the month table of one unit (the city), as real
通报 write it:

    “10项主要经济指标中，达到序时进度的7项、占比70.0%；未达到序时进度的3项、占比30.0%（总量指标完成占年度目标
    比低于序时进度或增速低于目标任务，下同），为：一般公共预算收入、外贸进出口总额、城镇新增就业。”
    “社会消费品零售总额累计完成198.30亿元，增长5.10%，完成年度目标的74.83%，高于全省0.4个百分点，居全省第6位。”

(宣城市《政府工作报告》目标任务完成情况通报, 咸宁 2021 上半年 — ../shared/DOMAIN.md §3.1.) What the 通报 app
reads; it imports nothing from the pages."""

import dataclasses

from . import rules
from .table import Block


@dataclasses.dataclass(frozen=True)
class Section:
    overview: str
    lines: list
    behind: list  # names of the indicators behind 序时


def _share(n: int, total: int) -> str:
    return f"{n * 100 / total:.1f}%"


def _line(block: Block, row) -> str:
    indicator, s = block.indicator, row.standing
    parts = []
    if row.cumulative is not None:
        parts.append(f"累计完成{rules.points(row.cumulative)}{indicator.measure}")
    if row.growth is not None:
        parts.append(
            f"增长{rules.points(row.growth)}%" if row.growth >= 0 else f"下降{rules.points(-row.growth)}%"
        )
    if s.completion is not None:
        parts.append(f"完成年度目标的{rules.points(s.completion)}%")
    elif indicator.kind == indicator.Kind.GROWTH and row.target is not None and s.gap is not None:
        parts.append(f"{'高于' if s.gap >= 0 else '低于'}目标{rules.rate_points(abs(s.gap))}个百分点")
    province = row.versus_province
    if province != rules.MISSING:
        parts.append(province)
    if not parts:
        return f"{indicator.name}本期数据未报。"
    return f"{indicator.name}{'，'.join(parts)}。"


def section(blocks: list[Block], unit) -> Section:
    """The section for `unit` (a row of each block): the overview counts and one line per indicator."""
    rows = [(b, next((r for r in b.rows if r.unit.pk == unit.pk), None)) for b in blocks]
    rows = [(b, r) for b, r in rows if r is not None]
    judged = [(b, r) for b, r in rows if r.standing.behind is not None]
    behind = [b.indicator.name for b, r in judged if r.standing.behind]
    total = len(judged)
    if total:
        overview = f"{total}项主要经济指标中，达到序时进度的{total - len(behind)}项、占比{_share(total - len(behind), total)}"
        if behind:
            overview += (
                f"；未达到序时进度的{len(behind)}项、占比{_share(len(behind), total)}"
                "（总量指标完成占年度目标比低于序时进度或增速低于目标任务），为：" + "、".join(behind)
            )
        overview += "。"
    else:
        overview = "本期主要经济指标尚无可判断序时进度的数据。"
    return Section(overview=overview, lines=[_line(b, r) for b, r in rows], behind=behind)
