"""Type-ahead search over the units of a jurisdiction, for the review screen's unit pickers.

A query is one or more words; each must match the unit's name, one of its aliases (简称), its abbreviation
or a unit above it:
- 发改 finds 市发展和改革委员会 (in its name) and 陇西县发改局;
- 市发改委 / 住建局 find 市发展和改革委员会 / 市住房和城乡建设局: an abbreviation keeps the full name's
  characters in order, so it is matched as a subsequence;
- 陇西 发改 finds 陇西县发改局 and every 发改 unit under 陇西县 (a word may name a unit above);
- 环保局 finds 市生态环境局: a short form the engine knows (extractor.match_units) that is not a subsequence.
Only the first `limit` hits are read from the database, so this works for a province-sized tree.
"""

import re

from django.db.models import Q
from django.db.models.functions import Length

from apps.orgs.models import Unit
from extractor import match_units

LIMIT = 15
MAX_WORDS = 4
# a word that names a unit above ("陇西县 发改局") is looked for among these, at most this many of them
PARENT_KINDS = (Unit.Kind.PROVINCE, Unit.Kind.CITY, Unit.Kind.COUNTY, Unit.Kind.TOWNSHIP)
MAX_PARENTS = 30
# a short form is compared with at most this many names that end like it (局, 委, 办)
MAX_SHORT_FORM_NAMES = 5000


def _word(units, word: str) -> Q:
    pattern = ".*".join(re.escape(ch) for ch in word)
    q = Q(name__contains=word) | Q(name__regex=pattern) | Q(aliases__icontains=word)
    parents = units.filter(name__contains=word, kind__in=PARENT_KINDS).values_list("path", flat=True)
    for path in parents[:MAX_PARENTS]:
        q |= Q(path__startswith=path)
    return q


def search(units, query: str, limit: int = LIMIT) -> tuple[list[Unit], bool]:
    """(hits, more): the best `limit` units of `units` for `query`, and whether there are more. Names
    that contain every word come first, then abbreviations and units below a named one; shorter
    (closer) names before longer ones."""
    words = query.split()[:MAX_WORDS]
    if not words:
        return [], False
    named = units
    for word in words:
        named = named.filter(Q(name__contains=word) | Q(aliases__icontains=word))
    rows = list(named.order_by(Length("name"), "path")[: limit + 1])
    if len(rows) <= limit:
        others = units.exclude(id__in=[u.id for u in rows])
        for word in words:
            others = others.filter(_word(units, word))
        rows += list(others.order_by(Length("name"), "path")[: limit + 1 - len(rows)])
    if not rows and len(words) == 1 and len(words[0]) >= 2:
        rows = _short_form(units, words[0])
    return rows[:limit], len(rows) > limit


def _short_form(units, word: str) -> list[Unit]:
    """The unit the engine's unit matcher reads `word` as (环保局 → 市生态环境局), if any."""
    names = list(units.filter(name__endswith=word[-1]).values_list("name", flat=True)[:MAX_SHORT_FORM_NAMES])
    name = match_units([word], names).get(word) if names else None
    return list(units.filter(name=name)) if name else []


def trails(units: list[Unit]) -> dict[int, str]:
    """unit id → the names of the units above it ("定西市 › 陇西县"), with one query for all of them."""
    ids = {i for u in units for i in u.ancestor_ids}
    names = dict(Unit.objects.filter(id__in=ids).values_list("id", "name"))
    out = {}
    for u in units:
        above = u.ancestor_ids[:-1]
        out[u.id] = " › ".join(names[i] for i in above if i in names)
    return out
