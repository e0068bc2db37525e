"""Document → ledger: upload, review the proposed ledger, publish it as a plan."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from apps.orgs.models import Role, Unit
from apps.plans.access import can_create_plan_for, jurisdiction_ids
from extractor import ExtractionError, load_text

from . import actions, drafts
from .forms import PublishForm, UploadForm
from .models import Draft


def _owner_units(user):
    ids = jurisdiction_ids(user)
    units = Unit.objects.filter(archived_at__isnull=True)
    return units if ids is None else units.filter(id__in=ids)


def get_draft_for_user(user, pk) -> Draft:
    """Drafts are seen only by coordinators whose jurisdiction covers the issuing unit."""
    draft = Draft.objects.select_related("document", "owner_unit").filter(pk=pk).first()
    if draft is None or not can_create_plan_for(user, draft.owner_unit):
        raise Http404("草稿不存在")
    return draft


@login_required
def upload(request):
    if not request.user.has_role(Role.COORDINATOR):
        raise PermissionDenied("只有牵头机关可以解析文件生成台账")
    form = UploadForm(request.POST or None, request.FILES or None, owner_units=_owner_units(request.user))
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload:
                if upload.size > settings.IMPORT_MAX_BYTES:
                    limit = _size(settings.IMPORT_MAX_BYTES)
                    raise ExtractionError(f"文件超过 {limit} 的上限，请拆分后再上传")
                raw = upload.read()
                text = load_text(raw, upload.name, max_bytes=settings.IMPORT_MAX_BYTES)
                filename = upload.name
            else:
                raw, text, filename = None, form.cleaned_data["text"], "粘贴的文本.txt"
            draft = actions.create_draft(
                text=text,
                filename=filename,
                raw=raw,
                title=form.cleaned_data["title"],
                year=form.cleaned_data["year"],
                owner_unit=form.cleaned_data["owner_unit"],
                actor=request.user,
            )
        except ExtractionError as exc:
            form.add_error("file" if upload else "text", str(exc))
        else:
            return redirect("draft_review", draft.pk)
    drafts_in_review = Draft.objects.filter(
        status=Draft.Status.REVIEW, owner_unit__in=_owner_units(request.user)
    )
    return render(
        request,
        "documents/upload.html",
        {"form": form, "drafts": drafts_in_review},
        status=400 if form.errors else 200,
    )


def _size(n: int) -> str:
    """10485760 → "10 MB", 2048 → "2 KB"."""
    return f"{n / 1048576:g} MB" if n >= 1048576 else f"{n / 1024:g} KB"


def _highlighted(text: str, data: dict) -> str:
    """The source text with every kept task span marked, escaped piece by piece."""
    spans = sorted((t["start"], t["end"], t["key"]) for _, t in drafts.kept_tasks(data))
    out, pos = [], 0
    for start, end, key in spans:
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        out.append(f'<mark id="src-{key}" data-task="{key}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def _review_context(draft, request, error=None):
    units = _owner_units(request.user)
    return {
        "draft": draft,
        "data": draft.data,
        "counts": drafts.counts(draft.data),
        "units": units,
        "unit_names": dict(units.values_list("id", "name")),
        "editing": request.GET.get("edit"),
        "source": _highlighted(draft.document.text, draft.data),
        "publish_form": PublishForm(units=units),
        "error": error,
    }


@login_required
def review(request, pk):
    draft = get_draft_for_user(request.user, pk)
    if draft.status == Draft.Status.PUBLISHED:
        return redirect("plan_ledger", draft.plan_id)
    return render(request, "documents/review.html", _review_context(draft, request))


def _int_list(values):
    return [int(v) for v in values if str(v).isdigit()]


@login_required
def task_units(request, pk, key):
    """The lead/co unit pickers of one task, loaded when the reviewer opens them (keeps the page light)."""
    draft = get_draft_for_user(request.user, pk)
    try:
        _, _, task = drafts.find(draft.data, key)
    except drafts.DraftError:
        raise Http404 from None
    units = dict(_owner_units(request.user).values_list("id", "name"))
    return render(request, "documents/_task_units.html", {"task": task, "unit_names": units})


@require_POST
@login_required
def task_action(request, pk, key, action):
    """One reviewer edit (save, drop, restore, merge, split); htmx swaps the proposal panel."""
    draft = get_draft_for_user(request.user, pk)
    if draft.status != Draft.Status.REVIEW:
        raise Http404("草稿已发布或已放弃")
    text = draft.document.text
    error = None
    try:
        if action == "save":
            allowed = set(_owner_units(request.user).values_list("id", flat=True))
            units = {}
            if "units" in request.POST:  # the unit pickers were open
                units = {
                    "lead_unit_ids": [i for i in _int_list(request.POST.getlist("lead")) if i in allowed],
                    "co_unit_ids": [i for i in _int_list(request.POST.getlist("co")) if i in allowed],
                }
            drafts.edit(draft.data, key, title=request.POST.get("title"), **units)
        elif action in ("drop", "restore"):
            drafts.edit(draft.data, key, dropped=action == "drop")
        elif action == "merge":
            drafts.merge_with_previous(draft.data, key, text)
        elif action == "split":
            drafts.split(draft.data, key, text)
        else:
            raise Http404
        draft.save(update_fields=["data", "updated_at"])
    except drafts.DraftError as exc:
        error = str(exc)
    context = _review_context(draft, request, error)
    if request.htmx:
        return render(request, "documents/_proposal.html", context)
    if error:
        messages.error(request, error)
    return redirect("draft_review", draft.pk)


@require_POST
@login_required
def publish(request, pk):
    draft = get_draft_for_user(request.user, pk)
    if draft.status != Draft.Status.REVIEW:
        raise Http404("草稿已发布或已放弃")
    form = PublishForm(request.POST, units=_owner_units(request.user))
    if form.is_valid():
        try:
            plan = actions.publish(
                draft, default_lead_unit=form.cleaned_data["default_lead_unit"], actor=request.user
            )
        except drafts.DraftError as exc:
            messages.error(request, f"{exc}。请逐项指定，或选择默认牵头单位后再发布。")
        else:
            messages.success(request, f"已发布计划“{plan.title}”，共 {plan.tasks.count()} 项任务")
            return redirect("plan_ledger", plan.pk)
    return redirect("draft_review", draft.pk)


@require_POST
@login_required
def discard(request, pk):
    draft = get_draft_for_user(request.user, pk)
    if draft.status != Draft.Status.REVIEW:
        raise Http404("草稿已发布或已放弃")
    draft.status = Draft.Status.DISCARDED
    draft.save(update_fields=["status", "updated_at"])
    messages.success(request, "草稿已放弃（原文件仍保留）")
    return redirect("draft_upload")
