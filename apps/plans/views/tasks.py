from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from apps.audit import actions as audit
from lib.forms import render_form

from .. import actions
from ..access import (
    get_area_for_user,
    get_milestone_for_user,
    get_plan_for_user,
    get_target_for_user,
    get_task_for_user,
)
from ..forms import AreaForm, MilestoneDoneForm, MilestoneForm, TargetForm, TaskForm
from ..models import Area, Milestone, Target


def _data(form):
    return {f: form.cleaned_data[f] for f in form.Meta.fields}


# ---- areas (领域) ----


@login_required
def area_create(request, plan_pk):
    plan = get_plan_for_user(request.user, plan_pk, manage=True)
    form = AreaForm(request.POST or None, initial={"order": plan.areas.count() + 1})
    if form.is_valid():
        area = form.save(commit=False)
        area.plan = plan
        audit.create(area, Area.AUDIT_FIELDS, actor=request.user)
        messages.success(request, f"已添加领域“{area.title}”")
        return redirect("plan_ledger", plan.pk)
    return render_form(request, form, title=f"新建领域 — {plan.title}", cancel_url=f"/plans/{plan.pk}/")


@login_required
def area_edit(request, pk):
    area = get_area_for_user(request.user, pk, manage=True)
    form = AreaForm(request.POST or None, instance=area)
    if form.is_valid():
        area.refresh_from_db()
        audit.update(area, _data(form), actor=request.user)
        messages.success(request, "领域已保存")
        return redirect("plan_ledger", area.plan_id)
    return render_form(request, form, title=f"编辑领域：{area.title}", cancel_url=f"/plans/{area.plan_id}/")


@require_POST
@login_required
def area_archive(request, pk):
    area = get_area_for_user(request.user, pk, manage=True)
    audit.archive(area, actor=request.user)
    messages.success(request, f"领域“{area.title}”已归档；其中的任务保留，显示为未分领域")
    return redirect("plan_ledger", area.plan_id)


# ---- tasks ----


@login_required
def task_create(request, plan_pk):
    plan = get_plan_for_user(request.user, plan_pk, manage=True)
    form = TaskForm(request.POST or None, plan=plan, initial={"area": request.GET.get("area")})
    if form.is_valid():
        task = actions.create_task(
            form.save(commit=False),
            form.cleaned_data["lead_units"],
            form.cleaned_data["co_units"],
            actor=request.user,
        )
        messages.success(request, "任务已创建")
        return redirect("task_detail", task.pk)
    return render_form(request, form, title=f"新建任务 — {plan.title}", cancel_url=f"/plans/{plan.pk}/")


@login_required
def task_edit(request, pk):
    task = get_task_for_user(request.user, pk, manage=True)
    form = TaskForm(request.POST or None, instance=task, plan=task.plan)
    if form.is_valid():
        task.refresh_from_db()
        actions.update_task(
            task,
            _data(form),
            form.cleaned_data["lead_units"],
            form.cleaned_data["co_units"],
            actor=request.user,
        )
        messages.success(request, "任务已保存")
        return redirect("task_detail", task.pk)
    return render_form(request, form, title=f"编辑任务：{task.title}", cancel_url=f"/tasks/{task.pk}/")


@require_POST
@login_required
def task_archive(request, pk):
    task = get_task_for_user(request.user, pk, manage=True)
    actions.archive_task(task, actor=request.user)
    messages.success(request, f"任务“{task.title}”已归档")
    return redirect("plan_ledger", task.plan_id)


@require_POST
@login_required
def task_restore(request, pk):
    task = get_task_for_user(request.user, pk, manage=True)
    actions.restore_task(task, actor=request.user)
    messages.success(request, f"任务“{task.title}”已恢复")
    return redirect("task_detail", task.pk)


# ---- targets (量化指标) ----


@login_required
def target_create(request, task_pk):
    task = get_task_for_user(request.user, task_pk, manage=True)
    form = TargetForm(request.POST or None, initial={"horizon": task.plan.year})
    if form.is_valid():
        target = form.save(commit=False)
        target.task = task
        audit.create(target, Target.AUDIT_FIELDS, actor=request.user)
        messages.success(request, "指标已添加")
        return redirect("task_detail", task.pk)
    return render_form(request, form, title=f"新建量化指标 — {task.title}", cancel_url=f"/tasks/{task.pk}/")


@login_required
def target_edit(request, pk):
    target = get_target_for_user(request.user, pk, manage=True)
    form = TargetForm(request.POST or None, instance=target)
    if form.is_valid():
        target.refresh_from_db()
        audit.update(target, _data(form), actor=request.user)
        messages.success(request, "指标已保存")
        return redirect("task_detail", target.task_id)
    return render_form(
        request, form, title=f"编辑指标：{target.metric}", cancel_url=f"/tasks/{target.task_id}/"
    )


@require_POST
@login_required
def target_archive(request, pk):
    target = get_target_for_user(request.user, pk, manage=True)
    audit.archive(target, actor=request.user)
    messages.success(request, f"指标“{target.metric}”已归档")
    return redirect("task_detail", target.task_id)


# ---- milestones (节点) ----


@login_required
def milestone_create(request, task_pk):
    task = get_task_for_user(request.user, task_pk, manage=True)
    form = MilestoneForm(request.POST or None)
    if form.is_valid():
        milestone = form.save(commit=False)
        milestone.task = task
        audit.create(milestone, Milestone.AUDIT_FIELDS, actor=request.user)
        messages.success(request, "节点已添加")
        return redirect("task_detail", task.pk)
    return render_form(request, form, title=f"新建节点 — {task.title}", cancel_url=f"/tasks/{task.pk}/")


@login_required
def milestone_edit(request, pk):
    milestone = get_milestone_for_user(request.user, pk, manage=True)
    form = MilestoneForm(request.POST or None, instance=milestone)
    if form.is_valid():
        milestone.refresh_from_db()
        audit.update(milestone, _data(form), actor=request.user)
        messages.success(request, "节点已保存")
        return redirect("task_detail", milestone.task_id)
    return render_form(
        request, form, title=f"编辑节点：{milestone.deliverable}", cancel_url=f"/tasks/{milestone.task_id}/"
    )


@login_required
def milestone_done(request, pk):
    """Unit staff of the task's units record when a milestone was completed."""
    milestone = get_milestone_for_user(request.user, pk, report=True)
    form = MilestoneDoneForm(request.POST or None, instance=milestone)
    if form.is_valid():
        milestone.refresh_from_db()
        audit.update(milestone, _data(form), actor=request.user)
        messages.success(request, "节点完成情况已保存")
        return redirect("task_detail", milestone.task_id)
    return render_form(
        request,
        form,
        title=f"登记节点完成：{milestone.deliverable}",
        cancel_url=f"/tasks/{milestone.task_id}/",
    )


@require_POST
@login_required
def milestone_archive(request, pk):
    milestone = get_milestone_for_user(request.user, pk, manage=True)
    audit.archive(milestone, actor=request.user)
    messages.success(request, f"节点“{milestone.deliverable}”已归档")
    return redirect("task_detail", milestone.task_id)
