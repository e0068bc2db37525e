"""The 整改 progress report (整改进展情况通报), read from apps.supervision's 整改台账 (Rectification): the
items issued by the plan's issuing unit (a plan's 通报) or by any unit of the jurisdiction (all plans),
recorded by the period's end. Counted as of that day: an item 销号 later counts as 推进中; otherwise its
status is the ledger's. 整改清零率 = 已销号 ÷ all items; an item is overdue when not 销号 and its time
limit has passed (since the day after it); 反弹 = found back at 回头看 (Rectification.rebound).

Structure: 依据 → 一、总体情况 (counts by status, 清零率, by lead unit) → 二、逾期未完成整改的问题 →
三、“回头看”发现反弹的问题 → 四、存在问题 → 五、下步要求; 附件1 逾期整改问题清单, 附件2 分单位整改情况表,
附件3 “回头看”反弹问题清单. No items: data.NoFigures."""

import datetime
from collections import Counter

from apps.supervision.models import Rectification

from .data import NoFigures, share
from .wording import cn_date, listed, numbered, paragraphs, table_note, text_limit, total

DEFAULT_REQUIREMENTS = (
    "一是压紧压实整改责任。各牵头单位主要负责同志要亲自抓整改，对照问题清单、任务清单、责任清单，"
    "逐项推进，确保按时整改到位。\n"
    "二是加快逾期问题整改。对已逾期的问题，责任单位要说明原因，明确新的完成时限，督查室将挂牌督办。\n"
    "三是巩固整改成果。对已销号的问题适时开展“回头看”，坚决防止问题反弹回潮；对虚假整改、敷衍整改的，"
    "依规依纪严肃追责问责。"
)
S = Rectification.Status


def gather(unit_ids, *, as_of: datetime.date, year: int, month: int, where: str) -> dict:
    labels = dict(S.choices)
    items = []
    for r in (
        Rectification.objects.filter(owner_unit_id__in=unit_ids, created_at__date__lte=as_of)
        .values("id", "code", "description", "lead_unit__name", "due_date", "status", "closed_on", "rebound")
        .order_by("lead_unit__path", "due_date", "id")
    ):
        status = r["status"]
        if status == S.CLOSED and r["closed_on"] and r["closed_on"] > as_of:
            status = S.IN_PROGRESS
        overdue = status != S.CLOSED and r["due_date"] is not None and r["due_date"] < as_of
        items.append(
            {
                "problem": (f"{r['code']} " if r["code"] else "") + r["description"].strip()[:80],
                "unit": r["lead_unit__name"],
                "due": f"{r['due_date']:%Y-%m-%d}" if r["due_date"] else "",
                "status": labels[status],
                "closed": status == S.CLOSED,
                "overdue": overdue,
                "since": f"{r['due_date'] + datetime.timedelta(days=1):%Y-%m-%d}" if overdue else "",
                "rebound": r["rebound"],
            }
        )
    if not items:
        raise NoFigures(f"{where}截至{cn_date(as_of.isoformat())}没有整改事项，不能生成整改进展情况通报")
    counted = Counter(i["status"] for i in items)
    units = {}
    for item in items:
        unit = units.setdefault(item["unit"], {"unit": item["unit"], "total": 0, "closed": 0, "overdue": 0})
        unit["total"] += 1
        unit["closed"] += item["closed"]
        unit["overdue"] += item["overdue"]
    closed = sum(1 for i in items if i["closed"])
    return {
        "kind": "rectification",
        "year": year,
        "month": month,
        "as_of": f"{as_of:%Y-%m-%d}",
        "where": where,
        "total": len(items),
        "statuses": {label: counted[label] for label in labels.values() if counted[label]},
        "closed": closed,
        "rate": share(closed, len(items)),
        "overdue": [i for i in items if i["overdue"]],
        "rebound": [i for i in items if i["rebound"]],
        "units": [
            {**u, "open": u["total"] - u["closed"], "rate": share(u["closed"], u["total"])}
            for u in units.values()
        ],
    }


