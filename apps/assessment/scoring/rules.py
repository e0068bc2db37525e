"""The rule kinds, one function each, over one unit's facts; and a dimension computed from its rules.

Each function returns the Lines it adds (see result.py). Nothing here rounds: a dimension's value is
rounded once, in `dimension()`, after the clamp; the total once, in engine.py.
"""

from decimal import Decimal

from apps.assessment.scoring import result
from apps.assessment.scoring.decimals import ONE, ZERO, cents, fmt, fmt_cents, signed
from apps.assessment.scoring.facts import CO, LEAD, LEVEL_LABELS, STATE_LABELS
from apps.assessment.scoring.result import DimensionResult, Line
from apps.assessment.scoring.scheme import (
    BONUS_BY_LEVEL,
    CAP_GRADE,
    NO_LEAD_FULL,
    NO_LEAD_INELIGIBLE,
    PER_EVENT,
    PROPORTIONAL,
    RATING,
    Dimension,
    Rule,
)


def share_of(event, co_share: Decimal) -> Decimal:
    """What one event counts for: 1 for the lead unit, the scheme's co_share for a co unit."""
    return co_share if event.role == CO else ONE


def _shared_text(label: str, points: Decimal, share: Decimal) -> str:
    if share == ONE:
        return f"{label} {signed(points)}"
    return f"{label}(协办){signed(points)} × {fmt(share)} = {signed(points * share)}"


def proportional(rule: Rule, dim: Dimension, tasks) -> tuple[list[Line], bool]:
    """points × Σ(w·v) / Σw over the unit's lead tasks; one term line per task, then the formula line.

    Returns the lines and whether the rule applied: a unit with no lead task of positive weight gets what
    `rule.when_no_lead_tasks` says (ineligible: 0 and not ranked; full: the points; zero: 0).
    """
    name = rule.name or dim.name
    lines, sum_w, sum_wv = [], ZERO, ZERO
    for task in tasks:
        if task.role != LEAD:
            continue
        weight, value = rule.weight(task.weight_class), rule.value(task.state)
        sum_w += weight
        sum_wv += weight * value
        text = f"{task.weight_class} 权重 {fmt(weight)} × {STATE_LABELS[task.state]} {fmt(value)} = {fmt(weight * value)}"
        lines.append(Line(result.TASK, name, task.ref, task.label, None, text))
    if sum_w > 0:
        delta = dim.points * sum_wv / sum_w
        text = f"{fmt(dim.points)} × {fmt(sum_wv)} / {fmt(sum_w)} = {fmt_cents(delta)}"
        return lines + [Line(result.PROPORTIONAL, name, "", "", delta, text)], True
    if rule.when_no_lead_tasks == NO_LEAD_FULL:
        return lines + [
            Line(result.PROPORTIONAL, name, "", "", dim.points, f"无牵头任务,按满分计 {fmt(dim.points)}")
        ], True
    if rule.when_no_lead_tasks == NO_LEAD_INELIGIBLE:
        return lines + [Line(result.PROPORTIONAL, name, "", "", ZERO, "无牵头任务,不参与排名")], False
    return lines + [Line(result.PROPORTIONAL, name, "", "", ZERO, "无牵头任务,计 0")], True


def per_event(rule: Rule, events, co_share: Decimal) -> list[Line]:
    """One line per matching event: the rule's points, × co_share for a co unit's event."""
    lines = []
    for event in events:
        if rule.matches(event):
            share = share_of(event, co_share)
            text = _shared_text(rule.label, rule.points, share)
            lines.append(
                Line(result.EVENT, rule.label, event.ref, event.label, rule.points * share, text, event.day)
            )
    return lines


def bonus_by_level(rule: Rule, events, co_share: Decimal) -> list[Line]:
    """One line per event of the kind whose level the rule lists (others count nothing and show nothing)."""
    lines = []
    for event in events:
        if event.kind != rule.kind or event.level not in rule.points_by_level:
            continue
        points, share = rule.points_by_level[event.level], share_of(event, co_share)
        label = f"{rule.label} {LEVEL_LABELS.get(event.level, f'{event.level}级')}"
        lines.append(
            Line(
                result.EVENT,
                rule.label,
                event.ref,
                event.label,
                points * share,
                _shared_text(label, points, share),
                event.day,
            )
        )
    return lines


def rating(rule: Rule, dim: Dimension, ratings) -> tuple[list[Line], list[str]]:
    """The mean of the unit's ratings for the dimension, each shown with its rater; no rating counts 0."""
    name = rule.name or dim.name
    if not ratings:
        return [Line(result.RATING, name, "", "", ZERO, "未评分,计 0")], [f"{dim.name}:未评分"]
    if len(ratings) == 1:
        only = ratings[0]
        return [
            Line(result.RATING, name, "", only.rater, only.points, f"{only.rater} 评分 {fmt(only.points)}")
        ], []
    lines = [Line(result.RATER, name, "", r.rater, None, f"{r.rater} 评分 {fmt(r.points)}") for r in ratings]
    total = sum((r.points for r in ratings), ZERO)
    mean = total / len(ratings)
    text = f"({' + '.join(fmt(r.points) for r in ratings)}) / {len(ratings)} = {fmt_cents(mean)}"
    return lines + [Line(result.RATING, name, "", "", mean, text)], []


