"""The annual 考核 report (年度考核情况通报), read from apps.assessment: the jurisdiction's 考核办法 of
the year whose results are published, its final score run — each unit's score, grade and rank in its
group, its 减分 lines (breakdown["deductions"]) summed by rule. Without published results there is no
report (data.NoFigures with the reason).

Structure as a 考核 通报 is written: 依据 (the 考核办法) → 一、考核基本情况 (units, groups, grades counted)
→ 二、考核结果 (per group, the ranking's head and the units graded lowest) → 三、扣分情况 → 四、下步要求;
附件1 考核结果排名表, 附件2 减分事项汇总表."""

from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation

from apps.assessment.models import Scheme, ScoreRun, UnitScore

from .data import NoFigures
from .wording import CN_NUMBERS, cn_date, numbered, paragraphs, table_note, text_limit

DEFAULT_REQUIREMENTS = (
    "一是抓好结果运用。考核结果将作为单位评先评优、干部选拔任用的重要依据，"
    "对考核等次靠后的单位，督查室将会同有关部门进行约谈。\n"
    "二是抓好问题整改。各单位要对照扣分事项逐项分析原因、制定措施，于一个月内报送书面整改报告。\n"
    "三是抓好来年工作。各单位要总结经验、查找差距，对标对表新一年度目标任务，确保开好局、起好步。"
)
TOP = 3


def _decimal(value) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError):
        return Decimal(0)


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}" if value else "0"


def gather(unit, year: int) -> dict:
    scheme = (
        Scheme.objects.filter(owner_unit=unit, year=year, results_published_at__isnull=False)
        .order_by("-version", "-id")
        .first()
    )
    if scheme is None:
        raise NoFigures(f"{unit.name}{year}年度尚无已发布的考核结果，不能生成年度考核情况通报")
    run = scheme.runs.filter(final=True, status=ScoreRun.Status.DONE).order_by("-requested_at", "-id").first()
    if run is None:
        raise NoFigures(f"{scheme.title}尚无已完成的年终计分，不能生成年度考核情况通报")
    names = {g["code"]: g["name"] for g in scheme.config.get("groups", [])}
    grades = [g["name"] for g in scheme.config.get("grades", []) if isinstance(g, dict) and "name" in g]
    scores, rules = [], defaultdict(lambda: {"count": 0, "points": Decimal(0)})
    for score in UnitScore.objects.filter(run=run).select_related("unit").order_by("group", "rank", "id"):
        lines = score.breakdown.get("deductions", [])
        deducted = sum((_decimal(line.get("delta")) for line in lines), Decimal(0))
        for line in lines:
            if _decimal(line.get("delta")):
                rule = rules[line.get("rule") or "其他"]
                rule["count"] += 1
                rule["points"] += _decimal(line.get("delta"))
        scores.append(
            {
                "unit": score.unit.name,
                "group": names.get(score.group, score.group),
                "total": _fmt(score.total) if score.total is not None else "—",
                "grade": score.grade or ("不参与排名" if not score.eligible else "—"),
                "rank": score.rank,
                "vetoed": score.vetoed,
                "deducted": _fmt(deducted),
                "negative": list(score.summary.get("negative", [])),
            }
        )
    results = {}
    for s in scores:
        group = results.setdefault(s["group"], {"group": s["group"], "count": 0, "head": [], "negative": []})
        group["count"] += 1
        if s["rank"] and len(group["head"]) < TOP:
            group["head"].append({"unit": s["unit"], "total": s["total"]})
        if s["negative"]:
            group["negative"].append({"unit": s["unit"], "why": s["negative"]})
    for group in results.values():
        group["negatives"] = len(group["negative"])
    counted = Counter(s["grade"] for s in scores)
    order = [g for g in grades if g in counted] + sorted(g for g in counted if g not in grades)
    return {
        "kind": "annual",
        "year": year,
        "month": 12,
        "as_of": f"{run.as_of:%Y-%m-%d}",
        "scheme": {"title": scheme.title, "unit": unit.name},
        "scores": scores,
        "groups": list(results),
        "results": list(results.values()),
        "grades": {g: counted[g] for g in order},
        "deductions": [
            {"rule": rule, "count": v["count"], "points": _fmt(v["points"])} for rule, v in rules.items()
        ],
        "total": len(scores),
    }


def blocks(data, *, office: str, extra: str = "", requirements: str = "") -> list[tuple]:
    scheme = data["scheme"]
    opening = (
        "p",
        f"根据《{scheme['title']}》，{office}对{data['year']}年度各单位目标责任落实情况进行了考核，"
        f"计分截至{cn_date(data['as_of'])}。现将考核结果通报如下：",
    )
    grades = "，".join(f"{g}{n}个" for g, n in data["grades"].items())
    basic = [
        (
            "p",
            f"本年度共考核{data['total']}个单位，分{len(data['groups'])}组排名（{'、'.join(data['groups'])}）。"
            f"其中，{grades}（详见附件1）。",
        )
    ]
    results = []
    for i, group in enumerate(data["results"]):
        head = "、".join(f"{s['unit']}（{s['total']}分）" for s in group["head"])
        results.append(("h2", f"（{CN_NUMBERS[i % 10]}）{group['group']}"))
        text = f"{group['group']}共{group['count']}个单位，" + (
            f"排名前{len(group['head'])}位的是{head}。" if head else "无排名单位。"
        )
        negative = group["negative"][: text_limit(data)]
        if negative:
            names = "、".join(f"{s['unit']}（{'；'.join(s['why'])}）" for s in negative)
            more = f"等{group['negatives']}个单位" if group["negatives"] > len(negative) else ""
            text += f"列入负面清单的有{names}{more}。"
        results.append(("p", text))
    if data["deductions"]:
        parts = "；".join(
            f"{d['rule']}{d['count']}次、扣{d['points'].lstrip('-')}分" for d in data["deductions"]
        )
        count = sum(d["count"] for d in data["deductions"])
        deductions = [("p", f"全年共发生减分事项{count}次：{parts}（详见附件2）。")]
    else:
        deductions = [("p", "全年无减分事项。")]
    deductions += paragraphs(extra)
    sections = [
        ("考核基本情况", basic),
        ("考核结果", results),
        ("扣分情况", deductions),
        ("下步要求", paragraphs(requirements)),
    ]
    return [opening, *numbered(sections)]


def tables(data) -> list[dict]:
    return [
        {
            "title": "附件1　考核结果排名表",
            "header": ["序号", "单位", "分组", "得分", "等次", "组内名次", "减分"],
            "widths": [1.0, 5.0, 3.0, 1.8, 1.8, 1.8, 1.6],
            "note": table_note(data, "scores"),
            "rows": [
                [str(i), s["unit"], s["group"], s["total"], s["grade"], str(s["rank"] or "—"), s["deducted"]]
                for i, s in enumerate(data["scores"], 1)
            ],
        },
        {
            "title": "附件2　减分事项汇总表",
            "header": ["序号", "减分项目", "次数", "扣分合计"],
            "widths": [1.2, 9.0, 2.4, 3.4],
            "rows": [
                [str(i), d["rule"], str(d["count"]), d["points"]] for i, d in enumerate(data["deductions"], 1)
            ],
        },
    ]
