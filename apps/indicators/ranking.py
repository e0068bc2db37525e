"""全市排名, kept on each figure row: the rank of a unit's 累计增速 among the units of the same parent (the 县区
of a city), ties sharing a rank (rules.ranks). Worked out again for the months a write touches, so the
table reads it with the row instead of ranking thousands of units per request. Derived like a task's
status: not audited (the figures it comes from are)."""

from collections import defaultdict

from lib import bulk

from . import rules
from .models import Actual


def refresh(indicator, year: int, months) -> int:
    """Re-rank `indicator`'s figures of `year` in `months`; returns the number of rows whose rank changed."""
    rows = list(
        Actual.objects.filter(
            indicator=indicator,
            year=year,
            month__in=set(months),
            unit__isnull=False,
            unit__parent__isnull=False,
        ).values_list("pk", "month", "unit__parent_id", "growth", "peer_rank", "peers")
    )
    groups = defaultdict(dict)
    for pk, month, parent_id, growth, _rank, _peers in rows:
        groups[(month, parent_id)][pk] = growth
    ranks, sizes = {}, {}
    for values in groups.values():
        ranked = rules.ranks(values)
        ranks.update(ranked)
        sizes.update(dict.fromkeys(values, len(ranked)))
    changed = [
        Actual(pk=pk, peer_rank=ranks.get(pk), peers=sizes[pk])
        for pk, _month, _parent, _growth, rank, peers in rows
        if (rank, peers) != (ranks.get(pk), sizes[pk])
    ]
    bulk.update_rows(Actual, changed, ["peer_rank", "peers"])
    return len(changed)
