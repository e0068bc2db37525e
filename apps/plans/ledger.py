"""The ledger (台账) query: one plan's visible tasks, filtered, searched and sorted."""

import datetime

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, Window
from django.db.models.functions import Length

from .access import can_lead_tasks, filter_units, visible_plan_tasks, visible_tasks
from .forms import LedgerFilterForm
from .models import Milestone, Target, Task, TaskUnit
from .search import text_contains

PAGE_SIZE = 50
MAX_PAGE = 10**9  # a larger page number is simply past the end
UNIT_HITS = 30  # the unit filter's search lists at most this many units

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
    tasks = visible_tasks(user) if plan is None else visible_plan_tasks(user, plan)
    for word in (filters.get("q") or "").split():
        tasks = tasks.filter(text_contains(word, tasks.db, plan) | Q(leader=word))
    if filters.get("area"):
        tasks = tasks.filter(area=filters["area"])
    if filters.get("unit") and filters.get("owner"):  # 主责: the task's first lead unit is there
        tasks = tasks.with_first_lead_under(filters["unit"].path)
    elif filters.get("unit"):
        tasks = tasks.under(filters["unit"].path)
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


def ledger_page(tasks, number, per_page=PAGE_SIZE):
    """Page `number` of `tasks` (a Paginator's page; an invalid or too large number gives the first or the
    last page) with its rows' details. Two steps: the page's ids in order with the total (COUNT(*) OVER ()),
    read from the task_live_by_plan index where the filter allows — so the conditions are worked out once
    and a 20,000-task plan is sorted without reading its rows — then those rows with their details. Only
    a page past the end asks for the count."""
    try:
        number = min(max(1, int(number)), MAX_PAGE)  # past MAX_PAGE the offset would not fit the database
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    found = list(
        tasks.annotate(ledger_total=Window(Count("pk"))).values_list("pk", "ledger_total")[
            start : start + per_page
        ]
    )
    paginator = Paginator(tasks, per_page)
    paginator.count = found[0][1] if found else (tasks.count() if number > 1 else 0)
    page = paginator.get_page(number)
    if not found and paginator.count:  # past the end: the last page
        return ledger_page(tasks, page.number, per_page)
    rows = {task.pk: task for task in with_details(Task.objects.filter(pk__in=[pk for pk, _ in found]))}
    page.object_list = [rows[pk] for pk, _ in found]
    return page


def leader_names(user, plan) -> list[str]:
    """The 责任领导 names on the plan's live tasks the user sees, in name order: read from the
    task_live_by_plan index alone when the user sees the whole plan (visible_plan_tasks adds no filter)."""
    tasks = visible_plan_tasks(user, plan).exclude(leader="")
    return list(tasks.order_by("leader").values_list("leader", flat=True).distinct())


def filter_form(user, plan, data) -> LedgerFilterForm:
    """The ledger's filter form for the query `data` (a QueryDict), validated: the page and the export
    apply its `cleaned_data` — an invalid filter is dropped, the valid ones still apply."""
    form = LedgerFilterForm(
        data or None,
        plan=plan,
        units=filter_units(user),
        leaders=leader_names(user, plan),
        mine=can_lead_tasks(user),
    )
    form.is_valid()
    return form


def ledger_filters(user, plan, data) -> dict:
    form = filter_form(user, plan, data)
    return form.cleaned_data if form.is_bound else {}


def unit_options(user, query: str, chosen) -> dict:
    """The ledger's 责任单位 filter options for what was typed: the unit chosen so far (`chosen`, an id as
    sent, kept when the user may filter by it), then the units the user may filter by whose name or an
    alias contains every word of `query`, shorter names first, at most UNIT_HITS; whether there are more."""
    units = filter_units(user)
    try:
        chosen = units.filter(pk=int(chosen)).first() if chosen else None
    except ValueError:
        chosen = None
    hits = []
    if query:
        for word in query.split()[:4]:
            units = units.filter(Q(name__contains=word) | Q(aliases__icontains=word))
        if chosen:
            units = units.exclude(pk=chosen.pk)
        hits = list(units.select_related("parent").order_by(Length("name"), "path")[: UNIT_HITS + 1])
    return {"chosen": chosen, "hits": hits[:UNIT_HITS], "more": len(hits) > UNIT_HITS, "query": query}
