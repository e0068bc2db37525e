"""Document → ledger: upload, review the proposed ledger, publish it as a plan."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from apps.orgs.models import Unit
from apps.plans.access import can_create_plan_for, can_manage_plans, jurisdiction_units
from extractor import ExtractionError, load_text
from lib.uploads import upload_limit

from . import actions, drafts, unit_search
from .forms import PublishForm, UploadForm
from .models import Draft


def get_draft_for_user(user, pk) -> Draft:
    """Drafts are seen only by coordinators whose jurisdiction covers the issuing unit."""
    draft = Draft.objects.select_related("document", "owner_unit").filter(pk=pk).first()
    if draft is None or not can_create_plan_for(user, draft.owner_unit):
        raise Http404("草稿不存在")
    return draft


@upload_limit("IMPORT_MAX_BYTES")
@login_required
def upload(request):
    if not can_manage_plans(request.user):
        raise PermissionDenied("只有牵头机关可以解析文件生成台账")
    form = UploadForm(
        request.POST or None, request.FILES or None, owner_units=jurisdiction_units(request.user)
    )
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
        status=Draft.Status.REVIEW, owner_unit__in=jurisdiction_units(request.user)
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
    spans = sorted(
        (t["start"], t["end"], t["key"]) for _, t in drafts.kept_tasks(data) if t["start"] is not None
    )
    out, pos = [], 0
    for start, end, key in spans:
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        out.append(f'<mark id="src-{key}" data-task="{key}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


# the confidence thresholds the reviewer can filter by (只看存疑项)
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
PICKER = re.compile(r"^[\w-]{1,40}$")
PICKER_FIELDS = {"lead", "co", "default_lead_unit"}


def _filter(request) -> tuple[bool, float]:
    params = request.POST if request.method == "POST" else request.GET
    try:
        below = float(params.get("below", drafts.LOW_CONFIDENCE))
    except ValueError:
        below = drafts.LOW_CONFIDENCE
    return params.get("doubtful") == "1", below if below in THRESHOLDS else drafts.LOW_CONFIDENCE


def _shown_areas(data: dict, doubtful: bool, below: float) -> list[dict]:
    """The areas and tasks the proposal panel lists: all, or only those with a doubtful task or target."""
    if not doubtful:
        return data["areas"]
    shown = []
    for area in data["areas"]:
        tasks = [
            t
            for t in area["tasks"]
            if drafts.is_doubtful(t, below) or any(drafts.is_doubtful(g, below) for g in t["targets"])
        ]
        if tasks:
            shown.append({**area, "tasks": tasks})
    return shown


def _unit_names(data: dict, extra=()) -> dict[int, str]:
    """Names of the units the draft assigns (not the whole tree: a province has thousands)."""
    ids = {
        i
        for t in (t for a in data["areas"] for t in a["tasks"])
        for i in (*t["lead_unit_ids"], *t["co_unit_ids"])
    }
    return dict(Unit.objects.filter(id__in=ids | set(extra)).values_list("id", "name"))


def _review_context(draft, request, error=None, failed=None):
    data = drafts.upgrade(draft.data)
    doubtful, below = _filter(request)
    return {
        "draft": draft,
        "data": data,
        "areas": _shown_areas(data, doubtful, below),
        "doubtful": doubtful,
        "below": below,
        "thresholds": THRESHOLDS,
        "low": drafts.LOW_CONFIDENCE,
        "comparators": drafts.COMPARATORS,
        "counts": drafts.counts(data),
        "unit_names": _unit_names(data),
        "editing": request.GET.get("edit"),
        "source": _highlighted(draft.document.text, data),
        "error": error,
        "failed": failed if error else None,
        "posted": request.POST if error else None,
    }


@login_required
def review(request, pk):
    draft = get_draft_for_user(request.user, pk)
    if draft.status == Draft.Status.PUBLISHED:
        return redirect("plan_ledger", draft.plan_id)
    template = "documents/_proposal.html" if request.htmx else "documents/review.html"
    return render(request, template, _review_context(draft, request))


def _int_list(values):
    return [int(v) for v in values if str(v).isdigit()]


def _allowed(request, ids) -> list[int]:
    """The ids (in order) that are units of the reviewer's jurisdiction."""
    ids = _int_list(ids)
    found = set(jurisdiction_units(request.user).filter(id__in=ids).values_list("id", flat=True))
    return [i for i in ids if i in found]


@login_required
def task_units(request, pk, key):
    """The lead/co unit pickers of one task, loaded when the reviewer opens them (keeps the page light)."""
    draft = get_draft_for_user(request.user, pk)
    try:
        _, _, task = drafts.find(draft.data, key)
    except drafts.DraftError:
        raise Http404 from None
    names = _unit_names(draft.data)
    return render(request, "documents/_task_units.html", {"draft": draft, "task": task, "unit_names": names})


