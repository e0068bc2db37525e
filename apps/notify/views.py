"""系统管理员: each unit's notification channels and the outbox of deliveries; a user's own inbox."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.orgs.access import require_admin
from lib.forms import render_form

from . import actions
from .forms import ChannelForm
from .models import Channel, Delivery

DELIVERY_FILTERS = {"": "全部", **dict(Delivery.Status.choices)}


@login_required
def channels(request):
    """Channels per unit, and the most recent deliveries: failures stay listed with their last error."""
    require_admin(request.user)
    form = ChannelForm(request.POST or None)
    if form.is_valid():
        channel = actions.save_channel(Channel(), form.data_to_save(), actor=request.user)
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
            (channel, actions.mask(channel.address))
            for channel in Channel.objects.select_related("unit").order_by("unit__path", "kind", "id")
        ],
        "deliveries": deliveries[:100],
        "status": status,
        "filters": DELIVERY_FILTERS,
        "failed_count": counts.get(Delivery.Status.FAILED, 0),
        "pending_count": counts.get(Delivery.Status.PENDING, 0),
    }
    return render(request, "notify/channels.html", context, status=400 if form.errors else 200)


@login_required
def channel_edit(request, pk):
    require_admin(request.user)
    channel = get_object_or_404(Channel.objects.select_related("unit"), pk=pk)
    form = ChannelForm(request.POST or None, instance=channel)
    if form.is_valid():
        channel.refresh_from_db()
        actions.save_channel(channel, form.data_to_save(), actor=request.user)
        messages.success(request, "通知渠道已保存")
        return redirect("channels")
    return render_form(request, form, title=f"编辑通知渠道：{channel}", cancel_url="/channels/")


@require_POST
@login_required
def channel_disable(request, pk):
    require_admin(request.user)
    channel = get_object_or_404(Channel.objects.select_related("unit"), pk=pk)
    actions.disable_channel(channel, actor=request.user)
    messages.success(request, f"已停用{channel}，不再向其发送新的提醒")
    return redirect("channels")


@require_POST
@login_required
def delivery_retry(request, pk):
    require_admin(request.user)
    delivery = get_object_or_404(Delivery, pk=pk, status=Delivery.Status.FAILED)
    actions.retry_delivery(delivery, actor=request.user)
    messages.success(request, "已重新排队发送")
    return redirect("channels")


@require_POST
@login_required
def notification_read(request, pk):
    notification = request.user.notifications.filter(pk=pk).first()
    if notification is None:
        raise Http404
    actions.mark_read(notification)
    return redirect(notification.link or "todo")
