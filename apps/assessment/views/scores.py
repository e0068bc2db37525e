"""Scores: a run's ranking by group with grades and the 负面清单, a unit's breakdown down to each event,
manual adjustments, 结果运用, publishing the final results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from apps.orgs.models import Unit

from .. import actions
from ..access import (
    can_manage_scheme,
    get_run_for_user,
    get_unit_score_for_user,
    sees_ranking,
    visible_scores,
)
from ..excel import breakdown_workbook
from ..forms import AdjustmentForm, OutcomeForm
from ..links import ref_url
from ..models import ScoreRun

NEGATIVE_SHOWN = 200


@login_required
def run_detail(request, pk):
    """The ranking of one group at a time (?group=, the first by default), read from the stored summaries;
    the 负面清单 of the whole run beside it."""
    run = get_run_for_user(request.user, pk)
    scheme = run.scheme
    scores = visible_scores(request.user, run).defer("breakdown").select_related("unit")
    if not sees_ranking(request.user, scheme):
        own = list(scores[:2])
        if len(own) == 1:
            return redirect("unit_score", run.pk, own[0].unit_id)
    dimensions = scheme.config.get("dimensions", [])
    present = set(scores.values_list("group", flat=True).distinct())
    groups = [g for g in scheme.config.get("groups", []) if g["code"] in present]
    current = next(
        (g for g in groups if g["code"] == request.GET.get("group")), groups[0] if groups else None
    )
    rows = list(scores.filter(group=current["code"]).order_by("rank", "unit__name")) if current else []
    for r in rows:
        r.dims = [(d["name"], r.summary.get("dims", {}).get(d["code"], "")) for d in dimensions]
    negative = [
        (r, r.summary["negative"])
        for r in scores.filter(summary__negative__0__isnull=False).order_by("group", "rank")[:NEGATIVE_SHOWN]
    ]
    return render(
        request,
        "assessment/run_detail.html",
        {
            "run": run,
            "scheme": scheme,
            "groups": groups,
            "current": current,
            "rows": rows,
            "dimensions": dimensions,
            "negative": negative,
            "negative_more": len(negative) == NEGATIVE_SHOWN,
            "can_manage": can_manage_scheme(request.user, scheme),
            "can_publish": can_manage_scheme(request.user, scheme)
            and run.final
            and run.status == ScoreRun.Status.DONE
            and not scheme.results_published_at,
        },
    )


def _lines(lines):
    return [{**line, "url": ref_url(line.get("ref", ""))} for line in lines]


@login_required
def unit_score(request, pk, unit_pk, adjustment_form=None, outcome_form=None, status=200):
    run = get_run_for_user(request.user, pk)
    score = get_unit_score_for_user(request.user, run, unit_pk)
    b = score.breakdown
    scheme = run.scheme
    manage = can_manage_scheme(request.user, scheme) and not scheme.results_published_at
    return render(
        request,
        "assessment/unit_score.html",
        {
            "run": run,
            "scheme": scheme,
            "score": score,
            "b": b,
            "dimensions": [{**d, "lines": _lines(d["lines"])} for d in b.get("dimensions", [])],
            "bonuses": _lines(b.get("bonuses", [])),
            "deductions": _lines(b.get("deductions", [])),
            "adjustments": _lines(b.get("adjustments", [])),
            "vetoes": _lines(b.get("vetoed_by", [])),
            "recorded_adjustments": scheme.adjustments.filter(unit_id=unit_pk).prefetch_related("evidence"),
            "outcomes": scheme.outcomes.filter(unit_id=unit_pk),
            "can_manage": manage,
            "adjustment_form": adjustment_form
            or AdjustmentForm(dimensions=scheme.config.get("dimensions", [])),
            "outcome_form": outcome_form or OutcomeForm(),
        },
        status=status,
    )


def _manage(request, pk, unit_pk):
    run = get_run_for_user(request.user, pk)
    get_unit_score_for_user(request.user, run, unit_pk)
    if not can_manage_scheme(request.user, run.scheme):
        raise PermissionDenied("只有牵头机关可以调整分数")
    unit = Unit.objects.filter(pk=unit_pk).first()
    if unit is None:
        raise Http404
    return run, unit


@login_required
def unit_score_xlsx(request, pk, unit_pk):
    """The unit's breakdown as a workbook it can recompute (every line a number; a SUM check)."""
    run = get_run_for_user(request.user, pk)
    score = get_unit_score_for_user(request.user, run, unit_pk)
    response = HttpResponse(
        breakdown_workbook(score, run.scheme),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"得分明细-{score.unit.name}-{run.as_of:%Y%m%d}.xlsx"
    )
    return response


@require_POST
@login_required
def unit_adjust(request, pk, unit_pk):
    run, unit = _manage(request, pk, unit_pk)
    form = AdjustmentForm(request.POST, request.FILES, dimensions=run.scheme.config.get("dimensions", []))
    if form.is_valid():
        try:
            actions.adjust(
                run.scheme,
                unit=unit,
                dimension=form.cleaned_data["dimension"],
                points=form.cleaned_data["points"],
                reason=form.cleaned_data["reason"],
                uploads=form.cleaned_data["files"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "调整已记录，重新计分后计入")
            return redirect("unit_score", run.pk, unit.pk)
    return unit_score(request, pk, unit_pk, adjustment_form=form, status=400)


@require_POST
@login_required
def unit_outcome(request, pk, unit_pk):
    run, unit = _manage(request, pk, unit_pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        actions.record_outcome(run.scheme, unit=unit, actor=request.user, **form.cleaned_data)
        messages.success(request, "结果运用已记录")
        return redirect("unit_score", run.pk, unit.pk)
    return unit_score(request, pk, unit_pk, outcome_form=form, status=400)


@require_POST
@login_required
def run_publish(request, pk):
    run = get_run_for_user(request.user, pk)
    if not can_manage_scheme(request.user, run.scheme):
        raise PermissionDenied("只有牵头机关可以发布考核结果")
    try:
        actions.publish_results(run, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "考核结果已发布，分数冻结")
    return redirect("run_detail", run.pk)
