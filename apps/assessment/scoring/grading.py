"""Ranks, grades, vetoes and the quota within one group.

Order in a group: the total, high first; then the tie-break dimensions in the scheme's order, high
first; then the unit's name (Python string order, i.e. by code point, not pinyin); then the unit id.
So no two units share a rank. A vetoed unit keeps its place in the ranking; only its grade is capped.

Grades: the first grade (high to low) whose min_score the total reaches, the last grade for any lower
total; then capped by the unit's grade-capping vetoes (the lowest cap wins); then the quota: of the
units holding the quota grade after vetoes, the first `slots` by rank keep it and the others fall to
the grade below it (which their total always reaches, the thresholds falling strictly).
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from apps.assessment.scoring.decimals import fmt

ROUNDING_MODES = {"up": ROUND_CEILING, "down": ROUND_FLOOR, "nearest": ROUND_HALF_UP}
ROUNDING_WORDS = {"up": "向上取整", "down": "向下取整", "nearest": "四舍五入"}


@dataclass(frozen=True)
class Candidate:
    """What grading needs of one ranked unit."""

    unit_id: object
    name: str
    total: Decimal
    dim_points: dict  # {dimension code: points}
    caps: tuple  # grade names its vetoes cap it at


@dataclass(frozen=True)
class Graded:
    rank: int
    grade_by_score: str
    grade: str
    notes: tuple


def id_key(unit_id):
    """Unit ids sort by value within one type (ints numerically), ints before strings."""
    return (isinstance(unit_id, str), unit_id)


def rank_key(candidate: Candidate, tie_break) -> tuple:
    dims = tuple(-candidate.dim_points[code] for code in tie_break)
    return (-candidate.total, *dims, candidate.name, id_key(candidate.unit_id))


def by_score(grades, total: Decimal):
    for grade in grades:
        if total >= grade.min_score:
            return grade, f"按总分 {fmt(total)}:{grade.name}(≥ {fmt(grade.min_score)})"
    last = grades[-1]
    return last, f"按总分 {fmt(total)}:{last.name}"


def quota_slots(quota, ranked_count: int) -> tuple[int, str]:
    raw = Decimal(ranked_count) * quota.percent / 100
    slots = int(raw.quantize(Decimal(1), rounding=ROUNDING_MODES[quota.rounding]))
    text = (
        f"{quota.grade}名额:{ranked_count} × {fmt(quota.percent)}% = {fmt(raw)},"
        f"{ROUNDING_WORDS[quota.rounding]}为 {slots}"
    )
    return slots, text


def grade_group(scheme, candidates) -> tuple[dict, int | None, str]:
    """{unit_id: Graded} for a group's ranked units, the quota slots and the quota text."""
    names = scheme.grade_names()
    ordered = sorted(candidates, key=lambda c: rank_key(c, scheme.tie_break))
    graded, holders = {}, []
    for rank, candidate in enumerate(ordered, start=1):
        grade, note = by_score(scheme.grades, candidate.total)
        notes, final = [note], grade.name
        if candidate.caps:
            cap = max(candidate.caps, key=names.index)  # the lowest grade named
            if names.index(cap) > names.index(final):
                notes.append(f"一票否决:等次最高为 {cap},由 {final} 降为 {cap}")
                final = cap
            else:
                notes.append(f"一票否决:等次最高为 {cap},不影响")
        graded[candidate.unit_id] = (rank, grade.name, final, notes)
        if scheme.quota is not None and final == scheme.quota.grade:
            holders.append(candidate.unit_id)
    slots, quota_text = None, ""
    if scheme.quota is not None:
        slots, quota_text = quota_slots(scheme.quota, len(ordered))
        lower = names[names.index(scheme.quota.grade) + 1]
        for place, unit_id in enumerate(holders, start=1):
            rank, by_grade, final, notes = graded[unit_id]
            if place <= slots:
                notes.append(f"{quota_text};在本组{scheme.quota.grade}中居第 {place} 位,保留 {final}")
            else:
                notes.append(
                    f"{quota_text};在本组{scheme.quota.grade}中居第 {place} 位,超出名额,降为 {lower}"
                )
                final = lower
            graded[unit_id] = (rank, by_grade, final, notes)
    result = {
        uid: Graded(rank, by_grade, final, tuple(notes))
        for uid, (rank, by_grade, final, notes) in graded.items()
    }
    return result, slots, quota_text
