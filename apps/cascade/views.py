"""承接落实 pages: a lower plan's links to its parent plans (choose parents, proposals side by side with the
shared words marked, confirm / reject / add), and a parent plan's coverage report with its Excel export."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from apps.plans.models import Plan, Target, Task

from . import actions, coverage, excel, jobs
from .access import (
    can_link,
    candidate_parents,
    get_link_for_user,
    get_lower_plan_for_user,
    get_parent_plan_for_user,
    get_parent_task_for_user,
    visible_children,
)
from .forms import AddLinkForm, LinkForm, ParentsForm
from .marks import highlight, sentence, shared_words
from .models import PlanParent, TaskLink

SHOW = {"all": "全部任务", "pending": "待确认", "unlinked": "尚未承接"}


def _parent_tasks(plan):
    return (
        Task.objects.filter(
            plan__in=PlanParent.objects.filter(plan=plan).values("parent"), archived_at__isnull=True
        )
        .select_related("plan")
        .order_by("plan_id", "area__order", "id")
    )


def _rows(plan, show):
    """Each task of `plan` with its links; every plan's source text read once (a task row joined to its plan
    would carry the whole document each time)."""
    linked = TaskLink.objects.filter(task__plan=plan).values("parent__plan_id")
    plans = {p.pk: p for p in Plan.objects.filter(Q(pk=plan.pk) | Q(pk__in=linked))}
    links = defaultdict(list)
    for link in (
        TaskLink.objects.filter(task__plan=plan)
        .select_related("parent", "parent_target")
        .prefetch_related(
            Prefetch("parent__targets", queryset=Target.objects.filter(archived_at__isnull=True))
        )
        .order_by("state", "-score", "id")
    ):
        link.parent.plan = plans[link.parent.plan_id]
        links[link.task_id].append(link)
    rows = []
    for task in (
        Task.objects.filter(plan=plan, archived_at__isnull=True)
        .select_related("area")
        .order_by("area__order", "area_id", "id")
    ):
        task.plan = plans[plan.pk]
        mine = links.get(task.pk, [])
        states = {link.state for link in mine}
        if show == "pending" and TaskLink.State.SUGGESTED not in states:
            continue
        if show == "unlinked" and TaskLink.State.ACCEPTED in states:
            continue
        text = sentence(task)
        candidates = []
        for link in mine:
            other = sentence(link.parent)
            shared = shared_words(text, other)
            candidates.append({"link": link, "text": highlight(other, shared), "shared": shared})
        every = set().union(*(c["shared"] for c in candidates)) if candidates else set()
        rows.append({"task": task, "text": highlight(text, every), "candidates": candidates})
    return rows


@login_required
def plan_cascade(request, plan_id):
    plan = get_lower_plan_for_user(request.user, plan_id)
    show = request.GET.get("show") if request.GET.get("show") in SHOW else "all"
    parents = PlanParent.objects.filter(plan=plan).select_related("parent__owner_unit")
    manage = can_link(request.user, plan)
    context = {
        "plan": plan,
        "parents": parents,
        "can_link": manage,
        "show": show,
        "shows": SHOW,
        "rows": _rows(plan, show),
        "parents_form": ParentsForm(
            candidates=candidate_parents(plan), initial={"parents": [p.parent for p in parents]}
        )
        if manage
        else None,
        "add_form": _add_form(plan) if manage and parents else None,
        "relations": TaskLink.Relation.choices,
    }
    return render(request, "cascade/plan_cascade.html", context)


def _add_form(plan, data=None):
    parents = _parent_tasks(plan)
    return AddLinkForm(
        data,
        tasks=Task.objects.filter(plan=plan, archived_at__isnull=True).order_by("area__order", "id"),
        parents=parents,
        targets=Target.objects.filter(task__in=parents, archived_at__isnull=True),
    )


@login_required
@require_POST
def plan_parents(request, plan_id):
    plan = get_lower_plan_for_user(request.user, plan_id, manage=True)
    form = ParentsForm(request.POST, candidates=candidate_parents(plan))
    if form.is_valid():
        added = actions.set_parents(plan, form.cleaned_data["parents"], actor=request.user)
        if added and jobs.queue_suggest(plan, request.user):
            messages.success(request, "已保存承接的上级计划，正在生成承接建议，稍后刷新本页查看")
        else:
            messages.success(request, "已保存承接的上级计划")
    else:
        messages.error(request, "所选上级计划无效，请重新选择")
    return redirect("plan_cascade", plan.pk)


@login_required
@require_POST
def plan_suggest(request, plan_id):
    plan = get_lower_plan_for_user(request.user, plan_id, manage=True)
    if not PlanParent.objects.filter(plan=plan).exists():
        messages.error(request, "请先选择承接的上级计划")
        return redirect("plan_cascade", plan.pk)
    count = actions.suggest(plan, actor=request.user)
    messages.success(request, f"已生成 {count} 条承接建议，请逐条确认或否决")
    return redirect(f"{_cascade_url(plan)}?show=pending")


def _cascade_url(plan):
    return reverse("plan_cascade", args=[plan.pk])


def _link_values(form):
    share = actions.parse_share(form.cleaned_data["share"])
    return {
        "relation": form.cleaned_data["relation"],
        "parent_target": form.cleaned_data["parent_target"],
        "share": share,
    }


@login_required
@require_POST
def link_decide(request, pk):
    link = get_link_for_user(request.user, pk, manage=True)
    back = f"{_cascade_url(link.task.plan)}?show={request.POST.get('show', 'all')}#task-{link.task_id}"
    if request.POST.get("decision") == "reject":
        actions.reject(link, actor=request.user)
        messages.success(request, "已否决该承接建议")
        return redirect(back)
    form = LinkForm(request.POST, targets=Target.objects.filter(task=link.parent, archived_at__isnull=True))
    try:
        if not form.is_valid():
            raise ValidationError("请检查承接关系和分解数量")
        actions.accept(link, **_link_values(form), actor=request.user)
        messages.success(request, "已确认承接关系")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(back)


@login_required
@require_POST
def link_add(request, plan_id):
    plan = get_lower_plan_for_user(request.user, plan_id, manage=True)
    form = _add_form(plan, request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请选择本级任务和上级任务")
        parent = get_parent_task_for_user(request.user, plan, form.cleaned_data["parent"].pk)
        actions.add(form.cleaned_data["task"], parent, **_link_values(form), actor=request.user)
        messages.success(request, "已添加承接关系")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("plan_cascade", plan.pk)


def _coverage(request, plan_id):
    parent = get_parent_plan_for_user(request.user, plan_id)
    return coverage.report(parent, visible_children(request.user, parent).order_by("owner_unit__path", "id"))


@login_required
def plan_coverage(request, plan_id):
    # one prefix for the thousands of task links of a large report ({% url %} per cell costs more than the SQL)
    task_base = reverse("task_detail", args=[0]).removesuffix("0/")
    return render(
        request, "cascade/coverage.html", {"report": _coverage(request, plan_id), "task_base": task_base}
    )


@login_required
def plan_coverage_xlsx(request, plan_id):
    report = _coverage(request, plan_id)
    response = HttpResponse(
        excel.coverage_workbook(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"{report['parent'].title}-承接情况.xlsx"
    )
    return response
