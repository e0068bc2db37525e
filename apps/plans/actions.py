"""Writes to plans, areas, tasks, targets and milestones. Each is atomic and leaves an audit row."""

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.audit import actions as audit

from .access import is_plan_leader
from .models import Plan, Task, TaskUnit
from .signals import plan_published, task_archived, task_restored


def unit_names(units) -> list[str]:
    return [u.name for u in units]


def check_units(lead_units, co_units) -> None:
    """The rule on a task's units, for the form, the API, the Excel import and the actions alike: at
    least one lead unit, no archived unit, and a unit is lead or co-operating, not both. ValidationError
    keyed by field."""
    if not lead_units:
        raise ValidationError({"lead_units": "至少指定一个牵头单位"})
    for field, units in (("lead_units", lead_units), ("co_units", co_units)):
        if archived := [u.name for u in units if u.archived_at is not None]:
            raise ValidationError({field: "单位已归档，不能再指定：" + "、".join(archived)})
    both = [u.name for u in dict.fromkeys(lead_units) if u in set(co_units)]
    if both:
        raise ValidationError({"co_units": "同一单位不能既是牵头单位又是配合单位：" + "、".join(both)})


def link_leader(task: Task, data: dict) -> dict:
    """`data` (a task's new field values) with its 责任领导 made consistent, for the form, the API, the
    Excel import and the actions alike: an account (`leader_user`) must be a 领导 of the plan's
    jurisdiction and gives the name shown (`leader`); a new name alone, not the linked account's, unlinks
    it (a leader without an account is a name only). ValidationError keyed by field."""
    if "leader_user" not in data and "leader" not in data:
        return data
    user = data.get("leader_user", task.leader_user)
    text = data.get("leader", task.leader)
    if "leader_user" not in data and user is not None and text != str(user):
        user = None
    if user is not None:
        if user.pk != task.leader_user_id and not is_plan_leader(task.plan, user):
            raise ValidationError({"leader_user": f"“{user}”不是本辖区的领导，不能作为责任领导"})
        text = str(user)
    return {**data, "leader_user": user, "leader": text}


def _set_links(task: Task, lead_units, co_units) -> dict:
    """Replace the task's lead/co units when they differ; return the audit diff of the names."""
    lead_units = list(dict.fromkeys(lead_units))
    co_units = [u for u in dict.fromkeys(co_units) if u not in lead_units]
    links = list(task.links.select_related("unit"))
    before = {
        "lead_units": [link.unit.name for link in links if link.role == TaskUnit.Role.LEAD],
        "co_units": [link.unit.name for link in links if link.role == TaskUnit.Role.CO],
    }
    after = {"lead_units": unit_names(lead_units), "co_units": unit_names(co_units)}
    if before == after:
        return {}
    TaskUnit.objects.filter(task=task).delete()
    TaskUnit.objects.bulk_create(
        [TaskUnit(task=task, unit=u, role=TaskUnit.Role.LEAD, order=i) for i, u in enumerate(lead_units)]
        + [TaskUnit(task=task, unit=u, role=TaskUnit.Role.CO, order=i) for i, u in enumerate(co_units)]
    )
    if hasattr(task, "_prefetched_objects_cache"):
        task._prefetched_objects_cache.pop("links", None)
    return {k: [before[k], after[k]] for k in before if before[k] != after[k]}


@transaction.atomic
def create_task(task: Task, lead_units, co_units, *, actor) -> Task:
    check_units(lead_units, co_units)
    for field, value in link_leader(
        Task(plan=task.plan), {"leader_user": task.leader_user, "leader": task.leader}
    ).items():
        setattr(task, field, value)
    task.full_clean()
    task.save()
    changes = {
        f: [None, v] for f, v in audit.snapshot(task, Task.AUDIT_FIELDS).items() if v not in (None, "")
    }
    changes.update(_set_links(task, lead_units, co_units))
    audit.record(actor, audit.AuditEvent.Action.CREATE, task, changes)
    return task


@transaction.atomic
def update_task(task: Task, data: dict, lead_units, co_units, *, actor) -> dict:
    check_units(lead_units, co_units)
    return audit.update(
        task, link_leader(task, data), actor=actor, extra_changes=_set_links(task, lead_units, co_units)
    )


@transaction.atomic
def update_plan(plan: Plan, changes: dict, *, actor) -> dict:
    """Change a plan's fields; a draft whose status becomes 已发布 tells the apps above (承接落实 proposes links)."""
    was_published = plan.status == Plan.Status.PUBLISHED
    diff = audit.update(plan, changes, actor=actor)
    if plan.status == Plan.Status.PUBLISHED and not was_published:
        plan_published.send(sender=Plan, plan=plan, actor=actor)
    return diff


@transaction.atomic
def archive_task(task: Task, *, actor) -> Task:
    """Archive the task; the apps above close what waits on it (its open reports and notices)."""
    if task.archived_at is None:
        audit.archive(task, actor=actor)
        task_archived.send(sender=Task, task=task, actor=actor)
    return task


@transaction.atomic
def restore_task(task: Task, *, actor) -> Task:
    if task.archived_at is not None:
        audit.restore(task, actor=actor)
        task_restored.send(sender=Task, task=task, actor=actor)
    return task
