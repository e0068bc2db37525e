"""Finding a unit from what a person wrote (an import cell): by code, by path, or by a name or alias.

Names are not unique (many 县区 have a 城关镇 or a 发改局), so a reference is resolved within a scope (the
importing user's jurisdiction) and a bare name or alias is accepted only when exactly one unit of that
scope has it. Otherwise the caller gets an error naming the candidates, each written as a path that would
resolve, so the person can correct the cell:

- ``91621100MB1234567X`` — a unit's code (统一社会信用代码 or administrative code);
- ``定西市/陇西县/县发改局`` — names (or aliases) from any unit of the scope down, separated by “/”;
- ``市发改委`` — a name or alias that exactly one unit of the scope has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Count

from .models import Unit

PATH_SPLIT_RE = re.compile(r"\s*[/／]\s*")


class UnitNotFound(ValueError):
    pass


class AmbiguousUnit(ValueError):
    def __init__(self, message: str, candidates: list[str]):
        super().__init__(message)
        self.candidates = candidates


class UnitRefs:
    """The units of one scope, indexed for resolving references in memory (one query to build)."""

    def __init__(self, units: Iterable[Unit], above: Iterable[str] = ()):
        # names of the units above the scope: a path may start with them (定西市/… in a county)
        self.above = set(above)
        self.by_id: dict[int, Unit] = {}
        self.by_code: dict[str, Unit] = {}
        self.by_name: dict[str, list[Unit]] = {}
        for unit in units:
            self.by_id[unit.pk] = unit
            if unit.code:
                self.by_code[unit.code] = unit
            for name in dict.fromkeys([unit.name, *(unit.aliases or [])]):
                self.by_name.setdefault(name, []).append(unit)

    @classmethod
    def within(cls, root: Unit) -> UnitRefs:
        above = Unit.objects.filter(id__in=root.ancestor_ids[:-1]).values_list("name", flat=True)
        return cls(Unit.objects.filter(path__startswith=root.path), above)

    def label(self, unit: Unit) -> str:
        """The unit's names from the top of the scope down: 定西市/陇西县/县发改局."""
        return "/".join(self.by_id[i].name for i in unit.ancestor_ids if i in self.by_id)

    def reference(self, unit: Unit) -> str:
        """The shortest text that resolves to `unit` again: its name if no other unit has it, else its
        code, else its path."""
        if len(self.by_name.get(unit.name, [])) == 1:
            return unit.name
        return unit.code or self.label(unit)

    def resolve(self, ref: str) -> Unit:
        ref = ref.strip()
        if ref in self.by_code:
            return self.by_code[ref]
        # a name may itself contain “/”, so a whole reference that is a name is read as that name
        steps = [ref] if ref in self.by_name else [s for s in PATH_SPLIT_RE.split(ref) if s]
        while len(steps) > 1 and steps[0] in self.above and steps[0] not in self.by_name:
            steps = steps[1:]
        if not steps:
            raise UnitNotFound("单位不能为空")
        found = self.by_name.get(steps[0], [])
        for step in steps[1:]:
            found = [u for u in self.by_name.get(step, []) if u.parent_id in {p.pk for p in found}]
        if not found:
            raise UnitNotFound(f"单位“{ref}”不存在")
        if len(found) > 1:
            active = [u for u in found if u.archived_at is None]
            if len(active) == 1:
                return active[0]
            candidates = sorted(self.label(u) for u in found)
            raise AmbiguousUnit(
                f"单位“{ref}”有 {len(found)} 个同名单位：{'、'.join(candidates)}；请填写单位代码或完整路径",
                candidates,
            )
        return found[0]


def references(unit_ids: Iterable[int]) -> dict[int, str]:
    """unit id → text that an import resolves back to that unit anywhere in the tree: its name when no
    other unit has that name, else its code, else its path from the top (two queries)."""
    units = {u.pk: u for u in Unit.objects.filter(id__in=set(unit_ids)).only("id", "name", "code", "path")}
    names = {u.name for u in units.values()}
    shared = {
        name
        for name, n in Unit.objects.filter(name__in=names)
        .values_list("name")
        .annotate(n=Count("id"))
        .values_list("name", "n")
        if n > 1
    }
    needs_path = [u for u in units.values() if u.name in shared and not u.code]
    ancestors = {i for u in needs_path for i in u.ancestor_ids}
    trail = dict(Unit.objects.filter(id__in=ancestors).values_list("id", "name")) if ancestors else {}
    out = {}
    for pk, unit in units.items():
        if unit.name not in shared:
            out[pk] = unit.name
        else:
            out[pk] = unit.code or "/".join(trail[i] for i in unit.ancestor_ids)
    return out