@login_required
def search_units(request, pk):
    """htmx type-ahead of a unit picker: the units chosen so far (kept checked) and the hits for `q`."""
    draft = get_draft_for_user(request.user, pk)
    field, picker = request.GET.get("field", ""), request.GET.get("picker", "")
    if field not in PICKER_FIELDS or not PICKER.match(picker):
        return HttpResponseBadRequest("参数有误")
    units = jurisdiction_units(request.user)
    chosen = _allowed(request, request.GET.getlist(field))
    query = request.GET.get("q", "").strip()[:50]
    hits, more = unit_search.search(units.exclude(id__in=chosen), query) if query else ([], False)
    selected = sorted(units.filter(id__in=chosen), key=lambda u: chosen.index(u.id))
    return render(
        request,
        "documents/_unit_options.html",
        {
            "draft": draft,
            "field": field,
            "picker": picker,
            "multiple": request.GET.get("multiple") == "1",
            "selected": selected,
            "hits": hits,
            "trails": unit_search.trails(hits),
            "more": more,
            "query": query,
        },
    )


def _reviewing(request, pk) -> Draft:
    draft = get_draft_for_user(request.user, pk)
    if draft.status != Draft.Status.REVIEW:
        raise Http404("草稿已发布或已放弃")
    return draft


def _edit(request, draft, apply, form):
    """Apply one edit through the audited action and answer with the proposal panel (htmx) or a redirect.
    On an error the panel shows it beside `form` ("task-t3"), which keeps what the reviewer typed."""
    error = None
    try:
        actions.edit_draft(draft, apply, actor=request.user)
    except drafts.DraftError as exc:
        error = str(exc)
    if request.htmx:
        return render(request, "documents/_proposal.html", _review_context(draft, request, error, form))
    if error:
        messages.error(request, error)
    return redirect("draft_review", draft.pk)


@require_POST
@login_required
def task_action(request, pk, key, action):
    """One reviewer edit of a task (save, drop, restore, merge, split); htmx swaps the proposal panel."""
    draft = _reviewing(request, pk)
    text, post = draft.document.text, request.POST
    if action == "save":
        units = {}
        if "units" in post:  # the unit pickers were open
            units = {
                "lead_unit_ids": _allowed(request, post.getlist("lead")),
                "co_unit_ids": _allowed(request, post.getlist("co")),
            }

        def apply(data):
            drafts.edit(
                data, key, title=post.get("title"), deadline=post.get("deadline"), year=draft.year, **units
            )

    elif action in ("drop", "restore"):

        def apply(data):
            drafts.edit(data, key, dropped=action == "drop")

    elif action == "merge":

        def apply(data):
            drafts.merge_with_previous(data, key, text)

    elif action == "split":

        def apply(data):
            drafts.split(data, key, text)

    else:
        raise Http404
    return _edit(request, draft, apply, f"task-{key}")


@require_POST
@login_required
def task_add(request, pk):
    """A task the engine missed, added at the end of an area."""
    draft = _reviewing(request, pk)
    post = request.POST

    def apply(data):
        drafts.add_task(
            data,
            post.get("area", ""),
            title=post.get("title", ""),
            text=post.get("text", ""),
            deadline=post.get("deadline", ""),
            year=draft.year,
        )

    return _edit(request, draft, apply, f"add-{post.get('area', '')}")


@require_POST
@login_required
def assign(request, pk):
    """指定给所选任务: one lead unit and/or co-operating units for every checked task."""
    draft = _reviewing(request, pk)
    lead = _allowed(request, request.POST.getlist("lead"))
    co = _allowed(request, request.POST.getlist("co"))
    keys = request.POST.getlist("keys")

    def apply(data):
        drafts.assign(data, keys, lead_unit_id=lead[0] if lead else None, co_unit_ids=co)

    return _edit(request, draft, apply, "bulk-all")


@require_POST
@login_required
def target_action(request, pk, key, target, action):
    """Add (target "new"), save, drop or restore a target of a task."""
    draft = _reviewing(request, pk)
    post = request.POST
    if action not in ("save", "drop", "restore") or (target == "new" and action != "save"):
        raise Http404

    def fields(year):
        return drafts.target_fields(
            metric=post.get("metric"),
            comparator=post.get("comparator"),
            value=post.get("value"),
            unit=post.get("unit", ""),
            deadline=post.get("deadline", ""),
            year=year,
        )

    def apply(data):
        if target == "new":
            drafts.add_target(data, key, fields(draft.year), year=draft.year)
        elif action == "save":
            horizon = drafts.find_target(data, key, target)[1].get("horizon")  # 到2030年… : dated in 2030
            drafts.edit_target(data, key, target, fields(horizon or draft.year))
        else:
            drafts.drop_target(data, key, target, action == "drop")

    return _edit(request, draft, apply, f"newtarget-{key}" if target == "new" else f"target-{target}")


@require_POST
@login_required
def publish(request, pk):
    draft = _reviewing(request, pk)
    form = PublishForm(request.POST, units=jurisdiction_units(request.user))
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
    else:
        messages.error(request, "默认牵头单位不在本辖区内，请重新选择")
    return redirect("draft_review", draft.pk)


@require_POST
@login_required
def discard(request, pk):
    draft = _reviewing(request, pk)
    actions.discard(draft, actor=request.user)
    messages.success(request, "草稿已放弃（原文件仍保留）")
    return redirect("draft_upload")
