"""The task page's 承接落实 panel: the parent tasks this task carries down, and — on a parent task — how each
lower plan's linked tasks are doing (status, progress, latest report), for the tasks the user sees."""

from django.db.models import Prefetch

from apps.plans.models import TaskUnit

from .access import visible_child_links
from .models import TaskLink


def context(user, task) -> dict:
    parents = (
        TaskLink.objects.filter(task=task, state=TaskLink.State.ACCEPTED)
        .select_related("parent__plan__owner_unit", "parent_target")
        .order_by("parent__plan_id", "parent_id")
    )
    leads = TaskUnit.objects.filter(role=TaskUnit.Role.LEAD).select_related("unit")
    children = (
        visible_child_links(user, task)
        .select_related("task__plan__owner_unit", "parent_target")
        .prefetch_related(Prefetch("task__links", queryset=leads, to_attr="leads"))
        .order_by("task__plan__owner_unit__path", "task_id")
    )
    return {"cascade_parents": list(parents), "cascade_children": list(children)}
