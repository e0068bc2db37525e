"""督查通报 pages: all 通报 the user reads (with "生成全部计划的通报" for coordinators), a plan's 通报
with its generate form (kind, period, this plan or all plans), the preview (text and tables), editing the
free texts, publishing, the .docx download and its PDF (when LibreOffice is there)."""

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

from . import actions, jobs, pdf, periods, text
from .access import (
    briefing_plans,
    briefing_scope,
    can_manage_briefing,
    can_manage_briefings,
    get_briefing_for_user,
    get_briefing_job_for_user,
    get_plan_for_briefings,
    get_scope_for_briefings,
    visible_briefings,
)
from .chart import cjk_font
from .data import NoFigures
from .models import Briefing

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


PERIOD_HELP = "；".join(f"{label}：{periods.FORMATS[kind][1]}" for kind, label in Briefing.Kind.choices)
PLAN, ALL_PLANS = "plan", "all"


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(
        label="通报类型", choices=Briefing.Kind.choices, initial=Briefing.Kind.MONTHLY, required=False
    )
    period = forms.CharField(label="期次", max_length=7, help_text=PERIOD_HELP)
    scope = forms.ChoiceField(
        label="范围",
        choices=[(PLAN, "本计划"), (ALL_PLANS, "全部计划（本辖区已发布的所有计划）")],
        required=False,
    )

    def __init__(self, *args, all_plans=None, **kwargs):
        """`all_plans`: the jurisdiction whose 全部计划 the user may choose (None: no such choice)."""
        super().__init__(*args, **kwargs)
        if all_plans is None:
            del self.fields["scope"]
        else:
            self.fields["scope"].choices = [(PLAN, "本计划"), (ALL_PLANS, f"{all_plans.name}全部计划")]


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


def _initial():
    return {"period": f"{timezone.localdate():%Y-%m}", "kind": Briefing.Kind.MONTHLY, "scope": PLAN}


@login_required
def briefing_index(request):
    briefings = visible_briefings(request.user)[:200]
    plans = briefing_plans(request.user)[:100]
    scope = briefing_scope(request.user)
    form = GenerateForm(initial=_initial()) if scope is not None else None
    context = {"briefings": briefings, "plans": plans, "scope": scope, "form": form}
    return render(request, "briefings/index.html", context)


@login_required
def plan_briefings(request, plan_id):
    plan = get_plan_for_briefings(request.user, plan_id)
    return render(
        request,
        "briefings/plan_list.html",
        {
            "plan": plan,
            "briefings": visible_briefings(request.user, plan),
            "can_manage": can_manage_briefings(request.user, plan),
            "form": GenerateForm(initial=_initial(), all_plans=briefing_scope(request.user)),
        },
    )


@login_required
@require_POST
def briefing_generate(request, plan_id):
    """Generate the plan's 通报 — or, with 范围 全部计划, that of all plans of the user's jurisdiction."""
    plan = get_plan_for_briefings(request.user, plan_id, manage=True)
    if request.POST.get("scope") == ALL_PLANS:
        return _generate(request, None, briefing_scope(request.user), back=("plan_briefings", plan.pk))
    return _generate(request, plan, None, back=("plan_briefings", plan.pk))


@login_required
@require_POST
def scope_briefing_generate(request):
    """Generate the 通报 of all plans of a jurisdiction: the user's own, or the one posted (`scope`)."""
    scope_id = request.POST.get("scope_id") or getattr(briefing_scope(request.user), "pk", None)
    scope = get_scope_for_briefings(request.user, scope_id)
    return _generate(request, None, scope, back=("briefing_index",))


def _generate(request, plan, scope, *, back):
    today = timezone.localdate()
    form = GenerateForm(request.POST)
    form.fields.pop("scope", None)
    if not form.is_valid():
        messages.error(request, "请选择通报类型并填写期次，如 2026-11")
        return redirect(*back)
    kind = form.cleaned_data["kind"] or Briefing.Kind.MONTHLY
    try:
        period = periods.parse(kind, form.cleaned_data["period"], today=today)
    except periods.PeriodError as exc:
        messages.error(request, str(exc))
        return redirect(*back)
    tasks = jobs.plan_tasks(plan, scope)
    if tasks > jobs.job_threshold():
        job = jobs.start_generation(
            request.user, plan, period.year, period.last_month, tasks, kind=kind, scope=scope
        )
        return redirect("briefing_job", job.pk)
    try:
        briefing = actions.generate(
            plan, period.year, period.last_month, actor=request.user, today=today, kind=kind, scope=scope
        )
    except NoFigures as exc:
        messages.error(request, str(exc))
        return redirect(*back)
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
        "can_manage": can_manage_briefing(request.user, briefing),
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
