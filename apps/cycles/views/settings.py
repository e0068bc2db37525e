"""系统管理员: the 放假调休 calendar, and each unit's notification channels with their deliveries."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.orgs.access import require_admin
from apps.orgs.models import Unit
from lib.forms import render_form
from lib.workdays import library_years

from .. import actions
from ..forms import ChannelForm, HolidayForm
from ..models import Channel, Delivery, Holiday

# AuditEvent.Action has no "delete" yet; the raw value is recorded until it does.
DELETE = AuditEvent.Action.DELETE

COVERAGE_LABELS = {
    "library": "由 chinese-calendar 提供",
    "manual": "由管理员录入",
    "weekdays": "未覆盖：仅按周一至周五计算，请录入官方放假调休安排",
}


# ---- 放假调休 ----


@login_required
def holidays(request):
    require_admin(request.user)
    form = HolidayForm(request.POST or None)
    if form.is_valid():
        holiday = audit.create(form.save(commit=False), ("day", "is_workday", "name"), actor=request.user)
        messages.success(
            request, f"已录入 {holiday.day:%Y-%m-%d}（{'上班' if holiday.is_workday else '放假'}）"
        )
        return redirect("holidays")
    today = timezone.localdate()
    calendar = actions.work_calendar()
    low, high = library_years()
    context = {
        "form": form,
        "library_years": (low, high),
        "coverage": [
            (year, calendar.coverage(year), COVERAGE_LABELS[calendar.coverage(year)])
            for year in (today.year, today.year + 1)
        ],
        "years": [(year, list(days)) for year, days in groupby(Holiday.objects.all(), lambda h: h.day.year)],
    }
    return render(request, "cycles/holidays.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def holiday_delete(request, pk):
    require_admin(request.user)
    holiday = get_object_or_404(Holiday, pk=pk)
    with transaction.atomic():
        audit.record(
            request.user,
            DELETE,
            holiday,
            {k: [v, None] for k, v in audit.snapshot(holiday, ("day", "is_workday", "name")).items()},
        )
        holiday.delete()
    messages.success(request, f"已删除 {holiday.day:%Y-%m-%d}")
    return redirect("holidays")


# ---- 通知渠道 ----


def mask(address: str) -> str:
    """A robot webhook carries its access token in the query string: show only its last 4 characters.

    >>> mask("https://oapi.dingtalk.com/robot/send?access_token=abcdef123456")
    'https://oapi.dingtalk.com/robot/send?…3456'
    >>> mask("office@example.gov.cn")
    'office@example.gov.cn'
    """
    base, _, query = address.partition("?")
    return f"{base}?…{query[-4:]}" if query else address


def _channel_facts(channel) -> dict:
    return {
        "unit": str(channel.unit),
        "kind": channel.get_kind_display(),
        "address": mask(channel.address),
        "enabled": channel.enabled,
    }


@transaction.atomic
def _save_channel(channel, data, *, actor):
    """Create or update a channel with an audit row; the webhook's token never reaches the audit log."""
    before = _channel_facts(channel) if channel.pk else dict.fromkeys(("unit", "kind", "address", "enabled"))
    old_address = channel.address if channel.pk else None
    for field, value in data.items():
        setattr(channel, field, value)
    created = channel.pk is None
    channel.save()
    after = _channel_facts(channel)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if not created and old_address != channel.address and "address" not in changes:
        changes["address"] = [before["address"], f"{after['address']}（已更换）"]
    if changes:
        action = AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE
        audit.record(actor, action, channel, changes)
    return channel


def _channel_data(form):
    return {f: form.cleaned_data[f] for f in form.Meta.fields}


def _channel_form(data=None, **kwargs):
    form = ChannelForm(data, **kwargs)
    form.fields["unit"].queryset = Unit.objects.filter(archived_at__isnull=True)
    return form


DELIVERY_FILTERS = {"": "全部", **dict(Delivery.Status.choices)}


@login_required
def channels(request):
    """Channels per unit, and the most recent deliveries: failures stay listed with their last error."""
    require_admin(request.user)
    form = _channel_form(request.POST or None)
    if form.is_valid():
        channel = _save_channel(Channel(), _channel_data(form), actor=request.user)
        messages.success(request, f"已添加{channel}")
        return redirect("channels")
    status = request.GET.get("status", "")
    deliveries = Delivery.objects.select_related("channel", "channel__unit").order_by("-created_at", "-id")
    if status in Delivery.Status.values:
        deliveries = deliveries.filter(status=status)
    else:
        status = ""
    counts = dict(Delivery.objects.values_list("status").annotate(n=Count("id")))
    context = {
        "form": form,
        "channels": [
            (channel, mask(channel.address))
            for channel in Channel.objects.select_related("unit").order_by("unit__path", "kind", "id")
        ],
        "deliveries": deliveries[:100],
        "status": status,
        "filters": DELIVERY_FILTERS,
        "failed_count": counts.get(Delivery.Status.FAILED, 0),
        "pending_count": counts.get(Delivery.Status.PENDING, 0),
    }
    return render(request, "cycles/channels.html", context, status=400 if form.errors else 200)


@login_required
def channel_edit(request, pk):
    require_admin(request.user)
    channel = get_object_or_404(Channel.objects.select_related("unit"), pk=pk)
    form = _channel_form(request.POST or None, instance=channel)
    if form.is_valid():
        channel.refresh_from_db()
        _save_channel(channel, _channel_data(form), actor=request.user)
        messages.success(request, "通知渠道已保存")
        return redirect("channels")
    return render_form(request, form, title=f"编辑通知渠道：{channel}", cancel_url="/channels/")


@require_POST
@login_required
def channel_disable(request, pk):
    require_admin(request.user)
    channel = get_object_or_404(Channel.objects.select_related("unit"), pk=pk)
    _save_channel(channel, {"enabled": False}, actor=request.user)
    messages.success(request, f"已停用{channel}，不再向其发送新的提醒")
    return redirect("channels")


@require_POST
@login_required
def delivery_retry(request, pk):
    """Send a FAILED delivery again (e.g. after the webhook was fixed): back to PENDING, attempts reset."""
    require_admin(request.user)
    delivery = get_object_or_404(Delivery, pk=pk, status=Delivery.Status.FAILED)
    with transaction.atomic():
        delivery.status, delivery.attempts, delivery.next_attempt_at = (
            Delivery.Status.PENDING,
            0,
            timezone.now(),
        )
        delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
        audit.record(request.user, AuditEvent.Action.UPDATE, delivery, {"status": ["failed", "pending"]})
    messages.success(request, "已重新排队发送")
    return redirect("channels")
