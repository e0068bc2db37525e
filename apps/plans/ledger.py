"""The ledger (台账) query: one plan's visible tasks, filtered, searched and sorted."""

import datetime

from django.db.models import Prefetch, Q

from .access import can_lead_tasks, filter_units, visible_tasks
from .forms import LedgerFilterForm
from .models import Milestone, Target, TaskUnit

SORT_FIELDS = {
    "": ("area__order", "area_id", "id"),
    "code": ("code", "id"),
    "due_date": ("due_date", "id"),
    "-due_date": ("-due_date", "-id"),
    "priority": ("priority", "due_date", "id"),
    "title": ("title", "id"),
}


def month_range(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, month, 1)
    end = datetime.date(year + month // 12, month % 12 + 1, 1)
    return start, end


def ledger_tasks(user, plan, filters: dict):
    """`plan` None means every plan the user sees (the API's task list)."""
    tasks = visible_tasks(user)
    if plan is not None:
        tasks = tasks.filter(plan=plan)
    for word in (filters.get("q") or "").split():
        tasks = tasks.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(code__icontains=word)
            | Q(leader=word)
        )
    if filters.get("area"):
        tasks = tasks.filter(area=filters["area"])
    if filters.get("unit") and filters.get("owner"):  # 主责: the task's first lead unit is there
        tasks = tasks.with_first_lead(filters["unit"].subtree_ids())
    elif filters.get("unit"):
        tasks = tasks.with_unit(filters["unit"].subtree_ids())
    if filters.get("mine"):
        tasks = tasks.filter(leader_user=user)
    if filters.get("leader"):
        tasks = tasks.filter(leader=filters["leader"])
    if filters.get("status"):
        tasks = tasks.filter(status=filters["status"])
    if filters.get("rag"):
        tasks = tasks.filter(rag=filters["rag"])
    if filters.get("kind"):
        tasks = tasks.filter(kind=filters["kind"])
    if filters.get("due_month"):
        start, end = month_range(*filters["due_month"])
        tasks = tasks.filter(due_date__gte=start, due_date__lt=end)
    return tasks.order_by(*SORT_FIELDS[filters.get("sort") or ""])


def with_details(tasks):
    """Everything a ledger row shows, in a fixed number of queries whatever the page size."""
    return tasks.select_related("area").prefetch_related(
        Prefetch("links", queryset=TaskUnit.objects.select_related("unit")),
        Prefetch("targets", queryset=Target.objects.filter(archived_at__isnull=True)),
        Prefetch("milestones", queryset=Milestone.objects.filter(archived_at__isnull=True)),
    )


def filter_form(user, plan, data) -> LedgerFilterForm:
    """The ledger's filter form for the query `data` (a QueryDict), validated: the page and the export
    apply its `cleaned_data` — an invalid filter is dropped, the valid ones still apply."""
    leaders = (
        ledger_tasks(user, plan, {}).exclude(leader="").order_by("leader").values_list("leader", flat=True)
    ).distinct()
    form = LedgerFilterForm(
        data or None, plan=plan, units=filter_units(user), leaders=list(leaders), mine=can_lead_tasks(user)
    )
    form.is_valid()
    return form


def ledger_filters(user, plan, data) -> dict:
    form = filter_form(user, plan, data)
    return form.cleaned_data if form.is_bound else {}