def blocks(data, *, office: str, extra: str = "", requirements: str = "") -> list[tuple]:
    opening = (
        "p",
        f"为推动{data['where']}交办问题整改落实，{office}对截至{cn_date(data['as_of'])}的整改进展情况进行了梳理。"
        "现将有关情况通报如下：",
    )
    statuses = "；".join(
        f"{label}{n}个、占{share(n, data['total'])}" for label, n in data["statuses"].items()
    )
    overview = [
        (
            "p",
            f"共有整改问题{data['total']}个。其中，{statuses}。已销号{data['closed']}个，整改清零率{data['rate']}"
            f"（各单位情况详见附件2）。",
        )
    ]
    if data["overdue"]:
        overdue = [
            (
                "p",
                f"共{total(data, 'overdue')}个问题超过整改时限仍未销号（详见附件1）{listed(data, 'overdue', min(len(data['overdue']), text_limit(data)))}：",
            )
        ]
        overdue += [
            ("p", f"{i}. {item['unit']}牵头整改的“{item['problem']}”，整改时限{item['due']}，自{item['since']}起逾期，"
             f"目前{item['status']}。")
            for i, item in enumerate(data["overdue"][: text_limit(data)], 1)
        ]  # fmt: skip
    else:
        overdue = [("p", "截至目前，无逾期未完成整改的问题。")]
    if data["rebound"]:
        rebound = [
            (
                "p",
                f"“回头看”发现{total(data, 'rebound')}个问题反弹回潮（详见附件3）{listed(data, 'rebound', min(len(data['rebound']), text_limit(data)))}：",
            )
        ]
        rebound += [
            ("p", f"{i}. {item['unit']}牵头整改的“{item['problem']}”，目前{item['status']}。")
            for i, item in enumerate(data["rebound"][: text_limit(data)], 1)
        ]
    else:
        rebound = [("p", "“回头看”未发现问题反弹。")]
    problems = paragraphs(extra) or [("p", "个别单位整改进度不快、成效不够明显，需进一步加大工作力度。")]
    sections = [
        ("总体情况", overview),
        ("逾期未完成整改的问题", overdue),
        ("“回头看”发现反弹的问题", rebound),
        ("存在问题", problems),
        ("下步要求", paragraphs(requirements)),
    ]
    return [opening, *numbered(sections)]


def tables(data) -> list[dict]:
    return [
        {
            "title": "附件1　逾期整改问题清单",
            "header": ["序号", "问题", "牵头单位", "整改时限", "逾期起始", "整改状态"],
            "widths": [1.0, 6.6, 2.8, 2.0, 2.0, 2.0],
            "note": table_note(data, "overdue"),
            "rows": [
                [str(i), item["problem"], item["unit"], item["due"], item["since"], item["status"]]
                for i, item in enumerate(data["overdue"], 1)
            ],
        },
        {
            "title": "附件2　分单位整改情况表",
            "header": ["序号", "牵头单位", "问题数", "已销号", "未销号", "逾期", "清零率"],
            "widths": [1.0, 6.2, 1.8, 1.8, 1.8, 1.6, 2.0],
            "note": table_note(data, "units"),
            "rows": [
                [
                    str(i),
                    u["unit"],
                    str(u["total"]),
                    str(u["closed"]),
                    str(u["open"]),
                    str(u["overdue"]),
                    u["rate"],
                ]
                for i, u in enumerate(data["units"], 1)
            ],
        },
        {
            "title": "附件3　“回头看”反弹问题清单",
            "header": ["序号", "问题", "牵头单位", "整改时限", "整改状态"],
            "widths": [1.0, 7.6, 3.0, 2.2, 2.6],
            "note": table_note(data, "rebound"),
            "rows": [
                [str(i), item["problem"], item["unit"], item["due"], item["status"]]
                for i, item in enumerate(data["rebound"], 1)
            ],
        },
    ]
