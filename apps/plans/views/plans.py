from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.audit import actions as audit
from lib.forms import render_form

from ..access import (
    can_create_plan_for,
    can_manage_plan,
    can_manage_plans,
    get_plan_for_user,
    jurisdiction_units,
    visible_plans,
)
from ..forms import PlanForm
from ..ledger import filter_form, ledger_page, ledger_tasks, unit_options


@login_required
def plan_list(request):
    show_archived = request.GET.get("archived") == "1"
    plans = visible_plans(request.user, include_archived=show_archived).select_related("owner_unit")
    if show_archived:
        plans = plans.filter(archived_at__isnull=False)
    can_create = can_manage_plans(request.user)
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "can_create": can_create, "show_archived": show_archived},
    )


@login_required
def plan_create(request):
    if not can_manage_plans(request.user):
        raise PermissionDenied
    form = PlanForm(request.POST or None, owner_units=jurisdiction_units(request.user))
    if form.is_valid():
        if not can_create_plan_for(request.user, form.cleaned_data["owner_unit"]):
            raise PermissionDenied
        plan = audit.create(form.save(commit=False), form.instance.AUDIT_FIELDS, actor=request.user)
        messages.success(request, f"已创建计划“{plan.title}”")
        return redirect("plan_ledger", plan.pk)
    return render_form(request, form, title="新建计划", cancel_url="/plans/")


@login_required
def plan_edit(request, pk):
    plan = get_plan_for_user(request.user, pk, manage=True)
    form = PlanForm(request.POST or None, instance=plan, owner_units=jurisdiction_units(request.user))
    if form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.Meta.fields}
        plan.refresh_from_db()
        audit.update(plan, data, actor=request.user)
        messages.success(request, "计划已保存")
        return redirect("plan_ledger", plan.pk)
    return render_form(request, form, title=f"编辑计划：{plan.title}", cancel_url=f"/plans/{plan.pk}/")


@require_POST
@login_required
def plan_archive(request, pk):
    plan = get_plan_for_user(request.user, pk, manage=True)
    audit.archive(plan, actor=request.user)
    messages.success(request, f"计划“{plan.title}”已归档，可在“已归档”中恢复")
    return redirect("plan_list")


@require_POST
@login_required
def plan_restore(request, pk):
    plan = get_plan_for_user(request.user, pk, manage=True)
    audit.restore(plan, actor=request.user)
    messages.success(request, f"计划“{plan.title}”已恢复")
    return redirect("plan_ledger", plan.pk)


@login_required
def plan_ledger(request, pk):
    """台账: all tasks of a plan in one table, filtered, searched, sorted and paginated."""
    plan = get_plan_for_user(request.user, pk)
    form = filter_form(request.user, plan, request.GET)
    tasks = ledger_tasks(request.user, plan, form.cleaned_data if form.is_bound else {})
    page = ledger_page(tasks, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "plan": plan,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_manage": can_manage_plan(request.user, plan),
        "areas": plan.areas.filter(archived_at__isnull=True),
    }
    template = "plans/_ledger_table.html" if request.htmx else "plans/ledger.html"
    return render(request, template, context)


@login_required
def ledger_units(request, pk):
    """htmx: the options of the ledger's 责任单位 filter for what was typed (units are searched, never all
    listed), keeping the unit chosen so far."""
    get_plan_for_user(request.user, pk)
    query = request.GET.get("unit_q", "").strip()[:50]
    context = unit_options(request.user, query, request.GET.get("unit"))
    return render(request, "plans/_unit_options.html", context)
