"""销号 of a task, one procedure with the rectification items': the lead unit applies with evidence →
核查 (the plan's 牵头机关 or a 督查员, on site or by documents, signed) → 审核 by the 牵头机关 → 公示
(objections recorded) → 已销号 when the 公示 ends (tick)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.audit.models import AuditEvent
from apps.plans.access import can_manage_plan, get_task_for_user
from lib.forms import add_errors, render_form

from .. import actions, rules
from ..access import can_verify_closeout, get_closeout_for_user, lead_unit_of
from ..forms import CloseOutForm, DecideForm
from ..forms_procedure import ObjectionForm, VerifyForm
from ..models import CloseOut
from .procedure import record_objection


@login_required
def closeout_create(request, pk):
    task = get_task_for_user(request.user, pk)
    unit = lead_unit_of(request.user, task)
    if unit is None:
        raise PermissionDenied("只有牵头单位可以申请销号")
    existing = task.closeouts.filter(status__in=[*CloseOut.PENDING, CloseOut.Status.APPROVED]).first()
    if existing:
        messages.error(
            request,
            "该任务已销号" if existing.status == CloseOut.Status.APPROVED else "该任务已有办理中的销号申请",
        )
        return redirect("closeout_detail", existing.pk)
    form = CloseOutForm(request.POST or None, request.FILES or None)
    gap = rules.closeout_gap(task)
    if form.is_valid():
        try:
            closeout = actions.apply_closeout(
                task=task,
                unit=unit,
                note=form.cleaned_data["note"],
                uploads=form.cleaned_data["files"],
                shortfall_reason=form.cleaned_data["shortfall_reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            # apply_closeout is atomic: nothing was created, no file was stored. A rejected file's
            # error comes keyed "files", so it shows beside the file field.
            add_errors(form, exc)
        else:
            messages.success(request, "销号申请已提交，等待核查")
            return redirect("closeout_detail", closeout.pk)
    return render_form(
        request,
        form,
        title=f"申请销号 — {task.title}",
        cancel_url=f"/tasks/{task.pk}/",
        submit="提交销号申请",
        enctype="multipart/form-data",
        intro=f"以{unit}（牵头单位）名义申请。经核查、牵头机关审核并公示期满无异议后，任务状态为“已销号”。"
        f"完成情况核对：{'；'.join(gap.lines())}。"
        + ("任务尚未完成，须填写“未完成说明”。" if gap.unfinished else ""),
    )


def _context(request, closeout, form=None, verify_form=None):
    user, status = request.user, closeout.status
    return {
        "closeout": closeout,
        "evidence": closeout.evidence.select_related("uploaded_by"),
        "form": form or DecideForm(),
        "verify_form": verify_form or VerifyForm(),
        "objection_form": ObjectionForm(),
        "gap": rules.closeout_gap(closeout.task),
        "publicity_workdays": settings.PUBLICITY_WORKDAYS,
        "can_verify": status == CloseOut.Status.APPLIED and can_verify_closeout(user, closeout),
        "can_decide": status == CloseOut.Status.VERIFIED and can_manage_plan(user, closeout.task.plan),
        "can_object": status == CloseOut.Status.PUBLICITY and can_manage_plan(user, closeout.task.plan),
        "history": AuditEvent.objects.filter(object_type="closeout", object_id=closeout.pk)
        .select_related("actor")
        .order_by("-at", "-id")[:50],
    }


@login_required
def closeout_detail(request, pk):
    closeout = get_closeout_for_user(request.user, pk)
    return render(request, "supervision/closeout_detail.html", _context(request, closeout))


@require_POST
@login_required
def closeout_verify(request, pk):
    closeout = get_closeout_for_user(request.user, pk, action="verify")
    form = VerifyForm(request.POST)
    passed = request.POST.get("decision") == "pass"
    if form.is_valid():
        try:
            actions.verify_closeout(
                closeout,
                method=form.cleaned_data["method"],
                passed=passed,
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                messages.error(request, "；".join(exc.messages))
                return redirect("closeout_detail", closeout.pk)
            add_errors(form, exc)
        else:
            messages.success(request, "核查通过，待牵头机关审核" if passed else "核查未通过，已退回申请单位")
            return redirect("closeout_detail", closeout.pk)
    context = _context(request, closeout, verify_form=form)
    return render(request, "supervision/closeout_detail.html", context, status=400)


@require_POST
@login_required
def closeout_decide(request, pk):
    closeout = get_closeout_for_user(request.user, pk, action="decide")
    form = DecideForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    if form.is_valid():
        try:
            actions.decide_closeout(
                closeout, approve=approve, comment=form.cleaned_data["comment"], actor=request.user
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                messages.error(request, "；".join(exc.messages))
                return redirect("closeout_detail", closeout.pk)
            add_errors(form, exc)
        else:
            if not approve:
                messages.success(request, "已退回销号申请")
            elif closeout.status == CloseOut.Status.PUBLICITY:
                messages.success(
                    request, f"审核通过，公示至 {closeout.publicity_until:%Y-%m-%d}，期满无异议即销号"
                )
            else:
                messages.success(request, "审核通过，已销号")
            return redirect("closeout_detail", closeout.pk)
    context = _context(request, closeout, form=form)
    return render(request, "supervision/closeout_detail.html", context, status=400)


@require_POST
@login_required
def closeout_objection(request, pk):
    """An objection raised during 公示, recorded with its handling: 成立 ends the application (未通过)."""
    closeout = get_closeout_for_user(request.user, pk, action="decide")
    record_objection(request, closeout, actions.object_to_closeout, upheld_message="异议成立，不予销号")
    return redirect("closeout_detail", closeout.pk)
