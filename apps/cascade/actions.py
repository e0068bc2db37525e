"""Writes of 承接落实, each atomic and audited: choose a plan's parent plans, propose links from the matcher
(extractor.align), confirm, reject or add a link (with its relation and, for 量化分解, the share of the
parent target it takes on)."""

import decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.plans.models import Target, Task, TaskUnit
from extractor.align import Item, rank

from .models import PlanParent, TaskLink

Relation, State = TaskLink.Relation, TaskLink.State
TOP = 3


@transaction.atomic
def set_parents(plan, parents, *, actor) -> int:
    """The plan carries down exactly `parents` (each one of access.candidate_parents(plan)). Returns how many
    parent plans it did not carry before."""
    wanted = {p.pk: p for p in parents}
    for link in PlanParent.objects.filter(plan=plan).exclude(parent_id__in=wanted).select_related("parent"):
        audit.record(actor, AuditEvent.Action.UPDATE, plan, {"parents": [str(link.parent), None]})
        TaskLink.objects.filter(task__plan=plan, parent__plan_id=link.parent_id).exclude(
            state=State.ACCEPTED
        ).delete()
        link.delete()
    have = set(PlanParent.objects.filter(plan=plan).values_list("parent_id", flat=True))
    added = [parent for pk, parent in wanted.items() if pk not in have]
    for parent in added:
        audit.create(PlanParent(plan=plan, parent=parent, created_by=actor), ("plan", "parent"), actor=actor)
    return len(added)


def _items(tasks) -> list[Item]:
    out = []
    for task in tasks:
        text = task.plan.source_text[task.source_start : task.source_end] if task.source_end else ""
        out.append(
            Item(
                text=text or f"{task.title}。{task.description}",
                context=task.area.title if task.area_id else "",
                heading=task.area.title if task.area_id else "",
                units=[link.unit.name for link in task.links.all()],
                metrics=[target.metric for target in task.targets.all()],
            )
        )
    return out


def _tasks(plan):
    """The plan's live tasks with what matching reads; each task's `plan` is `plan` itself, so its source
    text is read once, not once per task row."""
    tasks = list(
        Task.objects.filter(plan=plan, archived_at__isnull=True)
        .select_related("area")
        .prefetch_related(
            Prefetch("links", queryset=TaskUnit.objects.select_related("unit")),
            Prefetch("targets", queryset=Target.objects.filter(archived_at__isnull=True)),
        )
        .order_by("area__order", "area_id", "id")
    )
    for task in tasks:
        task.plan = plan
    return tasks


@transaction.atomic
def suggest(plan, *, actor) -> int:
    """Propose, for each task of `plan`, its likeliest parents in each parent plan (replacing the earlier
    proposals; confirmed and rejected links stay as decided). Returns the number of proposals."""
    lowers = _tasks(plan)
    lower_items = _items(lowers)
    decided = set(
        TaskLink.objects.filter(task__plan=plan)
        .exclude(state=State.SUGGESTED)
        .values_list("task_id", "parent_id")
    )
    TaskLink.objects.filter(task__plan=plan, state=State.SUGGESTED).delete()
    new = []
    links = PlanParent.objects.filter(plan=plan).select_related("parent")
    for link in links:
        uppers = _tasks(link.parent)
        for task, found in zip(lowers, rank(_items(uppers), lower_items, TOP), strict=True):
            for j, score in found:
                if (task.pk, uppers[j].pk) not in decided:
                    new.append(TaskLink(task=task, parent=uppers[j], score=score, created_by=actor))
    TaskLink.objects.bulk_create(new)
    now = timezone.now()
    links.update(suggested_at=now)
    audit.record(actor, AuditEvent.Action.UPDATE, plan, {"cascade_suggestions": [None, len(new)]})
    return len(new)


def _validate(link: TaskLink):
    if link.relation not in Relation.values:
        raise ValidationError({"relation": "请选择承接关系"})
    if link.relation == Relation.SHARE:
        if link.parent_target_id is None:
            raise ValidationError({"parent_target": "量化分解须选择分解的上级指标"})
        if link.parent_target.task_id != link.parent_id:
            raise ValidationError({"parent_target": "所选指标不属于该上级任务"})
        if link.share is None or link.share <= 0:
            raise ValidationError({"share": "请填写分解数量（大于 0）"})
    else:
        link.parent_target, link.share = None, None


def parse_share(text: str):
    text = (text or "").strip().replace(",", "")
    if not text:
        return None
    try:
        value = decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise ValidationError({"share": f"分解数量“{text}”不是数字"}) from None
    if not value.is_finite():
        raise ValidationError({"share": f"分解数量“{text}”不是数字"})
    return value


@transaction.atomic
def accept(link: TaskLink, *, relation, parent_target=None, share=None, actor) -> TaskLink:
    """Confirm a link (a proposal, a rejected one reconsidered, or a confirmed one changed)."""
    probe = TaskLink(parent_id=link.parent_id, relation=relation, parent_target=parent_target, share=share)
    _validate(probe)
    data = {"relation": probe.relation, "parent_target": probe.parent_target, "share": probe.share}
    audit.update(
        link,
        {**data, "state": State.ACCEPTED, "decided_by": actor, "decided_at": timezone.now()},
        actor=actor,
    )
    return link


@transaction.atomic
def reject(link: TaskLink, *, actor) -> TaskLink:
    audit.update(
        link, {"state": State.REJECTED, "decided_by": actor, "decided_at": timezone.now()}, actor=actor
    )
    return link


@transaction.atomic
def add(task, parent, *, relation, parent_target=None, share=None, actor) -> TaskLink:
    """A link the coordinator adds by hand (confirmed at once); an existing link of the pair is confirmed."""
    link = TaskLink.objects.filter(task=task, parent=parent).first()
    if link is not None:
        return accept(link, relation=relation, parent_target=parent_target, share=share, actor=actor)
    link = TaskLink(
        task=task,
        parent=parent,
        relation=relation,
        parent_target=parent_target,
        share=share,
        state=State.ACCEPTED,
        created_by=actor,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    _validate(link)
    return audit.create(link, ("task", "parent", "relation", "parent_target", "share"), actor=actor)
