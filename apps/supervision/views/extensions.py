"""延期申请 on a task (完成时限) or a 督办单 (回复期限), and the decision on any 延期申请. A rectification
item's request is asked inline on its page (views/rectification.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from apps.plans.access import get_task_for_user
from lib.forms import add_errors, render_form

from .. import actions_extensions as actions
from ..access import get_notice_for_user
from ..access_extensions import can_ask_extension, get_extension_for_user
from ..forms_procedure import ExtensionDecisionForm, ExtensionForm


def _ask(request, subject, *, limit, limit_name, back_url, title):
    if not can_ask_extension(request.user, subject):
        raise PermissionDenied("只有责任单位可以申请延期")
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.ask_extension(subject, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "延期申请已提交，等待审批")
            return redirect(back_url)
    return render_form(
        request,
        form,
        title=f"申请延期 — {title}",
        cancel_url=back_url,
        submit="申请延期",
        intro=f"原{limit_name}：{limit:%Y-%m-%d}。须在{limit_name}届满前（最迟当天）申请；逾期后不能申请，按原时限计。"
        if limit
        else f"没有{limit_name}，无需延期。",
    )


@login_required
def extension_on_task(request, pk):
    task = get_task_for_user(request.user, pk)
    return _ask(
        request,
        task,
        limit=task.due_date,
        limit_name="完成时限",
        back_url=f"/tasks/{task.pk}/",
        title=task.title,
    )


@login_required
def extension_on_notice(request, pk):
    notice = get_notice_for_user(request.user, pk)
    return _ask(
        request,
        notice,
        limit=notice.reply_by,
        limit_name="回复期限",
        back_url=f"/notices/{notice.pk}/",
        title=f"【{notice.get_level_display()}】{notice.task.title}",
    )


def _subject_url(extension) -> str:
    if extension.item_id:
        return f"/rectifications/{extension.item_id}/"
    if extension.notice_id:
        return f"/notices/{extension.notice_id}/"
    return f"/tasks/{extension.task_id}/"


@require_POST
@login_required
def extension_decide(request, pk):
    extension = get_extension_for_user(request.user, pk, decide=True)
    form = ExtensionDecisionForm(request.POST)
    grant = request.POST.get("decision") == "grant"
    form.is_valid()
    try:
        actions.decide_extension(
            extension, grant=grant, comment=form.cleaned_data.get("comment", ""), actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request, f"已同意延期至 {extension.new_date:%Y-%m-%d}" if grant else "已不同意延期，按原时限计"
        )
    return redirect(_subject_url(extension))
