"""score(): a scheme and one period's facts → every unit's breakdown, total, grade and rank.

Steps, for each unit of each group (units named only in the facts, in no group, are listed in
Result.ungrouped and not scored):
1. eligibility: a unit with no task (lead or co) in the period is not ranked (不参与排名); so is a unit
   whose proportional rule finds no lead task under when_no_lead_tasks="ineligible". Its breakdown is
   still computed and shown.
2. each dimension (rules.dimension): rounded to 2 places, half up, after its clamp;
3. bonuses and deductions (outside the dimensions), each summed and held to its cap;
4. manual adjustments with no dimension (those naming one went into that dimension, before its clamp);
5. vetoes: deductions taken once per veto, grade caps noted;
6. total = Σ dimension points + bonuses + deductions + adjustments + veto deductions, rounded to 2
   places, half up (no floor);
7. per group (grading.py): ranks, grade by score, veto caps, quota.
Inputs are sorted first, so the same facts in any order give the same Result. All arithmetic is Decimal
in a fixed context (decimals.context).
"""

from collections import defaultdict

from apps.assessment.scoring import rules
from apps.assessment.scoring.decimals import ZERO, cents, context, fmt, signed
from apps.assessment.scoring.grading import Candidate, grade_group, id_key
from apps.assessment.scoring.result import GroupResult, Result, UnitResult
from apps.assessment.scoring.scheme import RATING, Scheme

NO_TASKS = "本期无承办任务"


def _level_key(level):
    return (level is not None, level or 0)


def _by_unit(items, sort_key) -> dict:
    grouped = defaultdict(list)
    for item in sorted(items, key=sort_key):
        grouped[item.unit_id].append(item)
    return grouped


def _check_facts(scheme: Scheme, ratings, adjustments):
    rated = {dim.code for dim in scheme.dimensions if any(rule.type == RATING for rule in dim.rules)}
    for rating in ratings:
        if rating.dimension not in rated:
            raise ValueError(f"评价打分的维度没有评价规则:{rating.dimension}")
    codes = {dim.code for dim in scheme.dimensions}
    for adj in adjustments:
        if adj.dimension is not None and adj.dimension not in codes:
            raise ValueError(f"人工调整的维度不存在:{adj.dimension}")


def score(scheme: Scheme, tasks, events, ratings, adjustments, unit_names) -> Result:
    """Score every unit of every group of `scheme` from the plain facts (see facts.py).

    unit_names: {unit_id: name} (a unit without one is named by its id).
    """
    tasks, events, ratings, adjustments = tuple(tasks), tuple(events), tuple(ratings), tuple(adjustments)
    _check_facts(scheme, ratings, adjustments)
    with context():
        facts = {
            "tasks": _by_unit(
                tasks, lambda t: (id_key(t.unit_id), t.role, str(t.task_id), t.weight_class, t.state)
            ),
            "events": _by_unit(
                events,
                lambda e: (e.day, e.kind, e.ref, _level_key(e.level), e.role, e.label, id_key(e.unit_id)),
            ),
            "ratings": _by_unit(ratings, lambda r: (r.dimension, r.rater, r.points, id_key(r.unit_id))),
            "adjustments": _by_unit(
                adjustments, lambda a: (a.dimension or "", a.ref, a.reason, a.points, id_key(a.unit_id))
            ),
        }
        grouped = {unit for group in scheme.groups for unit in group.unit_ids}
        named = {item.unit_id for items in (tasks, events, ratings, adjustments) for item in items}
        ungrouped = tuple(sorted(named - grouped, key=id_key))
        units, groups = [], []
        for group in scheme.groups:
            group_units, group_result = _score_group(scheme, group, facts, unit_names)
            units += group_units
            groups.append(group_result)
    return Result(tuple(units), tuple(groups), ungrouped)


