"""What only people can enter: 领导评价 (ratings, each with its rater) and 通报表扬/批评、表彰 with their
documents."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from apps.orgs.access import is_oversight
from apps.orgs.models import Unit
from apps.plans.access import jurisdiction_units
from lib.forms import add_errors

from .. import actions
from ..access import (
    assessed_unit_ids,
    can_manage_assessment,
    can_rate,
    get_scheme_for_user,
    visible_recognitions,
)
from ..forms import RecognitionForm
from ..models import Rating


@login_required
def scheme_ratings(request, pk):
    """One table: every assessed unit × every rating dimension, this leader's points."""
    scheme = get_scheme_for_user(request.user, pk)
    if not can_rate(request.user, scheme):
        raise PermissionDenied("只有本辖区的领导可以评价打分（考核办法发布后）")
    dimensions = [
        d
        for d in scheme.config.get("dimensions", [])
        if any(r.get("type") == "rating" for r in d.get("rules", []))
    ]
    units = list(Unit.objects.filter(pk__in=assessed_unit_ids(scheme)).order_by("path"))
    mine = {
        (r.unit_id, r.dimension): r.points for r in Rating.objects.filter(scheme=scheme, rater=request.user)
    }
    errors = []
    if request.method == "POST":
        for unit in units:
            for d in dimensions:
                raw = request.POST.get(f"r-{unit.pk}-{d['code']}", "").strip()
                if not raw:
                    continue
                try:
                    points = Decimal(raw)
                    actions.rate(scheme, unit=unit, dimension=d["code"], points=points, rater=request.user)
                except (InvalidOperation, ValidationError) as exc:
                    errors.append(f"{unit}·{d['name']}：{'；'.join(getattr(exc, 'messages', ['不是数字']))}")
                else:
                    mine[(unit.pk, d["code"])] = points
        if not errors:
            messages.success(request, "评价已保存")
            return redirect("scheme_ratings", scheme.pk)
    rows = [(u, [(d, mine.get((u.pk, d["code"]), "")) for d in dimensions]) for u in units]
    return render(
        request,
        "assessment/ratings.html",
        {"scheme": scheme, "dimensions": dimensions, "rows": rows, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
def recognition_list(request):
    """通报表扬、通报批评、表彰: the coordinator records them with their documents; oversight reads them."""
    if not is_oversight(request.user):
        raise PermissionDenied("没有权限查看")
    items = visible_recognitions(request.user).select_related("unit").prefetch_related("evidence")
    can_add = can_manage_assessment(request.user)
    form = RecognitionForm(
        request.POST or None, request.FILES or None, units=jurisdiction_units(request.user)
    )
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied("只有牵头机关可以登记")
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "files"}
            try:
                actions.recognise(actor=request.user, uploads=form.cleaned_data["files"], **data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "已登记")
                return redirect("recognition_list")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assessment/recognitions.html",
        {"page": page, "form": form, "can_add": can_add},
        status=400 if form.errors else 200,
    )
