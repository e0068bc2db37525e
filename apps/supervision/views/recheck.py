"""回头看: draw a random sample of the items closed in a period, re-check each; a problem found back
reopens its item."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.plans.forms import DateInput
from lib.forms import add_errors, render_form
from lib.widgets import FastSelect

from .. import actions_recheck as actions
from ..access_inspections import (
    can_supervise,
    can_supervise_for,
    get_recheck_for_user,
    supervised_units,
    visible_rechecks,
)
from ..models import RecheckEntry


class DrawForm(forms.Form):
    owner_unit = forms.ModelChoiceField(label="交办单位", queryset=None, widget=FastSelect)
    closed_from = forms.DateField(label="销号日期自", widget=DateInput())
    closed_to = forms.DateField(label="销号日期至", widget=DateInput())
    size = forms.IntegerField(label="抽查数量", required=False, min_value=1)
    percent = forms.DecimalField(label="或抽查比例（%）", required=False, min_value=0, max_value=100)
    seed = forms.IntegerField(
        label="抽样种子", required=False, help_text="留空则随机生成并记录；填入以往的种子可复现同一样本"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = supervised_units(user)


class EntryForm(forms.Form):
    result = forms.ChoiceField(
        label="核查结果",
        choices=[c for c in RecheckEntry.Result.choices if c[0] != RecheckEntry.Result.PENDING],
    )
    note = forms.CharField(label="核查情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))


@login_required
def recheck_list(request):
    rechecks = visible_rechecks(request.user).select_related("owner_unit", "drawn_by")
    return render(
        request,
        "supervision/recheck_list.html",
        {"rechecks": rechecks[:100], "can_draw": can_supervise(request.user)},
    )


@login_required
def recheck_draw(request):
    if not can_supervise(request.user):
        raise PermissionDenied("只有牵头机关或督查员可以组织回头看")
    today = timezone.localdate()
    initial = {
        "owner_unit": request.user.unit.jurisdiction(),
        "closed_from": today - datetime.timedelta(days=90),
        "closed_to": today,
        "percent": 20,
    }
    form = DrawForm(request.POST or None, user=request.user, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        if not can_supervise_for(request.user, data["owner_unit"]):
            raise PermissionDenied("只能对本辖区交办的事项开展回头看")
        try:
            recheck = actions.draw(
                owner_unit=data["owner_unit"],
                closed_from=data["closed_from"],
                closed_to=data["closed_to"],
                size=data["size"],
                percent=float(data["percent"])
                if data["percent"] is not None and data["size"] is None
                else None,
                seed=data["seed"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, f"已从 {recheck.population} 项已销号事项中抽取 {recheck.entries.count()} 项"
            )
            return redirect("recheck_detail", recheck.pk)
    return render_form(
        request,
        form,
        title="回头看：抽查已销号的整改事项",
        cancel_url="/rectifications/rechecks/",
        submit="抽取",
        intro="按数量或比例（二选一，都填时按数量）随机抽取期间内已销号的事项；种子随抽样记录，同一种子可复现同一样本。",
    )


@login_required
def recheck_detail(request, pk):
    recheck = get_recheck_for_user(request.user, pk)
    entries = recheck.entries.select_related("item", "item__lead_unit", "checked_by")
    context = {
        "recheck": recheck,
        "entries": entries,
        "can_check": can_supervise_for(request.user, recheck.owner_unit),
        "form": EntryForm(),
    }
    return render(request, "supervision/recheck_detail.html", context)


@require_POST
@login_required
def recheck_record(request, pk, entry_pk):
    recheck = get_recheck_for_user(request.user, pk, manage=True)
    entry = get_object_or_404(recheck.entries.select_related("item"), pk=entry_pk)
    form = EntryForm(request.POST)
    if form.is_valid():
        try:
            actions.record(
                entry, result=form.cleaned_data["result"], note=form.cleaned_data["note"], actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已记录：{entry.item} — {entry.get_result_display()}")
    else:
        messages.error(request, "请选择核查结果")
    return redirect("recheck_detail", recheck.pk)
