"""The 整改台账 as a list — filtered by source, unit, status or overdue — and 整改清零 figures: per source and
per lead unit, items in all, 已销号, overdue, and the 清零 percent."""

from django import forms
from django.db.models import Count, Q

from apps.orgs.access import is_oversight
from apps.orgs.models import Unit
from lib.widgets import FastSelect

from .access_inspections import supervised_units, visible_rectifications
from .models import Rectification

CLOSED = Rectification.Status.CLOSED


class FilterForm(forms.Form):
    source = forms.ChoiceField(
        label="问题来源", required=False, choices=[("", "全部来源"), *Rectification.Source.choices]
    )
    unit = forms.ModelChoiceField(
        label="牵头单位",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="全部单位",
        widget=FastSelect,
    )
    status = forms.ChoiceField(
        label="整改状态", required=False, choices=[("", "全部状态"), *Rectification.Status.choices]
    )
    overdue = forms.BooleanField(label="只看逾期", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = supervised_units(user) if is_oversight(user) else user.unit.subtree()


OPEN = [Rectification.Status.NOT_STARTED, Rectification.Status.IN_PROGRESS]


def overdue_q(today) -> Q:
    """Past its time limit and not yet reported done (an item waiting for 核查, 审核 or 公示 is not)."""
    return Q(kind=Rectification.Kind.DEADLINE, due_date__lt=today, status__in=OPEN)


def filtered_items(user, data, today):
    """The items `user` sees, filtered by the query `data`; an invalid filter is dropped. Returns
    (queryset, the bound form)."""
    form = FilterForm(data or None, user=user)
    items = visible_rectifications(user)
    if form.is_bound:
        form.is_valid()
        f = form.cleaned_data
        if f.get("source"):
            items = items.filter(source=f["source"])
        if f.get("unit"):
            items = items.filter(lead_unit__path__startswith=f["unit"].path)
        if f.get("status"):
            items = items.filter(status=f["status"])
        if f.get("overdue"):
            items = items.filter(overdue_q(today))
    return items, form


def _percent(row) -> float:
    return round(100 * row["closed"] / row["total"], 1) if row["total"] else 0.0


def clearance(items, today) -> dict:
    """整改清零: totals, and rows per source and per lead unit (most overdue first) — all from ONE aggregate
    grouped by (source, lead unit), summed up here — and the 20 oldest overdue items."""
    grouped = list(
        items.order_by()
        .values("source", "lead_unit")
        .annotate(
            total=Count("id"),
            closed=Count("id", filter=Q(status=CLOSED)),
            overdue=Count("id", filter=overdue_q(today)),
        )
    )

    def summed(key):
        rows = {}
        for g in grouped:
            row = rows.setdefault(g[key], {key: g[key], "total": 0, "closed": 0, "overdue": 0})
            for n in ("total", "closed", "overdue"):
                row[n] += g[n]
        return list(rows.values())

    sources = dict(Rectification.Source.choices)
    by_source, by_unit = summed("source"), summed("lead_unit")
    names = dict(Unit.objects.filter(pk__in=[r["lead_unit"] for r in by_unit]).values_list("pk", "name"))
    for row in by_source:
        row["label"] = sources.get(row["source"], row["source"])
    for row in by_unit:
        row["label"] = names.get(row["lead_unit"], "")
    totals = {n: sum(g[n] for g in grouped) for n in ("total", "closed", "overdue")}
    for row in (*by_source, *by_unit, totals):
        row["percent"] = _percent(row)
    oldest = list(items.filter(overdue_q(today)).select_related("lead_unit").order_by("due_date", "id")[:20])
    for item in oldest:
        item.days_overdue = (today - item.due_date).days

    def order(rows):
        return sorted(rows, key=lambda r: (-r["overdue"], r["percent"], r["label"]))

    return {
        "totals": totals,
        "by_source": order(by_source),
        "by_unit": order(by_unit),
        "oldest_overdue": oldest,
    }
