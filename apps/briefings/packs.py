"""What the quarterly 调度 pack and the half-year 双过半 report add to the monthly figures
(apps.briefings.data), read from the same rows:

- quarterly (季度调度): the 督办 issued in the quarter (one query), by level, listed in 附件4; the items
  put to the 调度会 to decide — the lagging items that are overdue or have an open 督办 and still trail;
- half-year (双过半, the half ending in June): for the plan, each area and each lead unit, the tasks whose
  completion has reached half (50%, or done: "任务过半"), the tasks at or above their 序时进度, the average
  completion; a group has achieved "时间过半、任务过半" when its average completion is at least 50%.
"""

from collections import defaultdict

from apps.plans.models import TaskStatus
from apps.supervision.models import Notice

from .data import BEHIND, DONE, NOT_STARTED, share
from .wording import cn_date, listed, table_note, text_limit, total

HALF = 50
OVERDUE = TaskStatus.OVERDUE.label


def quarter_extras(figures: dict, plans, start, end) -> dict:
    """The quarter's 督办 (issued from `start` to `end`, of the plans' current tasks) and the 调度会's items."""
    levels = dict(Notice.Level.choices)
    notices = [
        {
            "level": levels.get(n["level"], str(n["level"])),
            "task": n["task__title"],
            "unit": n["unit__name"],
            "issued": f"{n['issued_at']:%Y-%m-%d}",
            "closed": f"{n['closed_at']:%Y-%m-%d}" if n["closed_at"] else "",
        }
        for n in Notice.objects.filter(
            task__plan__in=plans,
            task__archived_at__isnull=True,
            issued_at__date__gte=start,
            issued_at__date__lte=end,
        )
        .values("level", "task__title", "unit__name", "issued_at", "closed_at")
        .order_by("issued_at", "id")
    ]
    by_level = defaultdict(int)
    for notice in notices:
        by_level[notice["level"]] += 1
    figures["notices"] = notices
    figures["notices_closed"] = sum(1 for n in notices if n["closed"])
    figures["notice_counts"] = {label: by_level[label] for label in levels.values() if by_level[label]}
    figures["decisions"] = [r for r in figures["behind"] if r["notices"] or r["status"] == OVERDUE]
    return figures


def notices_sentence(data) -> str:
    issued = total(data, "notices")
    if not issued:
        return "本季度未下发督办单。"
    levels = "、".join(f"{label}{n}件" for label, n in data["notice_counts"].items())
    closed = data["notices_closed"]
    return f"本季度共下发督办单{issued}件（{levels}），已办结{closed}件、尚未办结{issued - closed}件（详见附件4）。"


def decision_blocks(data) -> list[tuple]:
    if not data["decisions"]:
        return [("p", "本季度无需提请调度会研究的事项。")]
    out = [
        (
            "p",
            f"以下{total(data, 'decisions')}项任务已逾期或经督办仍未达序时进度，"
            f"提请调度会研究解决措施、明确责任和完成时限{listed(data, 'decisions')}：",
        )
    ]
    for i, row in enumerate(data["decisions"], 1):
        lacks = "；".join(row["reasons"]) or "进度未达序时要求"
        noticed = f"，已督办{row['notices']}次" if row["notices"] else ""
        out.append(("p", f"{i}. {row['lead']}牵头的“{row['title']}”：{lacks}{noticed}（{row['since']}）。"))
    return out


def quarter_tables(data, *, first: int) -> list[dict]:
    return [
        {
            "title": f"附件{first}　督办事项清单",
            "header": ["序号", "任务", "督办单位", "级别", "下发日期", "办结日期"],
            "widths": [1.0, 6.4, 3.2, 1.4, 2.2, 2.2],
            "note": table_note(data, "notices"),
            "rows": [
                [str(i), n["task"], n["unit"], n["level"], n["issued"], n["closed"] or "未办结"]
                for i, n in enumerate(data["notices"], 1)
            ],
        }
    ]


