"""What the assessment (年督考) reads of the 典型经验 library: plain tuples, no model objects, so its
bonus rule (经验推广 at 县/市/省/国家 level) stays a pure function over plain data."""

import datetime

from django.db.models import Max

from .models import Case, Promotion


def promoted_cases(year: int, unit_ids) -> list[tuple[int, int, int, str, datetime.date]]:
    """(unit_id, level 1..4, case id, title, day promoted) for each accepted case of `unit_ids` promoted
    during `year`: the highest level it reached that year and the day it did. A case promoted to 市 in
    one year and to 省 the next counts 市 in the first and 省 in the second. Ordered by unit, level
    (highest first), day, case id. Two queries however many units."""
    promotions = Promotion.objects.filter(
        case__unit_id__in=list(unit_ids),
        case__status=Case.Status.ACCEPTED,
        promoted_on__year=year,
    )
    top = dict(promotions.values("case_id").annotate(top=Max("level")).values_list("case_id", "top"))
    rows = {}
    for case_id, unit_id, title, level, day in promotions.filter(case_id__in=list(top)).values_list(
        "case_id", "case__unit_id", "case__title", "level", "promoted_on"
    ):
        if level == top[case_id] and (case_id not in rows or day < rows[case_id][4]):
            rows[case_id] = (unit_id, level, case_id, title, day)
    return sorted(rows.values(), key=lambda r: (r[0], -r[1], r[4], r[2]))
