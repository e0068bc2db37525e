"""The office's own Word templates of 通报 (apps.briefings.templating): the list of its kinds with their
templates, upload (checked, a clear Chinese error otherwise), download, removal (back to the built-in
layout), and the sample template to start from, with the variables a template may use."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lib.uploads import upload_limit

from . import actions, templating
from .access import get_template_for_user, get_template_scope
from .models import Briefing, BriefingTemplate
from .views import DOCX, _attachment


class TemplateForm(forms.Form):
    kind = forms.ChoiceField(label="通报类型", choices=Briefing.Kind.choices)
    file = forms.FileField(
        label="模板文件（.docx）", help_text="用 Word 或 WPS 编辑示例模板后另存为 .docx 上传"
    )


@login_required
@upload_limit("IMPORT_MAX_BYTES")
def template_list(request):
    scope = get_template_scope(request.user)
    form = TemplateForm(request.POST, request.FILES) if request.method == "POST" else TemplateForm()
    if request.method == "POST" and form.is_valid():
        try:
            actions.upload_template(
                scope, form.cleaned_data["kind"], form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, "模板已上传，生成该类通报时将按此模板排版")
            return redirect("briefing_templates")
    kept = {
        t.kind: t for t in BriefingTemplate.objects.filter(owner_unit=scope).select_related("uploaded_by")
    }
    kinds = [(value, label, kept.get(value)) for value, label in Briefing.Kind.choices]
    context = {"scope": scope, "form": form, "kinds": kinds, "variables": templating.VARIABLES.items()}
    return render(request, "briefings/templates.html", context, status=400 if form.errors else 200)


@login_required
def template_sample(request):
    get_template_scope(request.user)
    return _attachment(templating.sample(), DOCX, "督查通报模板（示例）.docx")


@login_required
def template_download(request, pk):
    template = get_template_for_user(request.user, pk)
    with template.file.open("rb") as handle:
        return _attachment(handle.read(), DOCX, template.name)


@login_required
@require_POST
def template_delete(request, pk):
    template = get_template_for_user(request.user, pk)
    actions.delete_template(template, actor=request.user)
    messages.success(request, f"已删除{template.get_kind_display()}模板，今后按系统内置格式生成")
    return redirect("briefing_templates")
