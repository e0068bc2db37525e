"""The 典型经验 library as a search: by keyword (every word in the title, summary or practice), area,
unit (and the units below it), year, status, promotion level and 精选 — one function for the page and the
API, over the cases the user sees."""

from django.db.models import Q

from apps.orgs.models import Unit

from .access import sees_all_statuses, visible_cases
from .forms import FilterForm


def search(cases, *, q="", area="", unit=None, year=None, status="", level=None, featured=False):
    for word in (q or "").split()[:10]:
        cases = cases.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(practice__icontains=word)
        )
    if area:
        cases = cases.filter(area=area)
    if unit is not None:
        cases = cases.filter(unit__path__startswith=unit.path)
    if year:
        cases = cases.filter(year=year)
    if status:
        cases = cases.filter(status=status)
    if level:
        cases = cases.filter(level__gte=level)
    if featured:
        cases = cases.filter(featured=True)
    return cases


def areas_of(cases) -> list[str]:
    return list(cases.exclude(area="").order_by("area").values_list("area", flat=True).distinct())


def filtered_cases(user, data):
    """The cases `user` sees, searched by the query `data` (an invalid filter is dropped): (queryset,
    the bound form). The choices offered are those the user's cases have."""
    cases = visible_cases(user)
    form = FilterForm(
        data or None,
        units=Unit.objects.filter(pk__in=cases.values("unit_id")).order_by("path"),
        areas=areas_of(cases),
        years=sorted(set(cases.values_list("year", flat=True)), reverse=True),
        with_status=sees_all_statuses(user),
    )
    if form.is_bound:
        form.is_valid()
        cases = search(cases, **{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
    return cases, form
