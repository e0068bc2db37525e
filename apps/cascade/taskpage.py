"""The task page's 承接落实 panel: the parent tasks this task carries down, and — on a parent task — how each
lower plan's linked tasks are doing (status, progress, latest report), for the tasks the user sees. One
query for both (and one for the lower tasks' lead units when there are any)."""

from django.db.models import Prefetch, Q

from apps.plans.access import visible_tasks
from apps.plans.models import TaskUnit

from .models import TaskLink


def context(user, task) -> dict:
    leads = TaskUnit.objects.filter(role=TaskUnit.Role.LEAD).select_related("unit")
    links = list(
        TaskLink.objects.filter(state=TaskLink.State.ACCEPTED)
        .filter(Q(task=task) | Q(parent=task, task__in=visible_tasks(user).values("pk")))
        .select_related("parent__plan__owner_unit", "task__plan__owner_unit", "parent_target")
        .prefetch_related(Prefetch("task__links", queryset=leads, to_attr="leads"))
        .order_by("task__plan__owner_unit__path", "parent__plan_id", "task_id", "parent_id")
    )
    return {
        "cascade_parents": [link for link in links if link.task_id == task.pk],
        "cascade_children": [link for link in links if link.parent_id == task.pk],
    }
