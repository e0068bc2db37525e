"""承接落实 over JSON, with the pages' permissions and actions: a plan's parent plans (read, set), its task
links with their proposals (list, generate, confirm / reject, add) and a parent plan's coverage report."""

import decimal
from typing import Literal

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status

from apps.orgs.schemas import Id
from apps.plans.models import Target

from . import actions, coverage, jobs
from .access import (
    candidate_parents,
    get_link_for_user,
    get_lower_plan_for_user,
    get_parent_plan_for_user,
    get_parent_task_for_user,
    visible_children,
)
from .models import PlanParent, TaskLink

router = Router(tags=["承接落实"])


class LinkOut(Schema):
    id: int
    task_id: int
    parent_id: int
    parent_plan_id: int
    relation: str
    state: str
    score: float | None
    parent_target_id: int | None
    share: decimal.Decimal | None

    @staticmethod
    def resolve_parent_plan_id(obj):
        return obj.parent.plan_id


class ParentsIn(Schema):
    parents: list[Id]


class DecisionIn(Schema):
    decision: Literal["accept", "reject"]
    relation: Literal["take_on", "refine", "share"] = "take_on"
    parent_target_id: Id | None = None
    share: decimal.Decimal | None = None


class LinkIn(Schema):
    task_id: Id
    parent_id: Id
    relation: Literal["take_on", "refine", "share"] = "take_on"
    parent_target_id: Id | None = None
    share: decimal.Decimal | None = None


class SplitOut(Schema):
    target_id: int
    total: str
    verdict: str
    state: str


class CoverageRowOut(Schema):
    task_id: int
    claimed_by: list[int]
    missing: list[int]
    splits: list[SplitOut]


class CoverageOut(Schema):
    plan_id: int
    children: list[int]
    totals: dict
    rows: list[CoverageRowOut]
    orphans: dict[int, list[int]]
    incomplete: dict[int, list[str]]


def _target(link_parent_id, target_id):
    if target_id is None:
        return None
    target = Target.objects.filter(pk=target_id, task_id=link_parent_id, archived_at__isnull=True).first()
    if target is None:
        raise ValidationError({"parent_target": "所选指标不属于该上级任务"})
    return target


@router.get("/plans/{plan_id}/parents", response=list[int])
def plan_parents(request, plan_id: Id):
    plan = get_lower_plan_for_user(request.user, plan_id)
    return list(PlanParent.objects.filter(plan=plan).values_list("parent_id", flat=True))


@router.put("/plans/{plan_id}/parents", response=list[int])
def set_plan_parents(request, plan_id: Id, payload: ParentsIn):
    plan = get_lower_plan_for_user(request.user, plan_id, manage=True)
    parents = list(candidate_parents(plan).filter(pk__in=payload.parents))
    if len(parents) != len(set(payload.parents)):
        raise ValidationError({"parents": "只能选择本单位或上级单位发布的计划"})
    if actions.set_parents(plan, parents, actor=request.user):
        jobs.queue_suggest(plan, request.user)  # a new parent plan: its links proposed in the background
    return [p.pk for p in parents]


@router.get("/plans/{plan_id}/cascade-links", response=list[LinkOut])
def plan_links(request, plan_id: Id):
    plan = get_lower_plan_for_user(request.user, plan_id)
    return (
        TaskLink.objects.filter(task__plan=plan).select_related("parent").order_by("task_id", "-score", "id")
    )


@router.post("/plans/{plan_id}/cascade-links/suggest", response=list[LinkOut])
def suggest(request, plan_id: Id):
    plan = get_lower_plan_for_user(request.user, plan_id, manage=True)
    if not PlanParent.objects.filter(plan=plan).exists():
        raise ValidationError({"parents": "请先选择承接的上级计划"})
    actions.suggest(plan, actor=request.user)
    return TaskLink.objects.filter(task__plan=plan, state=TaskLink.State.SUGGESTED).select_related("parent")


@router.post("/plans/{plan_id}/cascade-links", response={201: LinkOut})
def add_link(request, plan_id: Id, payload: LinkIn):
    plan = get_lower_plan_for_user(request.user, plan_id, manage=True)
    task = plan.tasks.filter(pk=payload.task_id, archived_at__isnull=True).first()
    if task is None:
        raise ValidationError({"task_id": "任务不属于该计划"})
    parent = get_parent_task_for_user(request.user, plan, payload.parent_id)
    link = actions.add(
        task,
        parent,
        relation=payload.relation,
        parent_target=_target(parent.pk, payload.parent_target_id),
        share=payload.share,
        actor=request.user,
    )
    return Status(201, link)


@router.post("/cascade-links/{link_id}/decide", response=LinkOut)
def decide(request, link_id: Id, payload: DecisionIn):
    link = get_link_for_user(request.user, link_id, manage=True)
    if payload.decision == "reject":
        return actions.reject(link, actor=request.user)
    target = _target(link.parent_id, payload.parent_target_id)
    return actions.accept(
        link, relation=payload.relation, parent_target=target, share=payload.share, actor=request.user
    )


@router.get("/plans/{plan_id}/coverage", response=CoverageOut)
def plan_coverage(request, plan_id: Id):
    parent = get_parent_plan_for_user(request.user, plan_id)
    report = coverage.report(
        parent, visible_children(request.user, parent).order_by("owner_unit__path", "id")
    )
    return {
        "plan_id": parent.pk,
        "children": [p.pk for p in report["children"]],
        "totals": report["totals"],
        "rows": [
            {
                "task_id": row["task"].pk,
                "claimed_by": [c["plan"].pk for c in row["claims"] if c["links"]],
                "missing": [p.pk for p in row["missing"]],
                "splits": [
                    {
                        "target_id": s["target"].pk,
                        "total": s["total"],
                        "verdict": s["verdict"],
                        "state": s["state"],
                    }
                    for s in row["splits"]
                ],
            }
            for row in report["rows"]
        ],
        "orphans": {e["plan"].pk: [t.pk for t in e["orphans"]] for e in report["per_plan"]},
        "incomplete": {c["task"].pk: c["missing"] for c in report["incomplete"]},
    }
