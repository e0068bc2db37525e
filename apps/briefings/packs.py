"""What the quarterly 调度 pack and the half-year 双过半 report add to the monthly figures
(apps.briefings.data), read from the same rows:

- quarterly (季度调度): the 督办 issued in the quarter (one query), by level, listed in 附件4; the items
  put to the 调度会 to decide — the lagging items that are overdue or have an open 督办 and still trail;
- half-year (双过半, the half ending in June): for the plan, each area and each lead unit, the tasks whose
  completion has reached half (50%, or done: "任务过半"), the tasks at or above their 序时进度, the average
  completion; a group has achieved "时间过半、任务过半" when its average completion is at least 50%.
"""

from collections import defaultdict

from apps.cycles.models import TargetActual
from apps.plans.models import Target, TaskStatus
from apps.supervision.models import Notice

from .data import BEHIND, DONE, NOT_STARTED, SUBMITTED, share
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


# Targets whose value is a ceiling (≤, <: a cost, a rate to keep under) have no "half done".
CEILINGS = (Target.Comparator.LE, Target.Comparator.LT)


def _completion(target, actual):
    """Share of a target reached, in percent: from its baseline when it has one (an increase to make),
    else from zero; None without a reported value or when the target equals its baseline."""
    if actual is None:
        return None
    start = target["baseline"] or 0
    span = target["value"] - start
    return None if not span else round(100 * float((actual - start) / span), 1)


def targets_extras(figures: dict, plans, as_of) -> dict:
    """The plans' quantitative targets (Target; ceilings left out) with the latest value reported for each
    in a cycle ended by `as_of` (TargetActual of a sent report): the half year's own figures, not
    today's. A target is 过半 when it is reached at least halfway. Two statements."""
    targets = list(
        Target.objects.filter(task__plan__in=plans, task__archived_at__isnull=True, archived_at__isnull=True)
        .exclude(comparator__in=CEILINGS)
        .values("id", "metric", "value", "unit", "baseline", "task__title")
        .order_by("task__plan_id", "task_id", "id")
    )
    latest = {}
    for target_id, value in (
        TargetActual.objects.filter(
            target__task__plan__in=plans,
            report__cycle__period_end__lte=as_of,
            report__status__in=SUBMITTED,
        )
        .values_list("target_id", "value")
        .order_by("target_id", "report__cycle__period_end", "report_id")
    ):
        latest[target_id] = value  # the last one wins: the latest period's
    rows = []
    for t in targets:
        done = _completion(t, latest.get(t["id"]))
        rows.append(
            {
                "task": t["task__title"],
                "metric": t["metric"],
                "goal": f"{t['value'].normalize():f}{t['unit']}",
                "actual": "" if t["id"] not in latest else f"{latest[t['id']].normalize():f}{t['unit']}",
                "done": done,
                "over": done is not None and done >= HALF,
            }
        )
    reported = [r for r in rows if r["done"] is not None]
    over = sum(1 for r in reported if r["over"])
    figures["targets"] = rows
    figures["targets_summary"] = {
        "reported": len(reported),
        "over": over,
        "over_share": share(over, len(reported)),
    }
    return figures


def _targets_blocks(data) -> list[tuple]:
    whole, summary = total(data, "targets"), data["targets_summary"]
    if not whole:
        return []
    text = f"{whole}项量化指标中，已报送实际值{summary['reported']}项"
    if summary["reported"]:
        below = summary["reported"] - summary["over"]
        text += f"，完成目标过半的{summary['over']}项、占{summary['over_share']}，未过半的{below}项"
    return [("h2", "（三）量化指标情况"), ("p", text + "（详见附件6）。")]


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
    return out + _targets_blocks(data)


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
    out = [
        _halfway_table(f"附件{first}　分领域“双过半”情况表", "领域", data["halfway_areas"]),
        _halfway_table(
            f"附件{first + 1}　分单位“双过半”情况表",
            "牵头单位",
            data["halfway_units"],
            table_note(data, "halfway_units"),
        ),
    ]
    if total(data, "targets"):
        out.append(
            {
                "title": f"附件{first + 2}　量化指标进展表",
                "note": table_note(data, "targets"),
                "header": ["序号", "任务", "指标", "目标值", "实际值", "完成目标", "是否过半"],
                "widths": [1.0, 4.4, 3.4, 2.0, 2.0, 1.8, 1.8],
                "rows": [
                    [
                        str(i),
                        r["task"],
                        r["metric"],
                        r["goal"],
                        r["actual"] or "未报送",
                        "—" if r["done"] is None else f"{r['done']:g}%",
                        "是" if r["over"] else "否",
                    ]
                    for i, r in enumerate(data["targets"], 1)
                ],  # fmt: skip
            }
        )
    return out
