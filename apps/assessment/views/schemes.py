"""考核办法: list, new (from the default scheme), the scheme page with its rules in words, edit while a
draft, publish, revise with a reason, ask for a run."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.orgs.models import Unit
from apps.plans.access import jurisdiction_units
from lib.forms import add_errors, render_form

from .. import actions, scoring
from ..access import can_manage_assessment, can_manage_scheme, can_rate, get_scheme_for_user, visible_schemes
from ..defaults import default_config
from ..forms import ReviseForm, RunForm, SchemeForm
from ..forms_rules import RulesForm
from ..models import Scheme


@login_required
def scheme_list(request):
    schemes = visible_schemes(request.user).select_related("owner_unit")
    return render(
        request,
        "assessment/scheme_list.html",
        {"schemes": schemes, "can_create": can_manage_assessment(request.user)},
    )


@login_required
def scheme_create(request):
    if not can_manage_assessment(request.user):
        raise PermissionDenied("只有牵头机关可以制定考核办法")
    owner = request.user.unit.jurisdiction()
    year = timezone.localdate().year
    form = SchemeForm(
        request.POST or None,
        initial={"title": f"{year}年度重点工作督查考核", "year": year, "config": default_config(owner)},
    )
    if form.is_valid():
        try:
            scheme = actions.create_scheme(owner_unit=owner, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "考核办法已保存为草稿，核对规则后发布")
            return redirect("scheme_detail", scheme.pk)
    return render_form(
        request,
        form,
        title="新建考核办法",
        cancel_url="/assessment/",
        intro=f"考核单位：{owner}。已按常见考核办法预填规则（承办任务60、报送时效15、督办响应15、领导评价10，"
        "加减分与否决），请按本地办法修改。",
    )


def _unit_names(config) -> dict:
    ids = {u for g in config.get("groups", []) for u in g.get("unit_ids", [])}
    return dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))


@login_required
def scheme_detail(request, pk):
    scheme = get_scheme_for_user(request.user, pk)
    rules = scoring.Scheme.from_dict(scheme.config)
    names = _unit_names(scheme.config)
    manage = can_manage_scheme(request.user, scheme)
    return render(
        request,
        "assessment/scheme_detail.html",
        {
            "scheme": scheme,
            "rules": rules,
            "groups": [(g, [names.get(u, u) for u in g.unit_ids]) for g in rules.groups],
            "runs": scheme.runs.order_by("-requested_at")[:20],
            "versions": _versions(scheme),
            "can_manage": manage,
            "can_rate": can_rate(request.user, scheme),
            "run_form": RunForm(initial={"as_of": timezone.localdate()}),
        },
    )


def _versions(scheme):
    chain, current = [], scheme
    while current.previous_id:
        current = current.previous
        chain.append(current)
    return chain


@login_required
def scheme_edit(request, pk):
    scheme = get_scheme_for_user(request.user, pk, manage=True)
    if scheme.status != Scheme.Status.DRAFT:
        return redirect("scheme_revise", scheme.pk)
    form = SchemeForm(request.POST or None, instance=scheme)
    if form.is_valid():
        scheme.refresh_from_db()
        try:
            actions.update_draft(scheme, form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "考核办法已保存")
            return redirect("scheme_detail", scheme.pk)
    return render_form(request, form, title=f"编辑考核办法：{scheme}", cancel_url=f"/assessment/{scheme.pk}/")


@login_required
def scheme_revise(request, pk):
    scheme = get_scheme_for_user(request.user, pk, manage=True)
    form = ReviseForm(request.POST or None, initial={"config": scheme.config})
    if form.is_valid():
        try:
            new = actions.revise(scheme, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已发布第{new.version}版，原版本保留备查")
            return redirect("scheme_detail", new.pk)
    return render_form(
        request,
        form,
        title=f"修订考核办法：{scheme}",
        cancel_url=f"/assessment/{scheme.pk}/",
        submit="发布新版本",
        intro="已发布的考核办法不能直接修改：修订将发布新版本，原版本及其计分结果保留，修订理由记入留痕。",
    )


@login_required
def scheme_rules(request, pk):
    """The rules' figures as a form (groups' units, points, weights, grades, quota); a draft is saved, a
    published scheme becomes a new version with the reason."""
    scheme = get_scheme_for_user(request.user, pk, manage=True)
    published = scheme.status == Scheme.Status.PUBLISHED
    form = RulesForm(request.POST or None, config=scheme.config, units=jurisdiction_units(request.user))
    if published:
        form.fields["reason"] = forms.CharField(label="修订理由", widget=forms.Textarea(attrs={"rows": 2}))
    if form.is_valid():
        try:
            if published:
                scheme = actions.revise(
                    scheme, config=form.config(), reason=form.cleaned_data["reason"], actor=request.user
                )
            else:
                actions.update_draft(scheme, {"config": form.config()}, actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已发布第{scheme.version}版" if published else "考核规则已保存")
            return redirect("scheme_detail", scheme.pk)
    return render_form(
        request,
        form,
        title=f"考核规则：{scheme}",
        cancel_url=f"/assessment/{scheme.pk}/",
        submit="发布新版本" if published else "保存",
        intro=("已发布的考核办法修改后将发布新版本，原版本及其计分结果保留。" if published else "")
        + "这里修改分组、分值和各项加减分标准；增加新的计分规则请用 JSON 编辑。",
    )


@require_POST
@login_required
def scheme_publish(request, pk):
    scheme = get_scheme_for_user(request.user, pk, manage=True)
    try:
        actions.publish(scheme, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "考核办法已发布，此后修改须发布新版本")
    return redirect("scheme_detail", scheme.pk)


@require_POST
@login_required
def scheme_run(request, pk):
    scheme = get_scheme_for_user(request.user, pk, manage=True)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写计分截至日期")
        return redirect("scheme_detail", scheme.pk)
    try:
        run = actions.request_run(scheme, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("scheme_detail", scheme.pk)
    messages.success(request, "已开始计分")
    return redirect("run_detail", run.pk)
