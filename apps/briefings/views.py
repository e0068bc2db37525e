"""督查通报 pages: all 通报 the user reads, a plan's 通报 with "生成本月通报", the preview (text and
tables), editing the free texts, publishing, the .docx download and its PDF (when LibreOffice is there)."""

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lib.forms import add_errors, render_form

from . import actions, jobs, pdf, text
from .access import (
    briefing_plans,
    can_manage_briefings,
    get_briefing_for_user,
    get_briefing_job_for_user,
    get_plan_for_briefings,
    visible_briefings,
)
from .chart import cjk_font
from .data import PeriodError, parse_period
from .models import Briefing

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class GenerateForm(forms.Form):
    period = forms.CharField(label="月份", max_length=7, help_text="年-月，如 2026-11")


class TextsForm(forms.ModelForm):
    class Meta:
        model = Briefing
        fields = ["title", "office", "copy_to", "problems_extra", "requirements"]
        widgets = {
            "problems_extra": forms.Textarea(attrs={"rows": 5}),
            "requirements": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "problems_extra": "附在各单位报送的存在问题之后，每段一行",
            "requirements": "每段一行，如“一是……”",
        }


@login_required
def briefing_index(request):
    briefings = visible_briefings(request.user)[:200]
    plans = briefing_plans(request.user)[:100]
    return render(request, "briefings/index.html", {"briefings": briefings, "plans": plans})


@login_required
def plan_briefings(request, plan_id):
    plan = get_plan_for_briefings(request.user, plan_id)
    today = timezone.localdate()
    return render(
        request,
        "briefings/plan_list.html",
        {
            "plan": plan,
            "briefings": visible_briefings(request.user, plan),
            "can_manage": can_manage_briefings(request.user, plan),
            "form": GenerateForm(initial={"period": f"{today:%Y-%m}"}),
        },
    )


@login_required
@require_POST
def briefing_generate(request, plan_id):
    plan = get_plan_for_briefings(request.user, plan_id, manage=True)
    today = timezone.localdate()
    form = GenerateForm(request.POST)
    try:
        if not form.is_valid():
            raise PeriodError("请填写月份，如 2026-11")
        year, month = parse_period(form.cleaned_data["period"], today=today)
    except PeriodError as exc:
        messages.error(request, str(exc))
        return redirect("plan_briefings", plan.pk)
    tasks = jobs.plan_tasks(plan)
    if tasks > jobs.job_threshold():
        job = jobs.start_generation(request.user, plan, year, month, tasks)
        return redirect("briefing_job", job.pk)
    briefing = actions.generate(plan, year, month, actor=request.user, today=today)
    messages.success(
        request, f"已按{text.cn_date(briefing.data['as_of'])}的台账数据生成通报草稿，请核对后发布"
    )
    return redirect("briefing_detail", briefing.pk)


@login_required
def briefing_job(request, pk):
    """A large plan's generation in the background; the htmx part polls itself until the draft is ready."""
    job = get_briefing_job_for_user(request.user, pk)
    template = "briefings/_job.html" if request.htmx else "briefings/job.html"
    return render(request, template, {"job": job, "plan": job.plan})


@login_required
def briefing_detail(request, pk):
    briefing = get_briefing_for_user(request.user, pk)
    data = briefing.data
    context = {
        "briefing": briefing,
        "can_manage": can_manage_briefings(request.user, briefing.plan),
        "blocks": text.blocks(
            data,
            office=briefing.office,
            problems_extra=briefing.problems_extra,
            requirements=briefing.requirements,
        ),
        "tables": text.tables(data),
        "as_of": text.cn_date(data["as_of"]),
        "no_chart_font": cjk_font() is None,
        "pdf_available": pdf.soffice() is not None,
        "no_pdf": pdf.NO_LIBREOFFICE,
    }
    return render(request, "briefings/detail.html", context)


@login_required
def briefing_edit(request, pk):
    briefing = get_briefing_for_user(request.user, pk, manage=True)
    form = TextsForm(request.POST or None, instance=Briefing.objects.get(pk=briefing.pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_texts(briefing, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "通报文字已保存")
            return redirect("briefing_detail", briefing.pk)
    return render_form(
        request,
        form,
        title=f"修改通报文字：{briefing.title}",
        cancel_url=f"/briefings/{briefing.pk}/",
        intro="数字和附件表格由台账数据生成，不能手改；如台账已更新，请在通报列表重新生成。",
    )


@login_required
@require_POST
def briefing_publish(request, pk):
    briefing = get_briefing_for_user(request.user, pk, manage=True)
    try:
        briefing = actions.publish(briefing, actor=request.user, today=timezone.localdate())
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"通报已发布：{briefing.number_label}")
    return redirect("briefing_detail", briefing.pk)


def _docx(briefing) -> tuple[bytes, str]:
    """The published 通报's kept file; a draft's .docx rendered now from its snapshot and texts. With the
    download's name (a draft's marked as such)."""
    if briefing.status == Briefing.Status.PUBLISHED and briefing.file:
        with briefing.file.open("rb") as handle:
            content = handle.read()
    else:
        content = actions.render_docx(briefing, date=timezone.localdate())
    name = briefing.filename if briefing.number else f"（草稿）{briefing.filename}"
    return content, name


def _attachment(content, content_type, name):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def briefing_download(request, pk):
    briefing = get_briefing_for_user(request.user, pk)
    content, name = _docx(briefing)
    return _attachment(content, DOCX, name)


@login_required
def briefing_pdf(request, pk):
    """The same document as PDF, converted by LibreOffice; without it (or when the conversion fails) back
    to the 通报 page with the reason, and the Word download still there."""
    briefing = get_briefing_for_user(request.user, pk)
    content, name = _docx(briefing)
    try:
        converted = pdf.convert(content)
    except pdf.PdfError as exc:
        messages.error(request, str(exc))
        return redirect("briefing_detail", briefing.pk)
    return _attachment(converted, "application/pdf", name.removesuffix(".docx") + ".pdf")