def event_rule(rule: Rule, events, co_share: Decimal) -> list[Line]:
    """A per_event or bonus_by_level rule, as used by dimensions, bonuses and deductions alike."""
    if rule.type == PER_EVENT:
        return per_event(rule, events, co_share)
    if rule.type == BONUS_BY_LEVEL:
        return bonus_by_level(rule, events, co_share)
    raise ValueError(f"{rule.label}:不是按次或按级别的规则")


def adjustment_line(adj) -> Line:
    return Line(
        result.ADJUSTMENT,
        "人工调整",
        adj.ref,
        adj.reason,
        adj.points,
        f"人工调整 {signed(adj.points)}:{adj.reason}",
    )


def dimension(
    dim: Dimension, tasks, events, ratings, adjustments, co_share
) -> tuple[DimensionResult, bool, list]:
    """A dimension's lines and value: start (full points for a deduction dimension), each rule's lines,
    the manual adjustments to it, then the clamp to [floor, cap]; the value is rounded to 2 places last.

    Returns the result, whether the unit may be ranked on it (False: proportional without lead tasks,
    under "ineligible") and notes for the coordinator.
    """
    lines, applicable, notes = [], True, []
    if dim.starts_full:
        lines.append(Line(result.START, dim.name, "", "", dim.points, f"满分 {fmt(dim.points)}"))
    for rule in dim.rules:
        if rule.type == PROPORTIONAL:
            rule_lines, applicable = proportional(rule, dim, tasks)
        elif rule.type == RATING:
            rule_lines, rule_notes = rating(rule, dim, ratings)
            notes += rule_notes
        else:
            rule_lines = event_rule(rule, events, co_share)
        lines += rule_lines
    lines += [adjustment_line(adj) for adj in adjustments]
    value = sum((line.delta for line in lines if line.delta is not None), ZERO)
    if value < dim.floor:
        text = f"不低于下限 {fmt(dim.floor)}:{fmt_cents(value)} → {fmt(dim.floor)}"
        lines.append(Line(result.CLAMP, dim.name, "", "", dim.floor - value, text))
        value = dim.floor
    elif value > dim.cap:
        text = f"不超过上限 {fmt(dim.cap)}:{fmt_cents(value)} → {fmt(dim.cap)}"
        lines.append(Line(result.CLAMP, dim.name, "", "", dim.cap - value, text))
        value = dim.cap
    return DimensionResult(dim.code, dim.name, dim.points, cents(value), tuple(lines)), applicable, notes


def capped(lines: list[Line], cap: Decimal | None, what: str, sign: int) -> tuple[list[Line], Decimal]:
    """Bonuses (sign +1) or deductions (sign -1) summed and held to their cap (a magnitude; None = none)."""
    total = sum((line.delta for line in lines), ZERO)
    if cap is not None and total * sign > cap:
        limit = cap * sign
        text = f"{what}合计 {signed(total)},以 {signed(limit)} 为限"
        lines = lines + [Line(result.CAP, what, "", "", limit - total, text)]
        total = limit
    return lines, total


def vetoes(scheme_vetoes, events, co_share) -> tuple[list[Line], list[str], Decimal]:
    """The vetoes the unit's events trigger: their lines, the grades they cap at, the total they deduct.

    A deducting veto deducts once however many events match (the first lead event carries it, else the
    first co event, × co_share); the other matching events are listed with no delta.
    """
    lines, caps, deducted = [], [], ZERO
    for veto in scheme_vetoes:
        matching = [event for event in events if veto.matches(event)]
        if not matching:
            continue
        if veto.effect == CAP_GRADE:
            caps.append(veto.grade)
            text = f"{veto.label}:等次最高为 {veto.grade}"
            lines += [Line(result.VETO, veto.label, e.ref, e.label, None, text, e.day) for e in matching]
            continue
        carrier = next((e for e in matching if e.role == LEAD), matching[0])
        for event in matching:
            if event is carrier:
                share = share_of(event, co_share)
                delta = -abs(veto.points) * share
                lines.append(
                    Line(result.VETO, veto.label, event.ref, event.label, delta,
                         _shared_text(veto.label, -abs(veto.points), share), event.day)
                )  # fmt: skip
                deducted += delta
            else:
                text = f"{veto.label}(已否决,不重复扣分)"
                lines.append(Line(result.VETO, veto.label, event.ref, event.label, None, text, event.day))
    return lines, caps, deducted
