"""领导批示: a leader writes one on a task, a progress report, a 督办单 or a rectification item; the named
unit answers; 我的批示."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.db.models.functions import TruncDate
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.cycles.access import get_report_for_user
from apps.orgs.access import is_unit_staff_of
from apps.plans.access import get_task_for_user, jurisdiction_units
from lib.forms import add_errors, render_form

from .. import actions_instructions as actions
from ..access import get_notice_for_user
from ..access_inspections import get_rectification_for_user
from ..access_instructions import can_instruct, get_instruction_for_user, visible_instructions
from ..forms_instructions import AnswerForm, InstructionForm

DEFAULT_DAYS = 10  # default 办理时限: ten days on
FILTERS = {"": "全部", "mine": "我的批示", "open": "未办理", "late": "逾期", "answered": "已办理"}


def _create(request, *, subject, cancel_url, lead_unit, **target):
    if not can_instruct(request.user):
        raise PermissionDenied("只有领导可以作出批示")
    form = InstructionForm(request.POST or None, units=jurisdiction_units(request.user))
    if request.method == "POST":
        if form.is_valid():
            try:
                item = actions.issue_instruction(actor=request.user, **form.cleaned_data, **target)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"批示已送{item.unit}办理")
                return redirect("instruction_detail", item.pk)
    else:
        form = InstructionForm(
            units=jurisdiction_units(request.user),
            initial={
                "unit": lead_unit,
                "answer_by": timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS),
            },
        )
    return render_form(request, form, title=f"批示 — {subject}", cancel_url=cancel_url, submit="批示")


@login_required
def instruction_on_task(request, pk):
    task = get_task_for_user(request.user, pk)
    lead = next(iter(task.lead_units), None)
    return _create(request, subject=task.title, cancel_url=f"/tasks/{task.pk}/", lead_unit=lead, task=task)


@login_required
def instruction_on_rectification(request, pk):
    item = get_rectification_for_user(request.user, pk)
    return _create(
        request,
        subject=str(item),
        cancel_url=f"/rectifications/{item.pk}/",
        lead_unit=item.lead_unit,
        rectification=item,
    )


@login_required
def instruction_on_report(request, pk):
    report = get_report_for_user(request.user, pk)
    return _create(
        request,
        subject=f"{report.task.title}（{report.unit}进展报告）",
        cancel_url=f"/reports/{report.pk}/",
        lead_unit=report.unit,
        report=report,
    )


@login_required
def instruction_on_notice(request, pk):
    notice = get_notice_for_user(request.user, pk)
    return _create(
        request,
        subject=f"{notice.task.title}（{notice.get_level_display()}）",
        cancel_url=f"/notices/{notice.pk}/",
        lead_unit=notice.unit,
        notice=notice,
    )


@login_required
def instruction_list(request):
    today = timezone.localdate()
    items = visible_instructions(request.user).select_related(
        "leader", "unit", "task", "rectification", "report__unit", "notice"
    )
    status = request.GET.get("status", "")
    if status == "mine":
        items = items.filter(leader=request.user)
    elif status == "open":
        items = items.filter(answered_at__isnull=True)
    elif status == "late":
        items = items.annotate(answered_on=TruncDate("answered_at")).filter(
            Q(answered_at__isnull=True, answer_by__lt=today) | Q(answered_on__gt=F("answer_by"))
        )
    elif status == "answered":
        items = items.filter(answered_at__isnull=False)
    else:
        status = ""
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.late = item.is_late(today)
    filters = FILTERS if can_instruct(request.user) else {k: v for k, v in FILTERS.items() if k != "mine"}
    return render(
        request, "supervision/instruction_list.html", {"page": page, "status": status, "filters": filters}
    )


def _detail(request, item, form=None, status=200):
    context = {
        "item": item,
        "late": item.is_late(timezone.localdate()),
        "can_answer": not item.answered_at and is_unit_staff_of(request.user, item.unit),
        "form": form or AnswerForm(),
    }
    return render(request, "supervision/instruction_detail.html", context, status=status)


@login_required
def instruction_detail(request, pk):
    return _detail(request, get_instruction_for_user(request.user, pk))


@require_POST
@login_required
def instruction_answer(request, pk):
    item = get_instruction_for_user(request.user, pk, answer=True)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.answer_instruction(item, answer=form.cleaned_data["answer"], actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "已报告办理情况")
            return redirect("instruction_detail", item.pk)
    return _detail(request, item, form, status=400)
