"""督查: the list, a new inspection, its page with the findings (recorded on a phone), 转入整改台账, the
督查结论 per unit and, on a conclusion, the unit's 异议 and the office's 复核."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.orgs.access import is_unit_staff_of
from apps.plans.access import visible_plans
from lib.forms import add_errors, render_form

from .. import actions_inspections as actions
from ..access_inspections import (
    can_record_findings,
    can_supervise,
    can_supervise_for,
    get_conclusion_for_user,
    get_finding_for_user,
    get_inspection_for_user,
    sees_all_findings,
    supervised_units,
    team_candidates,
    visible_findings,
    visible_inspections,
)
from ..forms_inspections import (
    ConcludeForm,
    FindingForm,
    InspectionForm,
    ObjectionForm,
    RectifyForm,
    ReviewForm,
)
from ..models import Finding, Inspection, Rectification


def _rectification_url(pk):
    try:
        return reverse("rectification_detail", args=[pk])
    except NoReverseMatch:
        return f"/rectifications/{pk}/"


@login_required
def inspection_list(request):
    inspections = list(visible_inspections(request.user).select_related("owner_unit"))
    counts = Counter(
        visible_findings(request.user)
        .filter(inspection__in=[i.pk for i in inspections])
        .values_list("inspection_id", flat=True)
    )
    for inspection in inspections:
        inspection.finding_count = counts.get(inspection.pk, 0)
    return render(
        request,
        "supervision/inspection_list.html",
        {"inspections": inspections, "can_create": can_supervise(request.user)},
    )


def _inspection_form(request, data=None):
    user = request.user
    return InspectionForm(
        data,
        units=supervised_units(user),
        plans=visible_plans(user),
        team=team_candidates(user),
        initial=None if data else {"team": [user.pk], "starts_on": timezone.localdate()},
    )


@login_required
def inspection_new(request):
    if not can_supervise(request.user):
        raise PermissionDenied("只有牵头机关或督查员可以新建督查")
    owner = request.user.unit.jurisdiction()
    form = _inspection_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not can_supervise_for(request.user, owner):
            raise PermissionDenied("只有牵头机关或督查员可以新建督查")
        inspection = Inspection(
            kind=data["kind"],
            title=data["title"],
            scheme=data["scheme"],
            owner_unit=owner,
            methods=list(data["methods"]),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
        try:
            actions.create_inspection(
                inspection,
                units=list(data["units"]),
                plans=list(data["plans"]),
                team=list(data["team"]),
                actor=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已新建督查：{inspection.title}")
            return redirect("inspection_detail", inspection.pk)
    return render_form(request, form, title="新建督查", cancel_url=reverse("inspection_list"), submit="新建")


def _detail(request, inspection, form=None, status=200):
    user = request.user
    findings = list(
        visible_findings(user)
        .filter(inspection=inspection)
        .select_related("unit", "task")
        .prefetch_related("evidence")
    )
    items = dict(
        Rectification.objects.filter(finding__in=[f.pk for f in findings]).values_list("finding_id", "pk")
    )
    groups = {}
    for finding in findings:
        finding.item_url = _rectification_url(items[finding.pk]) if finding.pk in items else None
        groups.setdefault(finding.unit, []).append(finding)
    all_units = sees_all_findings(user, inspection)
    conclusions = inspection.conclusions.select_related("unit")
    if not all_units:
        conclusions = [c for c in conclusions if is_unit_staff_of(user, c.unit)]
    can_record = can_record_findings(user, inspection)
    context = {
        "inspection": inspection,
        "units": list(inspection.units.all()),
        "plans": list(inspection.plans.all()),
        "team": list(inspection.team.select_related("unit")),
        "methods": [Inspection.Method(m).label for m in inspection.methods if m in Inspection.Method.values],
        "groups": groups,
        "conclusions": conclusions,
        "can_record": can_record,
        "can_rectify": can_supervise_for(user, inspection.owner_unit),
        "can_conclude": can_supervise_for(user, inspection.owner_unit)
        and inspection.status == Inspection.Status.UNDERWAY,
        "form": form or (FindingForm(inspection=inspection) if can_record else None),
    }
    return render(request, "supervision/inspection_detail.html", context, status=status)


@login_required
def inspection_detail(request, pk):
    return _detail(request, get_inspection_for_user(request.user, pk))


@require_POST
@login_required
def finding_new(request, pk):
    inspection = get_inspection_for_user(request.user, pk, action="record")
    form = FindingForm(request.POST, request.FILES, inspection=inspection)
    if form.is_valid():
        data = form.cleaned_data
        finding = Finding(
            inspection=inspection,
            unit=data["unit"],
            task=data["task"],
            dimension=data["dimension"],
            severity=data["severity"],
            text=data["text"],
            needs_rectification=data["needs_rectification"],
            good_practice=data["good_practice"],
        )
        try:
            actions.record_finding(finding, uploads=data["files"], actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已记录{finding.unit}的督查发现")
            return redirect("inspection_detail", inspection.pk)
    return _detail(request, inspection, form=form, status=400)


@login_required
def finding_rectify(request, pk):
    finding = get_finding_for_user(request.user, pk)
    if not can_supervise_for(request.user, finding.inspection.owner_unit):
        raise PermissionDenied("只有组织督查的牵头机关或督查员可以转入整改台账")
    done = Rectification.objects.filter(finding=finding).first()
    if done:
        return redirect(_rectification_url(done.pk))
    form = RectifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.rectification_from_finding(finding, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "已转入整改台账")
            return redirect(_rectification_url(item.pk))
    return render_form(
        request,
        form,
        title=f"转入整改台账 — {finding}",
        cancel_url=reverse("inspection_detail", args=[finding.inspection_id]),
        submit="转入整改台账",
    )


@login_required
def inspection_conclude(request, pk):
    inspection = get_inspection_for_user(request.user, pk, action="manage")
    form = ConcludeForm(request.POST or None, units=inspection.units.all())
    if request.method == "POST" and form.is_valid():
        try:
            actions.conclude(inspection, form.texts(), actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "督查结论已送达被督查单位")
            return redirect("inspection_detail", inspection.pk)
    return render_form(
        request,
        form,
        title=f"督查结论 — {inspection.title}",
        cancel_url=reverse("inspection_detail", args=[inspection.pk]),
        submit="送达督查结论",
        intro="为每个被督查单位填写督查结论；留空的单位不送达。送达后督查结束，不能再记录督查发现。",
    )


def _conclusion(request, conclusion, objection_form=None, review_form=None, status=200):
    user = request.user
    today = timezone.localdate()
    context = {
        "conclusion": conclusion,
        "can_object": is_unit_staff_of(user, conclusion.unit)
        and not conclusion.objected_at
        and today <= conclusion.objection_by,
        "can_review": can_supervise_for(user, conclusion.inspection.owner_unit)
        and conclusion.objected_at
        and not conclusion.reviewed_at,
        "objection_form": objection_form or ObjectionForm(),
        "review_form": review_form or ReviewForm(),
    }
    return render(request, "supervision/conclusion_detail.html", context, status=status)


@login_required
def conclusion_detail(request, pk):
    return _conclusion(request, get_conclusion_for_user(request.user, pk))


@require_POST
@login_required
def conclusion_object(request, pk):
    conclusion = get_conclusion_for_user(request.user, pk, action="object")
    form = ObjectionForm(request.POST)
    if form.is_valid():
        try:
            actions.object_to(conclusion, text=form.cleaned_data["objection"], actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "异议已提交，等待复核")
            return redirect("conclusion_detail", conclusion.pk)
    return _conclusion(request, conclusion, objection_form=form, status=400)


@require_POST
@login_required
def conclusion_review(request, pk):
    conclusion = get_conclusion_for_user(request.user, pk, action="review")
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            actions.review_objection(conclusion, decision=form.cleaned_data["review"], actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "复核决定已送达")
            return redirect("conclusion_detail", conclusion.pk)
    return _conclusion(request, conclusion, review_form=form, status=400)
