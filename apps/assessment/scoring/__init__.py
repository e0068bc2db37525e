"""The scoring rules of 年督考: pure functions over plain data (no Django, no apps; stdlib only).

API (kept stable for the app; names are the contract):

    from apps.assessment.scoring import Adjustment, Event, Rating, Rule, Scheme, TaskFact, score

    result = score(scheme, tasks, events, ratings, adjustments, unit_names)
    unit = result.unit(unit_id)            # UnitResult: dimensions, lines, total, grade, rank
    result.ranking(group_code)             # ranked UnitResults of one group
    result.to_dict()                       # JSON-ready (Decimals as strings)

Modules:
- facts.py   — TaskFact, Event, Rating, Adjustment: what the gatherer reads from the ledger.
- scheme.py  — Scheme, Group, Dimension, Rule (proportional / per_event / rating / bonus_by_level),
               Veto, Grade, Quota; Scheme.from_dict / to_dict for the stored JSON.
- rules.py   — one function per rule kind over one unit's facts, and a dimension from its rules.
- grading.py — ranks, grades by threshold, veto caps, the quota.
- engine.py  — score(): the whole computation, step by step (its docstring lists the steps).
- result.py  — Result, GroupResult, UnitResult, DimensionResult, Line.
- decimals.py — Decimal conversion, rounding and figures for the texts.

The rules, in short:
- proportional: points × Σ(w·v) / Σw over the unit's lead tasks (w: weights by weight_class, 1 when
  unlisted; v: values by state over done 1, on_track 1, yellow 0.8, red 0.5, overdue 0). No lead task:
  when_no_lead_tasks = "ineligible" (default: not ranked) | "full" | "zero".
- per_event: each event of `kind` (level exactly `level`, and/or at least `min_level`) moves the
  dimension by `points`; a co unit's event counts × scheme.co_share (default 0.5).
- rating: the mean of the unit's ratings for the dimension, each line naming its rater; none → 0.
- bonus_by_level: each event of `kind` whose level is listed gets points_by_level[level] (× co_share).
- a dimension starts from its proportional or rating rule (at most one), else — when all its rules are
  per_event — from its full points; Dimension.start overrides. It is clamped to [floor, cap] and then
  rounded to 2 places, ROUND_HALF_UP. Manual adjustments naming it are added before the clamp.
- bonuses / deductions (outside the dimensions): summed, held to bonus_cap / deduction_cap.
- vetoes: cap_grade caps the grade (and so bars the quota grade above it); deduct takes `points` off
  the total once. Lead events only unless Veto.co_units.
- total: Σ dimensions + bonuses + deductions + adjustments to the total + veto deductions, rounded to
  2 places, ROUND_HALF_UP, not floored.
- grades per group: threshold (high to low), then veto caps, then the quota (slots = ranked units ×
  percent / 100 rounded up / down / nearest); units beyond the slots fall to the next grade.
- rank: total, then the tie_break dimensions, then the unit's name (code-point order), then its id.
- eligibility: a unit with no task (lead or co) in the period is not ranked (不参与排名).
"""

from apps.assessment.scoring.engine import score
from apps.assessment.scoring.facts import Adjustment, Event, Rating, TaskFact
from apps.assessment.scoring.result import DimensionResult, GroupResult, Line, Result, UnitResult
from apps.assessment.scoring.scheme import Dimension, Grade, Group, Quota, Rule, Scheme, Veto

__all__ = [
    "Adjustment",
    "Dimension",
    "DimensionResult",
    "Event",
    "Grade",
    "Group",
    "GroupResult",
    "Line",
    "Quota",
    "Rating",
    "Result",
    "Rule",
    "Scheme",
    "TaskFact",
    "UnitResult",
    "Veto",
    "score",
]
