"""The 通报's words, composed from its data (apps.briefings.data, packs, annual, rectification) and the
coordinator's free texts: a list of blocks that the preview page and the .docx both render, and the
attached tables.

Blocks: ("h1", "一、总体情况"), ("h2", "（一）分领域情况"), ("p", text), ("chart", None).
Structure as real 通报 are written (../shared/DOMAIN.md §3): 依据 → 一、总体情况 → 进展较好 → 进展滞后 →
存在问题 → 下步要求 → 附件. The quarterly 调度 pack adds the quarter's 督办 and the items put to the
调度会; the half-year report its "时间过半、任务过半" section; the annual 考核 and 整改 reports have their
own (apps.briefings.annual, apps.briefings.rectification)."""

import re

from . import annual, packs, rectification
from .data import BEHIND, CATEGORIES, DONE
from .periods import ANNUAL, HALFYEAR, QUARTERLY, RECTIFICATION
from .wording import CN_NUMBERS, cn_date, listed, numbered, paragraphs, pct, table_note, text_limit, total

__all__ = ["blocks", "cn_date", "tables"]


def _document_name(source: str) -> bool:
    """A plan's source title worth citing as its 依据: a document's name, not an uploaded file's name."""
    return bool(source) and not re.search(r"\.(txt|docx?|pdf|xlsx?|html?)$", source, re.I)


def plan_names(data) -> str:
    return "、".join(f"《{p['title']}》" for p in data["plans"])


def _counts_sentence(counts, shares, total) -> str:
    parts = [f"{c}{counts[c]}项、占{shares[c]}" for c in CATEGORIES]
    return f"共{total}项。其中，" + "；".join(parts) + "。"


def _span(data) -> str:
    return {QUARTERLY: "本季度", HALFYEAR: "上半年"}.get(data.get("kind"), "本月")


def blocks(data, *, office: str, problems_extra: str = "", requirements: str = "") -> list[tuple]:
    kind = data.get("kind")
    if kind == ANNUAL:
        return annual.blocks(data, office=office, extra=problems_extra, requirements=requirements)
    if kind == RECTIFICATION:
        return rectification.blocks(data, office=office, extra=problems_extra, requirements=requirements)
    source = "、".join(f"（{p['source']}）" for p in data["plans"] if _document_name(p["source"]))
    opening = (
        "p",
        f"为推动{plan_names(data)}{source}各项任务落实落地，{office}对截至{cn_date(data['as_of'])}"
        f"的任务进展情况进行了梳理汇总。现将有关情况通报如下：",
    )
    sections = [("总体情况", _overview(data))]
    if kind == HALFYEAR:
        sections.append(("“时间过半、任务过半”情况", packs.halfway_blocks(data)))
    sections += [
        ("进展较好的事项", _good(data)),
        ("进展滞后的事项", _behind(data)),
        ("存在问题", _problems(data, problems_extra)),
    ]
    if kind == QUARTERLY:
        sections.append(("提请调度会研究的事项", packs.decision_blocks(data)))
    sections.append(("下步要求", paragraphs(requirements)))
    return [opening, *numbered(sections)]


def _overview(data) -> list[tuple]:
    out = [
        (
            "p",
            f"{plan_names(data)}明确的重点任务"
            + _counts_sentence(data["counts"], data["shares"], data["total"])
            + f"（序时进度按各项任务起止时间计算；超进度指完成进度高于序时进度{data['ahead_points']}个百分点"
            "及以上；欠进度含滞后和逾期事项，详见附件1；其余事项详见附件2。）",
        ),
        ("chart", None),
        ("h2", "（一）分领域情况"),
    ]
    for area in data["areas"]:
        parts = "、".join(f"{c}{area[c]}项" for c in CATEGORIES if area[c])
        out.append(("p", f"{area['area']}：共{area['total']}项，{parts}。"))
    out.append(("h2", "（二）进展报送情况"))
    out.append(("p", _submission_sentence(data)))
    if data.get("kind") == QUARTERLY:
        out.append(("h2", "（三）督办情况"))
        out.append(("p", packs.notices_sentence(data)))
    if data.get("indicators"):
        n = sum(1 for kind, _ in out if kind == "h2")
        out.append(("h2", f"（{CN_NUMBERS[n]}）主要经济指标情况"))
        out.append(("p", f"{data['indicators']['unit']}{data['indicators']['overview']}"))
        out += [("p", line) for line in data["indicators"]["lines"]]
    if data.get("projects"):
        n = sum(1 for kind, _ in out if kind == "h2")
        out.append(("h2", f"（{CN_NUMBERS[n]}）重点项目推进情况"))
        out.append(("p", _projects_sentence(data["projects"])))
    if data.get("cascade"):
        n = sum(1 for kind, _ in out if kind == "h2")
        out.append(("h2", f"（{CN_NUMBERS[n]}）下级承接落实情况"))
        out += [("p", line) for line in _cascade_sentences(data["cascade"])]
    return out


def _projects_sentence(p) -> str:
    c = p["colours"]
    text = (
        f"纳入调度的重点项目{p['total']}个，其中红灯{c['red']}个、黄灯{c['yellow']}个、绿灯{c['green']}个；"
        f"年度计划投资{p['plan']}万元，累计完成{p['done']}万元，投资完成率{p['rate']}，时间进度{p['progress']}"
        + (f"，{p['gap']}" if p["gap"] else "")
        + "。"
    )
    if p["red"]:
        more = f"等{c['red']}个" if c["red"] > len(p["red"]) else ""
        text += f"红灯项目：{'、'.join(p['red'])}{more}。"
    return text


