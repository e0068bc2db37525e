"""The coverage report of a parent plan over its lower plans (认领是否全面, 四清, numbers that add up), read in
a fixed number of queries whatever the number of plans and tasks:

- per parent task, the lower plans whose confirmed links carry it and those that do not (认领缺口, by the
  lower plan's issuing unit);
- per lower plan, its tasks that carry nothing of the parent plan (new local work: fine, but visible);
- per linked lower task, 四清: 责任 (a lead unit), 数量 (a target with a value), 时间 (a time limit),
  标准 (a target or a dated milestone to check it by);
- per parent target split by 量化分解 links, the sum of the shares against the target ("三县合计 18 万亩,
  市目标 20 万亩, 差 2 万亩").
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch

from apps.plans.models import Milestone, Target, Task, TaskUnit, fmt_number

from .models import TaskLink

# what the report shows of a linked lower task (and its plan, for the 四清 list and the shares)
LOWER_FIELDS = (
    "id",
    "plan_id",
    "code",
    "title",
    "due_date",
    "plan__title",
    "plan__owner_unit__name",
    "plan__owner_unit__path",
)
SIQING = (("lead", "责任"), ("quantity", "数量"), ("deadline", "时间"), ("standard", "标准"))


def _live(queryset):
    return queryset.filter(archived_at__isnull=True)


def _leads():
    return Prefetch(
        "links",
        queryset=TaskUnit.objects.filter(role=TaskUnit.Role.LEAD).select_related("unit"),
        to_attr="leads",
    )


def siqing(task) -> dict:
    """The 四清 of one task (its `leads` and `live_targets` prefetched, `milestone_count` and `has_share` — a
    量化分解 link giving it a share of a parent target — set)."""
    found = {
        "lead": bool(task.leads),
        "quantity": any(t.value is not None for t in task.live_targets) or task.has_share,
        "deadline": task.due_date is not None,
        "standard": bool(task.live_targets) or task.milestone_count > 0,
    }
    found["missing"] = [label for key, label in SIQING if not found[key]]
    return found


def _share_state(target, shares) -> dict:
    total = sum((s["share"] for s in shares), Decimal(0))
    diff = total - target.value
    unit = target.unit
    if diff == 0:
        verdict, state = "分解合计等于上级目标", "ok"
    elif diff < 0:
        verdict, state = f"分解合计比上级目标少 {fmt_number(-diff)}{unit}", "short"
    else:
        verdict, state = f"分解合计超出上级目标 {fmt_number(diff)}{unit}", "over"
    return {
        "target": target,
        "shares": shares,
        "total": f"{fmt_number(total)}{unit}",
        "verdict": verdict,
        "state": state,
    }


def report(parent, children) -> dict:
    children = list(children)
    child_ids = [plan.pk for plan in children]
    targets = Prefetch("targets", queryset=_live(Target.objects.all()), to_attr="live_targets")
    parent_tasks = list(
        _live(Task.objects.filter(plan=parent))
        .select_related("area")
        .prefetch_related(_leads(), targets)
        .order_by("area__order", "area_id", "id")
    )
    carried = TaskLink.objects.filter(
        state=TaskLink.State.ACCEPTED,
        parent__plan=parent,
        parent__archived_at__isnull=True,
        task__plan_id__in=child_ids,
    ).values("task_id")
    in_children = _live(Task.objects.filter(plan_id__in=child_ids))
    linked = {
        task.pk: task
        for task in in_children.filter(pk__in=carried)
        .select_related("plan__owner_unit")
        .only(*LOWER_FIELDS)
        .prefetch_related(
            _leads(), Prefetch("targets", queryset=_live(Target.objects.all()), to_attr="live_targets")
        )
        .order_by("plan__owner_unit__path", "id")
    }
    milestones = dict(
        _live(Milestone.objects.filter(task__in=in_children.filter(pk__in=carried)))
        .values("task_id")
        .annotate(n=Count("id"))
        .values_list("task_id", "n")
    )
    for task in linked.values():
        task.milestone_count = milestones.get(task.pk, 0)
    links = list(
        TaskLink.objects.filter(
            state=TaskLink.State.ACCEPTED,
            parent__plan=parent,
            parent__archived_at__isnull=True,
            task__plan_id__in=child_ids,
            task__archived_at__isnull=True,
        )
        .select_related("parent_target")
        .order_by("task__plan__owner_unit__path", "task_id")
    )
    orphans = defaultdict(list)
    for task in in_children.exclude(pk__in=carried).only("id", "plan_id", "code", "title").order_by("id"):
        orphans[task.plan_id].append(task)

    by_parent = defaultdict(lambda: defaultdict(list))
    shares = defaultdict(list)
    for task in linked.values():
        task.has_share = False
    for link in links:
        link.task = linked[link.task_id]
        link.task.has_share |= link.share is not None
        by_parent[link.parent_id][link.task.plan_id].append(link)
        if link.relation == TaskLink.Relation.SHARE and link.parent_target_id:
            shares[link.parent_target_id].append(
                {"plan": link.task.plan, "task": link.task, "share": link.share}
            )
    rows = []
    for task in parent_tasks:
        claims = by_parent.get(task.pk, {})
        rows.append(
            {
                "task": task,
                "claims": [{"plan": plan, "links": claims.get(plan.pk, [])} for plan in children],
                "missing": [plan for plan in children if plan.pk not in claims],
                "splits": [_share_state(t, shares[t.pk]) for t in task.live_targets if t.pk in shares],
            }
        )
    checks = [{"task": task, **siqing(task)} for task in linked.values()]
    per_plan = []
    for plan in children:
        claimed = sum(1 for claims in by_parent.values() if plan.pk in claims)
        per_plan.append(
            {
                "plan": plan,
                "claimed": claimed,
                "unclaimed": len(rows) - claimed,
                "orphans": orphans.get(plan.pk, []),
            }
        )
    return {
        "parent": parent,
        "children": children,
        "rows": rows,
        "per_plan": per_plan,
        "checks": checks,
        "incomplete": [c for c in checks if c["missing"]],
        "totals": {
            "tasks": len(rows),
            "claimed_by_all": sum(1 for r in rows if children and not r["missing"]),
            "unclaimed": sum(1 for r in rows if len(r["missing"]) == len(children)),
            "linked": len(checks),
            "complete": sum(1 for c in checks if not c["missing"]),
            "split_problems": sum(1 for r in rows for s in r["splits"] if s["state"] != "ok"),
        },
    }
