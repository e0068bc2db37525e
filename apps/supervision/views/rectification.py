"""整改台账: the list, 整改清零, one item's page with its chain (progress, evidence, 验收, 销号), new items."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.audit.models import AuditEvent
from apps.orgs.access import is_unit_staff_of
from lib.forms import add_errors, render_form

from .. import actions_extensions, monthly
from .. import actions_inspections as actions
from ..access_inspections import can_supervise, can_supervise_for, get_rectification_for_user
from ..access_instructions import can_instruct
from ..forms_procedure import ExtensionDecisionForm, ExtensionForm, ObjectionForm, VerifyForm
from ..forms_rectification import AcceptForm, ProgressForm, RectificationForm
from ..models import Rectification
from ..rectification_query import clearance, filtered_items
from .procedure import record_objection

PER_PAGE = 50


def _query(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def rectification_list(request):
    today = timezone.localdate()
    items, form = filtered_items(request.user, request.GET, today)
    items = items.select_related("lead_unit").order_by("status", "due_date", "id")
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.overdue = item.is_overdue(today)
    context = {
        "page": page,
        "form": form,
        "query": _query(request),
        "can_create": can_supervise(request.user),
    }
    return render(request, "supervision/rectification_list.html", context)


@login_required
def rectification_clearance(request):
    """整改清零: how far each source and each lead unit is from zero, the oldest overdue items first."""
    today = timezone.localdate()
    items, form = filtered_items(request.user, request.GET, today)
    context = {"form": form, "query": _query(request), "today": today, **clearance(items, today)}
    return render(request, "supervision/rectification_clearance.html", context)


@login_required
def rectification_create(request):
    if not can_supervise(request.user):
        raise PermissionDenied("只有牵头机关或督查员可以新建整改事项")
    form = RectificationForm(
        request.POST or None, user=request.user, initial={"owner_unit": request.user.unit.jurisdiction()}
    )
    if form.is_valid():
        item = form.save(commit=False)
        if not can_supervise_for(request.user, item.owner_unit):
            raise PermissionDenied("只能为本辖区交办整改事项")
        try:
            item = actions.create_rectification(
                item, co_units=list(form.cleaned_data["co_units"]), actor=request.user
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "整改事项已登记")
            return redirect("rectification_detail", item.pk)
    return render_form(request, form, title="新建整改事项", cancel_url="/rectifications/")


@login_required
def rectification_edit(request, pk):
    item = get_rectification_for_user(request.user, pk, action="manage")
    form = RectificationForm(request.POST or None, instance=item, user=request.user)
    del form.fields["owner_unit"]  # the issuing jurisdiction does not change
    if form.is_valid():
        item.refresh_from_db()
        data = {f: form.cleaned_data[f] for f in form.fields if f != "co_units"}
        try:
            actions.update_rectification(
                item, data, co_units=list(form.cleaned_data["co_units"]), actor=request.user
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "整改事项已保存")
            return redirect("rectification_detail", item.pk)
    return render_form(request, form, title=f"编辑整改事项：{item}", cancel_url=f"/rectifications/{item.pk}/")


def _detail_context(
    request, item, progress_form=None, accept_form=None, extension_form=None, verify_form=None
):
    user = request.user
    open_ = item.status in (Rectification.Status.NOT_STARTED, Rectification.Status.IN_PROGRESS)
    return {
        **monthly.history(item, timezone.localdate()),
        "item": item,
        "today": timezone.localdate(),
        "overdue": item.is_overdue(timezone.localdate()),
        "co_units": item.co_units.all(),
        "evidence": item.evidence.select_related("uploaded_by").order_by("uploaded_at"),
        "before": item.finding.evidence.select_related("uploaded_by").order_by("uploaded_at")
        if item.finding_id
        else (),
        "history": AuditEvent.objects.filter(object_type="rectification", object_id=item.pk)
        .select_related("actor")
        .order_by("-at", "-id")[:100],
        "can_report": open_ and is_unit_staff_of(user, item.lead_unit),
        "can_edit": item.status != Rectification.Status.CLOSED and can_supervise_for(user, item.owner_unit),
        "can_verify": item.status == Rectification.Status.AWAITING
        and can_supervise_for(user, item.owner_unit),
        "can_accept": item.status == Rectification.Status.VERIFIED
        and can_supervise_for(user, item.owner_unit),
        "can_object": item.status == Rectification.Status.PUBLICITY
        and can_supervise_for(user, item.owner_unit),
        "verify_form": verify_form or VerifyForm(),
        "objection_form": ObjectionForm(),
        "can_instruct": can_instruct(user),
        "progress_form": progress_form or ProgressForm(),
        "accept_form": accept_form or AcceptForm(),
        "extensions": item.extensions.select_related("asked_by", "decided_by"),
        "can_ask_extension": open_
        and is_unit_staff_of(user, item.lead_unit)
        and item.kind == Rectification.Kind.DEADLINE
        and item.due_date is not None
        and timezone.localdate() <= item.due_date,
        "can_decide_extension": can_supervise_for(user, item.owner_unit),
        "extension_form": extension_form or ExtensionForm(),
        "decision_form": ExtensionDecisionForm(),
    }


@login_required
def rectification_detail(request, pk):
    item = get_rectification_for_user(request.user, pk)
    return render(request, "supervision/rectification_detail.html", _detail_context(request, item))


@require_POST
@login_required
def rectification_progress(request, pk):
    """按月交账 by the lead unit, with evidence; ticking 已完成 asks for 验收."""
    item = get_rectification_for_user(request.user, pk, action="report")
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.report_progress(
                item,
                text=form.cleaned_data["progress"],
                done=form.cleaned_data["done"],
                uploads=form.cleaned_data["files"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                "已申请验收销号" if item.status == Rectification.Status.AWAITING else "整改进展已报送",
            )
            return redirect("rectification_detail", item.pk)
    context = _detail_context(request, item, progress_form=form)
    return render(request, "supervision/rectification_detail.html", context, status=400)


@require_POST
@login_required
def rectification_accept(request, pk):
    """审核 after 核查: 通过 → 公示 (then 销号); 不通过 (with the reason) → back to 推进中."""
    item = get_rectification_for_user(request.user, pk, action="manage")
    form = AcceptForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    if form.is_valid():
        try:
            actions.close_rectification(
                item, approve=approve, comment=form.cleaned_data["comment"], actor=request.user
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if not approve:
                messages.success(request, "审核未通过，已退回牵头单位")
            elif item.status == Rectification.Status.PUBLICITY:
                messages.success(
                    request, f"审核通过，公示至 {item.publicity_until:%Y-%m-%d}，期满无异议即销号"
                )
            else:
                messages.success(request, "审核通过，已销号")
            return redirect("rectification_detail", item.pk)
    context = _detail_context(request, item, accept_form=form)
    return render(request, "supervision/rectification_detail.html", context, status=400)


@require_POST
@login_required
def rectification_extension(request, pk):
    """延期申请 by the lead unit, before the time limit passes."""
    item = get_rectification_for_user(request.user, pk, action="report")
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            actions_extensions.ask_extension(item, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "延期申请已提交，等待交办单位审批")
            return redirect("rectification_detail", item.pk)
    context = _detail_context(request, item, extension_form=form)
    return render(request, "supervision/rectification_detail.html", context, status=400)


@require_POST
@login_required
def rectification_verify(request, pk):
    """核查: the verifier records how it was checked and what was found, and signs with their account."""
    item = get_rectification_for_user(request.user, pk, action="manage")
    form = VerifyForm(request.POST)
    passed = request.POST.get("decision") == "pass"
    if form.is_valid():
        try:
            actions.verify_rectification(
                item,
                method=form.cleaned_data["method"],
                passed=passed,
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "核查通过，待审核" if passed else "核查未通过，已退回牵头单位")
            return redirect("rectification_detail", item.pk)
    context = _detail_context(request, item, verify_form=form)
    return render(request, "supervision/rectification_detail.html", context, status=400)


@require_POST
@login_required
def rectification_objection(request, pk):
    """An objection raised during 公示, recorded with its handling: 成立 reopens the item."""
    item = get_rectification_for_user(request.user, pk, action="manage")
    record_objection(request, item, actions.object_during_publicity, upheld_message="异议成立，事项退回整改")
    return redirect("rectification_detail", item.pk)
