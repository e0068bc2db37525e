"""典型经验 pages: the library (search, paginated), a new case and its edit, one case's page (files, tasks,
the finding it came from, 报送, 审核, 推广, 精选, its history) and 转为典型经验 from a 督查发现."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.audit.models import AuditEvent
from apps.evidence.models import Evidence
from lib.forms import add_errors, render_form

from . import actions
from .access import (
    can_edit_case,
    can_review_case,
    can_write_cases,
    case_tasks,
    case_units,
    get_case_for_user,
    get_finding_for_case,
    visible_cases,
)
from .forms import CaseForm, FromFindingForm, PromotionForm, ReviewForm
from .models import Case, Level, Promotion
from .query import areas_of, filtered_cases

PER_PAGE = 20


def _query(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def case_list(request):
    cases, form = filtered_cases(request.user, request.GET)
    cases = cases.select_related("unit").order_by("-featured", "-year", "-id")
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "form": form,
        "query": _query(request),
        "searching": any(v for k, v in request.GET.items() if k != "page"),
        "can_create": can_write_cases(request.user),
    }
    return render(request, "cases/case_list.html", context)


def _case_form(request, instance=None):
    user = request.user
    initial = None
    if instance is None:
        initial = {"unit": user.unit_id, "year": timezone.localdate().year}
    return CaseForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        initial=initial,
        units=case_units(user),
        tasks=case_tasks(user),
        areas=areas_of(visible_cases(user)),
    )


def _save_fields(form) -> dict:
    return {f: form.cleaned_data[f] for f in Case.FIELDS}


@login_required
def case_create(request):
    if not can_write_cases(request.user):
        raise PermissionDenied("只有单位填报员或审核人可以报送典型经验")
    form = _case_form(request)
    if request.method == "POST" and form.is_valid():
        case = Case(**_save_fields(form))
        try:
            actions.create_case(
                case,
                tasks=form.cleaned_data["tasks"],
                uploads=form.cleaned_data["files"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "典型经验已保存为草稿，确认无误后请报送审核")
            return redirect("case_detail", case.pk)
    return render_form(
        request,
        form,
        title="新建典型经验",
        cancel_url="/cases/",
        enctype="multipart/form-data",
        submit="保存草稿",
        intro="保存后为草稿，在经验页面报送审核；审核通过后进入典型经验库。",
    )


@login_required
def case_edit(request, pk):
    case = get_case_for_user(request.user, pk, action="edit")
    if not case.editable:
        raise PermissionDenied(f"该典型经验{case.get_status_display()}，不能修改")
    form = _case_form(request, instance=Case.objects.get(pk=case.pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_case(
                case,
                _save_fields(form),
                tasks=list(form.cleaned_data["tasks"]),
                uploads=form.cleaned_data["files"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("case_detail", case.pk)
    return render_form(
        request,
        form,
        title=f"修改典型经验 — {case.title}",
        cancel_url=f"/cases/{case.pk}/",
        enctype="multipart/form-data",
    )


def _detail(request, case, *, review_form=None, promotion_form=None, submit_errors=None, status=200):
    user = request.user
    promotions = list(case.promotions.select_related("recorded_by").order_by("level"))
    evidence = list(case.evidence.select_related("uploaded_by").order_by("uploaded_at"))
    proofs = {}
    for e in Evidence.objects.filter(
        owner_type=ContentType.objects.get_for_model(Promotion), owner_id__in=[p.pk for p in promotions]
    ).order_by("uploaded_at"):
        proofs.setdefault(e.owner_id, []).append(e)
    for promotion in promotions:
        promotion.files = proofs.get(promotion.pk, [])
    reviewer = can_review_case(user, case)
    accepted = case.status == Case.Status.ACCEPTED
    context = {
        "case": case,
        "tasks": list(case.tasks.select_related("plan")),
        "evidence": evidence,
        "promotions": promotions,
        "history": AuditEvent.objects.filter(
            Q(object_type="case", object_id=case.pk)
            | Q(object_type="evidence", object_id__in=[e.pk for e in evidence])
        )
        .select_related("actor")
        .order_by("-at", "-id")[:100],
        "can_edit": can_edit_case(user, case),
        "can_review": reviewer and case.status == Case.Status.SUBMITTED,
        "can_promote": reviewer and accepted and (case.level or 0) < Level.NATION,
        "can_feature": reviewer and (accepted or case.featured),
        "submit_errors": submit_errors or [],
        "review_form": review_form or ReviewForm(),
        "promotion_form": promotion_form or PromotionForm(),
    }
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
def case_detail(request, pk):
    return _detail(request, get_case_for_user(request.user, pk))


@require_POST
@login_required
def case_submit(request, pk):
    case = get_case_for_user(request.user, pk, action="edit")
    try:
        actions.submit_case(case, actor=request.user)
    except ValidationError as exc:
        return _detail(request, case, submit_errors=exc.messages, status=400)
    messages.success(request, "已报送，等待牵头机关审核")
    return redirect("case_detail", case.pk)


@require_POST
@login_required
def case_review(request, pk):
    case = get_case_for_user(request.user, pk, action="review")
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            actions.review_case(case, **form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"审核结果：{case.get_status_display()}")
            return redirect("case_detail", case.pk)
    return _detail(request, case, review_form=form, status=400)


@require_POST
@login_required
def case_promote(request, pk):
    case = get_case_for_user(request.user, pk, action="review")
    form = PromotionForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            promotion = actions.set_promotion(
                case,
                level=data["level"],
                proof=data["proof"],
                promoted_on=data["promoted_on"],
                upload=data["file"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已登记{promotion.get_level_display()}推广")
            return redirect("case_detail", case.pk)
    return _detail(request, case, promotion_form=form, status=400)


@require_POST
@login_required
def case_feature(request, pk):
    case = get_case_for_user(request.user, pk, action="review")
    featured = request.POST.get("featured") == "1"
    try:
        actions.set_featured(case, featured, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("case_detail", case.pk)
    messages.success(request, "已设为精选" if featured else "已取消精选")
    return redirect("case_detail", case.pk)


@login_required
def case_from_finding(request, pk):
    """转为典型经验: the organising office turns a good-practice finding into a draft for its unit."""
    finding = get_finding_for_case(request.user, pk)
    done = Case.objects.filter(finding=finding).first()
    if done:
        return redirect("case_detail", done.pk)
    areas = areas_of(visible_cases(request.user))
    form = FromFindingForm(request.POST or None, areas=areas, initial={"title": finding.text.strip()[:60]})
    if request.method == "POST" and form.is_valid():
        try:
            case = actions.case_from_finding(finding, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已转为典型经验草稿，{case.unit}补充做法和成效后报送")
            return redirect("case_detail", case.pk)
    return render_form(
        request,
        form,
        title=f"转为典型经验 — {finding.unit}",
        cancel_url=f"/inspections/{finding.inspection_id}/#finding-{finding.pk}",
        submit="转为典型经验",
        intro=f"督查发现：{finding.text}。转为{finding.unit}的典型经验草稿，由该单位补充主要做法和取得成效后报送审核。",
    )