def _cascade_sentences(c) -> list[str]:
    parts = "；".join(
        f"{e['unit']}认领{e['claimed']}项、未认领{e['unclaimed']}项、本地新增{e['local']}项"
        for e in c["plans"]
    )
    lines = [f"{len(c['plans'])}个下级计划承接本计划{c['tasks']}项任务：{parts}。"]
    if c["unclaimed_count"]:
        more = f"等{c['unclaimed_count']}项" if c["unclaimed_count"] > len(c["unclaimed"]) else ""
        lines.append(f"尚无下级认领的任务：{'、'.join(c['unclaimed'])}{more}。")
    if c["splits"]:
        lines.append("量化分解不一致：" + "；".join(c["splits"]) + "。")
    if c["incomplete"]:
        lines.append(f"已承接的下级任务中，“四清”（任务、数量、时间、标准）不全的{c['incomplete']}项。")
    return lines


def _good(data) -> list[tuple]:
    if not data["good"]:
        return [("p", f"{_span(data)}暂无已完成或超进度的事项。")]
    note = listed(data, "good")
    out = [("p", f"已完成或超进度的事项{note}：")] if note else []
    for i, row in enumerate(data["good"], 1):
        if row["category"] == DONE:
            state = "已完成"
        else:
            state = f"完成进度{row['percent']}%，超出序时进度{row['percent'] - row['pace']}个百分点"
        out.append(("p", f"{i}. {row['lead']}牵头的“{row['title']}”{state}。"))
    return out


def _behind(data) -> list[tuple]:
    if not data["behind"]:
        return [("p", f"{_span(data)}无欠进度事项。")]
    rows = data["behind"][: text_limit(data)]
    whole = data["counts"][BEHIND]
    more = f"，以下列出前{len(rows)}项" if len(rows) < whole else ""
    out = [("p", f"共{whole}项任务未达序时进度（详见附件1）{more}：")]
    for i, row in enumerate(rows, 1):
        lacks = "；".join(row["reasons"]) or "进度未达序时要求"
        out.append(("p", f"{i}. {row['lead']}牵头的“{row['title']}”：{lacks}（{row['since']}）。"))
    return out


def _problems(data, problems_extra) -> list[tuple]:
    out = []
    shown = sum(len(g["items"]) for g in data["problems"])
    if shown < total(data, "problems"):
        out.append(("p", f"各单位报送的存在问题共{total(data, 'problems')}条，以下列出前{shown}条。"))
    if data["problems"]:
        for i, group in enumerate(data["problems"]):
            out.append(("h2", f"（{CN_NUMBERS[i % 10]}）{group['area']}"))
            for item in group["items"]:
                out.append(("p", f"{item['unit']}（{item['task']}）：{item['text']}"))
    elif not problems_extra.strip():
        out.append(("p", f"{_span(data)}各单位报送的进展报告未反映存在问题。"))
    return out + paragraphs(problems_extra)


def _submission_sentence(data) -> str:
    sums = data["submission_total"]
    span = _span(data)
    if not sums["due"]:
        return f"{span}无截止的进展报送期次。"
    text = (
        f"{span}（{'、'.join(data['cycles'])}）应报送进展报告{sums['due']}份，已报送{sums['submitted']}份，"
        f"报送率{sums['rate']}。"
    )
    if data["late_units"]:
        late, whole = "、".join(data["late_units"]), total(data, "late_units")
        late += f"等{whole}个单位" if whole > len(data["late_units"]) else ""
        text += f"{late}未按要求报送（详见附件3）。"
    else:
        text += "各单位均已按要求报送（详见附件3）。"
    return text


def tables(data) -> list[dict]:
    """附件1 滞后事项清单, 附件2 按序时清单 (the other categories, 未启动 included), 附件3 报送情况表; then
    the kind's own (the quarter's 督办, the half year's tables by area and unit)."""
    kind = data.get("kind")
    if kind == ANNUAL:
        return annual.tables(data)
    if kind == RECTIFICATION:
        return rectification.tables(data)
    out = [
        {
            "title": "附件1　滞后事项清单",
            "header": ["序号", "任务", "牵头单位", "完成进度", "序时进度", "状态", "存在差距", "滞后起始"],
            "widths": [1.0, 4.4, 2.4, 1.4, 1.4, 1.2, 4.0, 2.0],
            "note": table_note(data, "behind"),
            "rows": [
                [
                    str(i),
                    row["title"],
                    row["lead"],
                    pct(row["percent"]),
                    f"{row['pace']}%",
                    row["status"],
                    "；".join(row["reasons"]),
                    row["since"],
                ]
                for i, row in enumerate(data["behind"], 1)
            ],
        },
        {
            "title": "附件2　按序时清单",
            "header": ["序号", "任务", "牵头单位", "类别", "完成进度", "序时进度", "完成时限"],
            "widths": [1.0, 5.6, 2.8, 1.6, 1.6, 1.6, 2.2],
            "note": table_note(data, "on_pace"),
            "rows": [
                [
                    str(i),
                    row["title"],
                    row["lead"],
                    row["category"],
                    pct(row["percent"]),
                    f"{row['pace']}%",
                    row["due"],
                ]
                for i, row in enumerate(data["on_pace"], 1)
            ],
        },
        {
            "title": "附件3　报送情况表",
            "header": ["序号", "单位", "应报送", "已报送", "未报送", "报送率"],
            "widths": [1.2, 6.8, 2.0, 2.0, 2.0, 2.0],
            "note": table_note(data, "submission"),
            "rows": [
                [str(i), u["unit"], str(u["due"]), str(u["submitted"]), str(u["missing"]), u["rate"]]
                for i, u in enumerate(data["submission"], 1)
            ],
        },
    ]
    if kind == QUARTERLY:
        out += packs.quarter_tables(data, first=len(out) + 1)
    elif kind == HALFYEAR:
        out += packs.halfway_tables(data, first=len(out) + 1)
    return out