def _halfway(rows) -> dict:
    total = len(rows)
    over = sum(1 for r in rows if r["category"] == DONE or (r["percent"] or 0) >= HALF)
    at_pace = sum(1 for r in rows if r["category"] not in (BEHIND, NOT_STARTED))
    average = round(sum(r["percent"] or 0 for r in rows) / total, 1) if total else 0
    return {
        "total": total,
        "over": over,
        "over_share": share(over, total),
        "at_pace": at_pace,
        "average": f"{average:g}",
        "achieved": bool(total) and average >= HALF,
    }


def halfway_extras(figures: dict) -> dict:
    """双过半 of the whole, of each area and of each lead unit (counted from the task rows)."""
    rows = figures["behind"] + figures["on_pace"]
    by_area, by_unit = defaultdict(list), defaultdict(list)
    for row in rows:
        by_area[row["area"]].append(row)
        by_unit[row["lead"]].append(row)
    figures["halfway"] = _halfway(rows)
    figures["halfway_areas"] = [{"name": k, **_halfway(v)} for k, v in by_area.items()]
    figures["halfway_units"] = [{"name": k, **_halfway(v)} for k, v in sorted(by_unit.items())]
    figures["halfway_missed"] = [
        {"name": u["name"], "average": u["average"]} for u in figures["halfway_units"] if not u["achieved"]
    ]
    return figures


def _verdict(group) -> str:
    return "实现“时间过半、任务过半”" if group["achieved"] else "未实现“时间过半、任务过半”"


def halfway_blocks(data) -> list[tuple]:
    whole = data["halfway"]
    out = [
        (
            "p",
            f"截至{cn_date(data['as_of'])}，时间进度过半。{whole['total']}项任务中，完成进度达到或超过{HALF}%"
            f"（含已完成）的{whole['over']}项、占{whole['over_share']}，达到序时进度的{whole['at_pace']}项；"
            f"平均完成进度{whole['average']}%，总体{_verdict(whole)}。",
        ),
        ("h2", "（一）分领域情况"),
    ]
    for area in data["halfway_areas"]:
        out.append(
            (
                "p",
                f"{area['name']}：{area['total']}项任务中过半{area['over']}项，平均完成进度{area['average']}%，"
                f"{_verdict(area)}。",
            )
        )
    out.append(("h2", "（二）分单位情况"))
    units, missed = total(data, "halfway_units"), data["halfway_missed"][: text_limit(data)]
    if missed:
        names = "、".join(f"{u['name']}（平均完成进度{u['average']}%）" for u in missed)
        whole = total(data, "halfway_missed")
        names += f"等{whole}个单位" if whole > len(missed) else ""
        out.append(
            ("p", f"{units}个牵头单位中，{whole}个单位未实现“时间过半、任务过半”：{names}（详见附件5）。")
        )
    else:
        out.append(("p", f"{units}个牵头单位均实现“时间过半、任务过半”（详见附件5）。"))
    return out


HALFWAY_HEADER = ["序号", "{}", "任务数", "过半任务", "达序时任务", "平均完成进度", "是否双过半"]


def _halfway_table(title, column, groups, note="") -> dict:
    return {
        "title": title,
        "note": note,
        "header": [h.format(column) for h in HALFWAY_HEADER],
        "widths": [1.0, 5.8, 1.6, 1.8, 1.8, 2.2, 2.2],
        "rows": [
            [
                str(i),
                g["name"],
                str(g["total"]),
                str(g["over"]),
                str(g["at_pace"]),
                f"{g['average']}%",
                "是" if g["achieved"] else "否",
            ]
            for i, g in enumerate(groups, 1)
        ],
    }


def halfway_tables(data, *, first: int) -> list[dict]:
    return [
        _halfway_table(f"附件{first}　分领域“双过半”情况表", "领域", data["halfway_areas"]),
        _halfway_table(
            f"附件{first + 1}　分单位“双过半”情况表",
            "牵头单位",
            data["halfway_units"],
            table_note(data, "halfway_units"),
        ),
    ]