def _score_group(scheme, group, facts, unit_names):
    partials = [
        _score_unit(scheme, unit_id, facts, unit_names.get(unit_id, str(unit_id)))
        for unit_id in group.unit_ids
    ]
    candidates = [
        Candidate(
            p["unit_id"], p["name"], p["total"], {d.code: d.points for d in p["dimensions"]}, tuple(p["caps"])
        )
        for p in partials
        if p["eligible"]
    ]
    graded, slots, quota_text = grade_group(scheme, candidates)
    ranked = sorted(graded, key=lambda uid: graded[uid].rank)
    unranked = sorted(
        (p for p in partials if not p["eligible"]), key=lambda p: (p["name"], id_key(p["unit_id"]))
    )
    by_id = {p["unit_id"]: p for p in partials}
    units = [_unit_result(by_id[uid], group.code, graded[uid]) for uid in ranked]
    units += [_unit_result(p, group.code, None) for p in unranked]
    group_result = GroupResult(
        group.code, group.name, tuple(ranked), tuple(p["unit_id"] for p in unranked), slots, quota_text
    )
    return units, group_result


def _score_unit(scheme: Scheme, unit_id, facts, name) -> dict:
    tasks = facts["tasks"].get(unit_id, [])
    events = facts["events"].get(unit_id, [])
    ratings = facts["ratings"].get(unit_id, [])
    adjustments = facts["adjustments"].get(unit_id, [])
    reasons, notes, dimensions = [], [], []
    if not tasks:
        reasons.append(NO_TASKS)
    for dim in scheme.dimensions:
        dim_result, applicable, dim_notes = rules.dimension(
            dim,
            tasks,
            events,
            [r for r in ratings if r.dimension == dim.code],
            [a for a in adjustments if a.dimension == dim.code],
            scheme.co_share,
        )
        dimensions.append(dim_result)
        notes += dim_notes
        if not applicable and tasks:
            reasons.append(f"无牵头任务,{dim.name}无法按比例计分")
    bonus_lines = [
        line for rule in scheme.bonuses for line in rules.event_rule(rule, events, scheme.co_share)
    ]
    bonuses, bonus_total = rules.capped(bonus_lines, scheme.bonus_cap, "加分", 1)
    deduction_lines = [
        line for rule in scheme.deductions for line in rules.event_rule(rule, events, scheme.co_share)
    ]
    deductions, deduction_total = rules.capped(deduction_lines, scheme.deduction_cap, "减分", -1)
    adjusted = [rules.adjustment_line(adj) for adj in adjustments if adj.dimension is None]
    adjustment_total = sum((line.delta for line in adjusted), ZERO)
    veto_lines, caps, veto_total = rules.vetoes(scheme.vetoes, events, scheme.co_share)
    parts = [d.points for d in dimensions]
    extras = [bonus_total, deduction_total, adjustment_total, veto_total]
    total = cents(sum(parts, ZERO) + sum(extras, ZERO))
    terms = [fmt(p) for p in parts] + [signed(x) for x in extras if x]
    total_text = " + ".join(terms).replace("+ -", "- ").replace("+ +", "+ ") + f" = {fmt(total)}"
    return {
        "unit_id": unit_id,
        "name": name,
        "eligible": not reasons,
        "reason": ";".join(reasons),
        "dimensions": tuple(dimensions),
        "bonuses": tuple(bonuses),
        "bonus_total": bonus_total,
        "deductions": tuple(deductions),
        "deduction_total": deduction_total,
        "adjustments": tuple(adjusted),
        "vetoed_by": tuple(veto_lines),
        "caps": caps,
        "total": total,
        "total_text": total_text,
        "notes": tuple(notes),
    }


def _unit_result(p: dict, group_code: str, graded) -> UnitResult:
    return UnitResult(
        unit_id=p["unit_id"],
        name=p["name"],
        group=group_code,
        eligible=p["eligible"],
        ineligible_reason=p["reason"],
        dimensions=p["dimensions"],
        bonuses=p["bonuses"],
        bonus_total=p["bonus_total"],
        deductions=p["deductions"],
        deduction_total=p["deduction_total"],
        adjustments=p["adjustments"],
        vetoed_by=p["vetoed_by"],
        total=p["total"],
        total_text=p["total_text"],
        grade_by_score=graded.grade_by_score if graded else None,
        grade=graded.grade if graded else None,
        grade_notes=graded.notes if graded else (f"不参与排名:{p['reason']}",),
        rank=graded.rank if graded else None,
        notes=p["notes"],
    )
