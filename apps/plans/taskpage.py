"""What the task page shows of the task itself: its units, targets and milestones, the sentence it was
extracted from, and its history (its own audit rows and those of its targets and milestones)."""

from django.db.models import Prefetch, Q, prefetch_related_objects

from apps.audit.models import AuditEvent

from .access import can_manage_plan, can_report_on_task
from .models import Milestone, Target, TaskUnit


def context(user, task) -> dict:
    prefetch_related_objects(
        [task],
        Prefetch("links", queryset=TaskUnit.objects.select_related("unit")),
        Prefetch("targets", queryset=Target.objects.filter(archived_at__isnull=True)),
        Prefetch("milestones", queryset=Milestone.objects.filter(archived_at__isnull=True)),
    )
    for target in task.targets.all():  # the sentence each target was extracted from
        if target.source_start is not None and task.plan.source_text:
            target.source = task.plan.source_text[target.source_start : target.source_end]
    source = None
    if task.source_start is not None and task.plan.source_text:
        text = task.plan.source_text
        source = {
            "before": text[max(0, task.source_start - 80) : task.source_start],
            "span": text[task.source_start : task.source_end],
            "after": text[task.source_end : task.source_end + 80],
        }
    return {
        "task": task,
        "history": history(task),
        "source": source,
        "can_manage": can_manage_plan(user, task.plan),
        "can_report": can_report_on_task(user, task),
    }


def history(task):
    """The task's own audit rows and those of its targets and milestones, newest first."""
    target_ids = Target.objects.filter(task=task).values("id")  # subqueries of the one query
    milestone_ids = Milestone.objects.filter(task=task).values("id")
    return (
        AuditEvent.objects.filter(
            Q(object_type="task", object_id=task.pk)
            | Q(object_type="target", object_id__in=target_ids)
            | Q(object_type="milestone", object_id__in=milestone_ids)
        )
        .select_related("actor")
        .order_by("-at", "-id")[:200]
    )
