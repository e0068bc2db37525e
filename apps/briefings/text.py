"""The 通报's words, composed from its data (apps.briefings.data) and the coordinator's free texts: a list
of blocks that the preview page and the .docx both render, and the attached tables.

Blocks: ("h1", "一、总体情况"), ("h2", "（一）分领域情况"), ("p", text), ("chart", None).
Structure as real 通报 are written (../shared/DOMAIN.md §3): 依据 → 一、总体情况 → 二、进展较好 →
三、进展滞后 → 四、存在问题 → 五、下步要求 → 附件."""

import datetime
import re

from .data import BEHIND, CATEGORIES, DONE

CN_NUMBERS = "一二三四五六七八九十"


def cn_date(iso: str) -> str:
    """成文日期 and 截至 days in Arabic numerals, as GB/T 9704-2012 asks: 2026年11月30日."""
    day = datetime.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def _document_name(source: str) -> bool:
    """A plan's source title worth citing as its 依据: a document's name, not an uploaded file's name."""
    return bool(source) and not re.search(r"\.(txt|docx?|pdf|xlsx?|html?)$", source, re.I)


def plan_names(data) -> str:
    return "、".join(f"《{p['title']}》" for p in data["plans"])


def _counts_sentence(counts, shares, total) -> str:
    parts = [f"{c}{counts[c]}项、占{shares[c]}" for c in CATEGORIES]
    return f"共{total}项。其中，" + "；".join(parts) + "。"


def blocks(data, *, office: str, problems_extra: str = "", requirements: str = "") -> list[tuple]:
    out = []
    source = "、".join(f"（{p['source']}）" for p in data["plans"] if _document_name(p["source"]))
    out.append(
        (
            "p",
            f"为推动{plan_names(data)}{source}各项任务落实落地，{office}对截至{cn_date(data['as_of'])}"
            f"的任务进展情况进行了梳理汇总。现将有关情况通报如下：",
        )
    )
    out.append(("h1", "一、总体情况"))
    out.append(
        (
            "p",
            f"{plan_names(data)}明确的重点任务"
            + _counts_sentence(data["counts"], data["shares"], data["total"])
            + f"（序时进度按各项任务起止时间计算；超进度指完成进度高于序时进度{data['ahead_points']}个百分点"
            "及以上；欠进度含滞后和逾期事项，详见附件1；其余事项详见附件2。）",
        )
    )
    out.append(("chart", None))
    out.append(("h2", "（一）分领域情况"))
    for area in data["areas"]:
        parts = "、".join(f"{c}{area[c]}项" for c in CATEGORIES if area[c])
        out.append(("p", f"{area['area']}：共{area['total']}项，{parts}。"))
    out.append(("h2", "（二）进展报送情况"))
    out.append(("p", _submission_sentence(data)))

    out.append(("h1", "二、进展较好的事项"))
    if data["good"]:
        for i, row in enumerate(data["good"], 1):
            if row["category"] == DONE:
                state = "已完成"
            else:
                state = f"完成进度{row['percent']}%，超出序时进度{row['percent'] - row['pace']}个百分点"
            out.append(("p", f"{i}. {row['lead']}牵头的“{row['title']}”{state}。"))
    else:
        out.append(("p", "本期暂无已完成或超进度的事项。"))

    out.append(("h1", "三、进展滞后的事项"))
    if data["behind"]:
        out.append(("p", f"共{data['counts'][BEHIND]}项任务未达序时进度（详见附件1）："))
        for i, row in enumerate(data["behind"], 1):
            lacks = "；".join(row["reasons"]) or "进度未达序时要求"
            out.append(("p", f"{i}. {row['lead']}牵头的“{row['title']}”：{lacks}（{row['since']}）。"))
    else:
        out.append(("p", "本期无欠进度事项。"))

    out.append(("h1", "四、存在问题"))
    if data["problems"]:
        for i, group in enumerate(data["problems"]):
            out.append(("h2", f"（{CN_NUMBERS[i % 10]}）{group['area']}"))
            for item in group["items"]:
                out.append(("p", f"{item['unit']}（{item['task']}）：{item['text']}"))
    elif not problems_extra.strip():
        out.append(("p", "本期各单位报送的进展报告未反映存在问题。"))
    out += [("p", line) for line in problems_extra.splitlines() if line.strip()]

    out.append(("h1", "五、下步要求"))
    out += [("p", line) for line in requirements.splitlines() if line.strip()]
    return out


def _submission_sentence(data) -> str:
    total = data["submission_total"]
    if not total["due"]:
        return "本月无截止的进展报送期次。"
    text = (
        f"本月（{'、'.join(data['cycles'])}）应报送进展报告{total['due']}份，已报送{total['submitted']}份，"
        f"报送率{total['rate']}。"
    )
    if data["late_units"]:
        text += f"{'、'.join(data['late_units'])}未按要求报送（详见附件3）。"
    else:
        text += "各单位均已按要求报送（详见附件3）。"
    return text


def tables(data) -> list[dict]:
    """附件1 滞后事项清单, 附件2 按序时清单 (the other categories, 未启动 included), 附件3 报送情况表."""
    return [
        {
            "title": "附件1　滞后事项清单",
            "header": ["序号", "任务", "牵头单位", "完成进度", "序时进度", "状态", "存在差距", "滞后起始"],
            "widths": [1.0, 4.4, 2.4, 1.4, 1.4, 1.2, 4.0, 2.0],
            "rows": [
                [
                    str(i),
                    row["title"],
                    row["lead"],
                    _pct(row["percent"]),
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
            "rows": [
                [
                    str(i),
                    row["title"],
                    row["lead"],
                    row["category"],
                    _pct(row["percent"]),
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
            "rows": [
                [str(i), u["unit"], str(u["due"]), str(u["submitted"]), str(u["missing"]), u["rate"]]
                for i, u in enumerate(data["submission"], 1)
            ],
        },
    ]


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"
