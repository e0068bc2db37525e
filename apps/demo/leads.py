"""What the demo's reviewing coordinator does on the review screen: give a task the engine found no unit
for a lead unit by its subject, and name the counties its text mentions as co-operating units.

The subject is read from the task's title first (the title states the work: 健全就业公共服务体系 is
about employment even when its sentence goes on about education), then from its whole text; of the
subjects found, the one written first wins, the longer word on a tie (主题教育 before 教育)."""

import re

from apps.plans import actions
from apps.plans.ledger import with_details

from . import data


def _first(text: str, subjects) -> tuple | None:
    best = None
    for words, department in subjects:
        for word in words.split():
            at = text.find(word)
            if at >= 0 and (best is None or (at, -len(word)) < best[:2]):
                best = (at, -len(word), department)
    return best


def department_for(title: str, text: str) -> str | None:
    """The department key (data.SUBJECTS) of a task's subject, or None when neither title nor text
    states one."""
    for part in (title, text):
        found = _first(part or "", data.SUBJECTS)
        if found:
            return found[2]
    return None


def lead_unit_name(title: str, text: str, county: str | None = None) -> str | None:
    """The unit to lead a task: the city department of its subject, or for a county plan (`county`
    its name) the county's own department."""
    department = department_for(title, text)
    if department is None:
        return None
    if county is None:
        return data.CITY_UNITS[department]
    suffix = data.COUNTY_UNITS.get(department)
    return county + suffix if suffix else None


def counties_mentioned(text: str) -> list[str]:
    """The counties a task's text names, in the order written (陇西5.6级地震灾后恢复重建 → 陇西县)."""
    found = []
    for county, names in data.COUNTY_MENTIONS.items():
        positions = [m.start() for name in names for m in re.finditer(re.escape(name), text)]
        if positions:
            found.append((min(positions), county))
    return [county for _, county in sorted(found)]


def link_leader(plan, leader, *, every: int, actor) -> int:
    """The demo's 分管: `leader` (a 领导) is the responsible leader of every `every`-th task of the plan,
    set as the coordinator sets it on the task form; returns the number of tasks."""
    tasks = with_details(plan.tasks.filter(archived_at__isnull=True)).order_by("id")[::every]
    for task in tasks:
        actions.update_task(task, {"leader_user": leader}, task.lead_units, task.co_units, actor=actor)
    return len(tasks)
