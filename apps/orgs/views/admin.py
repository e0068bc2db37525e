"""系统管理员: the unit tree and the users."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.audit import actions as audit
from lib.forms import render_form

from .. import actions
from ..access import get_unit_for_admin, get_user_for_admin, require_admin
from ..forms import UnitForm, UserForm
from ..models import Unit, User


def _data(form):
    return {f: form.cleaned_data[f] for f in form.Meta.fields if f != "password"}


@login_required
def unit_list(request):
    require_admin(request.user)
    units = Unit.objects.select_related("parent")
    return render(request, "orgs/unit_list.html", {"units": units})


@login_required
def unit_create(request):
    require_admin(request.user)
    form = UnitForm(request.POST or None, initial={"parent": request.GET.get("parent")})
    if form.is_valid():
        unit = actions.create_unit(form.save(commit=False), actor=request.user)
        messages.success(request, f"已添加单位“{unit.name}”")
        return redirect("unit_list")
    return render_form(request, form, title="新建单位", cancel_url="/units/")


@login_required
def unit_edit(request, pk):
    unit = get_unit_for_admin(request.user, pk)
    form = UnitForm(request.POST or None, instance=unit)
    if form.is_valid():
        unit.refresh_from_db()
        actions.update_unit(unit, _data(form), actor=request.user)
        messages.success(request, "单位已保存")
        return redirect("unit_list")
    return render_form(request, form, title=f"编辑单位：{unit.name}", cancel_url="/units/")


@require_POST
@login_required
def unit_archive(request, pk):
    unit = get_unit_for_admin(request.user, pk)
    if unit.subtree().filter(archived_at__isnull=True).exclude(pk=unit.pk).exists():
        messages.error(request, f"“{unit.name}”下还有未归档的下级单位，请先归档或调整下级单位")
    else:
        audit.archive(unit, actor=request.user)
        messages.success(request, f"单位“{unit.name}”已归档")
    return redirect("unit_list")


@require_POST
@login_required
def unit_restore(request, pk):
    unit = get_unit_for_admin(request.user, pk)
    audit.restore(unit, actor=request.user)
    messages.success(request, f"单位“{unit.name}”已恢复")
    return redirect("unit_list")


@login_required
def user_list(request):
    require_admin(request.user)
    users = User.objects.select_related("unit").order_by("unit__path", "username")
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(
            Q(username__icontains=q) | Q(full_name__icontains=q) | Q(unit__name__icontains=q)
        )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "orgs/user_list.html", {"page": page, "q": q})


@login_required
def user_create(request):
    require_admin(request.user)
    form = UserForm(request.POST or None)
    if form.is_valid():
        user = actions.create_user(form.save(commit=False), form.cleaned_data["password"], actor=request.user)
        messages.success(request, f"已创建用户“{user}”")
        return redirect("user_list")
    return render_form(request, form, title="新建用户", cancel_url="/users/")


@login_required
def user_edit(request, pk):
    user = get_user_for_admin(request.user, pk)
    form = UserForm(request.POST or None, instance=user)
    if form.is_valid():
        user.refresh_from_db()
        actions.update_user(user, _data(form), form.cleaned_data["password"], actor=request.user)
        messages.success(request, "用户已保存")
        return redirect("user_list")
    tokens = user.api_tokens.filter(revoked_at__isnull=True)
    return render_form(
        request,
        form,
        title=f"编辑用户：{user}",
        cancel_url="/users/",
        template="orgs/user_edit.html",
        extra={"edited": user, "tokens": tokens},
    )


@require_POST
@login_required
def user_token_revoke(request, pk, token_pk):
    user = get_user_for_admin(request.user, pk)
    token = user.api_tokens.filter(pk=token_pk, revoked_at__isnull=True).first()
    if token is None:
        raise Http404("令牌不存在或已作废")
    actions.revoke_token(token, actor=request.user)
    messages.success(request, f"已作废{user}的令牌“{token.name}”")
    return redirect("user_edit", pk=user.pk)
