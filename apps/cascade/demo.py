"""Demo 承接落实: the 陇西县 plan (seed 001, a 县委深改委 speech held after the city's) carries down the city's
全面深化改革 plan (seed 000). The county coordinator chooses the parent plan, has luoshi propose links, and
confirms each task's best proposal when it is a close match (as a reviewer would at a glance); the weaker
proposals stay 待确认 for the demo's coordinator to decide. apps/demo calls `load(county_plan, city_plan)`."""

from apps.orgs.models import User

from . import actions
from .models import TaskLink

CONFIRM_AT = 0.45


def load(county_plan, city_plan, *, coordinator: User) -> None:
    actions.set_parents(county_plan, [city_plan], actor=coordinator)
    actions.suggest(county_plan, actor=coordinator)
    best = {}
    for link in TaskLink.objects.filter(task__plan=county_plan).order_by("task_id", "-score"):
        best.setdefault(link.task_id, link)
    for link in best.values():
        if link.score >= CONFIRM_AT:
            actions.accept(link, relation=TaskLink.Relation.TAKE_ON, actor=coordinator)
