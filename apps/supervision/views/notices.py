"""督办单 (supervision notices) and the task page's supervision panel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, F, Q, When
from django.db.models.functions import TruncDate
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from apps.cycles.calendar import work_calendar
from apps.orgs.models import Unit
from apps.plans.access import can_manage_plan, get_task_for_user
from apps.plans.models import TaskUnit
from lib.forms import add_errors, render_form

from .. import actions, notice_docx, rules
from ..access import (
    can_issue_notice,
    can_reply_notice,
    get_notice_for_user,
    get_task_for_notice,
    visible_notices,
)
from ..access_extensions import can_decide_extension
from ..forms import NoticeForm, ReplyForm
from ..forms_procedure import ExtensionForm
from ..models import Notice
from ..panels import task_panel

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def task_supervision_partial(request, pk):
    """The task page's 督办与销号 panel on its own, for `hx-get`."""
    task = get_task_for_user(request.user, pk)
    return render(request, "supervision/_task_supervision.html", task_panel(request.user, task))


# ---- 督办单 ----


def _task_units(task):
    """Lead units first, then co-operating units."""
    lead_first = Case(When(task_links__role=TaskUnit.Role.LEAD, then=0), default=1)
    return Unit.objects.filter(task_links__task=task).order_by(
        lead_first, "task_links__order", "task_links__id"
    )


@login_required
def notice_create(request, pk):
    task = get_task_for_notice(request.user, pk)
    if task.is_archived:
        messages.error(request, "任务已归档，不能发督办单")
        return redirect("task_detail", task.pk)
    units = _task_units(task)
    today = timezone.localdate()
    form = NoticeForm(request.POST or None, units=units)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                notice = actions.issue_notice(
                    task=task,
                    unit=data["unit"],
                    level=data["level"],
                    reason=data["reason"],
                    reply_by=data["reply_by"],
                    actor=request.user,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"已向{notice.unit}发出{notice.get_level_display()}单")
                return redirect("notice_detail", notice.pk)
    else:
        # "升级为…" links here with ?unit=…&level=…; otherwise suggest from the unit's earlier notices.
        unit_id, level = request.GET.get("unit", ""), request.GET.get("level", "")
        unit = (unit_id.isdigit() and units.filter(pk=unit_id).first()) or units.first()
        if level.isdigit() and int(level) in Notice.Level.values:
            level = int(level)
        else:
            level = rules.suggested_level(task, unit, today) if unit else Notice.Level.REMIND
        form = NoticeForm(
            units=units,
            initial={
                "unit": unit,
                "level": level,
                "reply_by": work_calendar().add_workdays(today, rules.REPLY_WORKDAYS),
            },
        )
    suggestions = {u: rules.suggested_level(task, u, today) for u in units}
    hints = [
        f"{u}已有未回复或逾期的督办单，建议级别：{level.label}"
        for u, level in suggestions.items()
        if level > Notice.Level.REMIND
    ]
    return render_form(
        request,
        form,
        title=f"发督办单 — {task.title}",
        cancel_url=f"/tasks/{task.pk}/",
        submit="发出",
        intro="；".join(hints) or f"回复期限默认为 {rules.REPLY_WORKDAYS} 个工作日后（已扣除节假日）。",
    )


def _notice_context(request, notice, reply_form=None):
    user, today = request.user, timezone.localdate()
    can_manage = can_manage_plan(user, notice.task.plan)
    return {
        "notice": notice,
        "late_label": rules.late_label(notice, today),
        "colour": rules.notice_colour(notice, notice.task.plan.ladder, today),
        "reply_form": reply_form or ReplyForm(),
        "can_reply": can_reply_notice(user, notice),
        "can_close": can_manage and notice.closed_at is None,
        "can_escalate": notice.level < Notice.Level.BULLETIN and can_issue_notice(user, notice.task),
        "extensions": notice.extensions.select_related("asked_by"),
        "can_ask_extension": can_reply_notice(user, notice) and today <= notice.reply_by,
        "can_decide_extension": can_decide_extension(user, notice),
        "extension_form": ExtensionForm(),
        "earlier": visible_notices(user)
        .filter(task=notice.task, unit=notice.unit)
        .exclude(pk=notice.pk)
        .select_related("issued_by"),
    }


@login_required
def notice_detail(request, pk):
    notice = get_notice_for_user(request.user, pk)
    return render(request, "supervision/notice_detail.html", _notice_context(request, notice))


@login_required
def notice_print(request, pk):
    """The 督办单 as a one-page .docx to print."""
    notice = get_notice_for_user(request.user, pk)
    body = notice_docx.render(notice, office=str(notice.task.plan.owner_unit))
    response = HttpResponse(body, content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"督办单-{notice.pk}.docx")
    return response


@require_POST
@login_required
def notice_reply(request, pk):
    notice = get_notice_for_user(request.user, pk, action="reply")
    if notice.closed_at:
        messages.error(request, "该督办单已办结，不能再回复")
        return redirect("notice_detail", notice.pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            actions.reply_notice(notice, reply=form.cleaned_data["reply"], actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已回复办理情况")
        return redirect("notice_detail", notice.pk)
    context = _notice_context(request, notice, reply_form=form)
    return render(request, "supervision/notice_detail.html", context, status=400)


@require_POST
@login_required
def notice_close(request, pk):
    notice = get_notice_for_user(request.user, pk, action="manage")
    actions.close_notice(notice, actor=request.user)
    messages.success(request, "督办单已办结")
    return redirect("notice_detail", notice.pk)


FILTERS = {"": "全部", "open": "未办结", "unreplied": "未回复", "late": "逾期", "closed": "已办结"}


@login_required
def notice_list(request):
    """Unit staff see their unit's notices; oversight roles those of the tasks in their jurisdiction."""
    today = timezone.localdate()
    notices = (
        visible_notices(request.user)
        .select_related("task", "task__plan", "unit")
        .order_by("-issued_at", "-id")
    )
    status = request.GET.get("status", "")
    if status == "open":
        notices = notices.filter(closed_at__isnull=True)
    elif status == "unreplied":
        notices = notices.filter(replied_at__isnull=True, closed_at__isnull=True)
    elif status == "late":
        notices = notices.annotate(replied_on=TruncDate("replied_at")).filter(
            Q(replied_at__isnull=True, reply_by__lt=today) | Q(replied_on__gt=F("reply_by"))
        )
    elif status == "closed":
        notices = notices.filter(closed_at__isnull=False)
    else:
        status = ""
    page = Paginator(notices, 50).get_page(request.GET.get("page"))
    rules.annotate(page.object_list, today)
    return render(
        request, "supervision/notice_list.html", {"page": page, "status": status, "filters": FILTERS}
    )
