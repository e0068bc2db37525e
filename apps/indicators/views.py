"""经济指标 pages: the month table (every indicator by unit, colours that explain themselves, ranks), one
indicator's trajectory with its peers, the indicator form, a year's targets, a month's figures, and the
统计局 sheet's import with its template."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lib.forms import add_errors, render_form
from lib.uploads import upload_limit
from lib.xlsx import ImportFailed, temporary_xlsx, too_large

from . import actions, excel, rules, summary, table
from .access import (
    can_enter_figures,
    can_enter_for,
    can_manage_indicator,
    can_manage_indicators,
    can_see_indicators,
    entry_units,
    get_indicator_for_user,
    managed_indicators,
    row_units,
    sheet_indicators,
    sheet_scope,
    unit_and_below,
    visible_indicators,
)
from .forms import FiguresForm, ImportForm, IndicatorForm, PeriodForm, TableFilter, TargetsForm, YearForm
from .models import Actual, Indicator, IndicatorTarget

UNITS_PER_PAGE = 25
COMPARED = 30  # units drawn on an indicator's chart beside the one chosen
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _check_can_see(user):
    if not can_see_indicators(user):
        raise PermissionDenied("只有统计局、牵头机关、领导、督查员或市、县区的填报员可以查看经济指标")


def _check_can_manage(user):
    if not can_manage_indicators(user):
        raise PermissionDenied("只有统计局或牵头机关可以管理经济指标")


def _units(user):
    return row_units(user).only("id", "name", "path", "parent_id", "kind").order_by("path")


def _period(request, indicators):
    """The table's (year, month): as asked, else this year's last month with figures, else last month."""
    today = timezone.localdate()
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else today.year
    month = request.GET.get("month")
    if not (month and month.isdigit() and 1 <= int(month) <= 12):
        month = table.latest_month(indicators, year) or max(1, today.month - 1)
    return year, int(month)


@login_required
def indicator_table(request):
    user = request.user
    _check_can_see(user)
    indicators = list(visible_indicators(user).select_related("owner_unit"))
    year, month = _period(request, indicators)
    form = TableFilter({**request.GET.dict(), "year": year, "month": month}, indicators=indicators)
    chosen = form.cleaned_data.get("indicator") if form.is_valid() else None
    shown = [i for i in indicators if chosen is None or i.pk == chosen]
    focus = request.GET.get("unit", "")
    units = unit_and_below(_units(user), focus)
    page = Paginator(units, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("unit", None)
    blocks = table.month_table(shown, page.object_list, year, month)
    context = {
        "form": form,
        "year": year,
        "month": month,
        "elapsed": rules.elapsed_percent(month),
        "blocks": blocks,
        "wording": summary.section(blocks, page.object_list[0])
        if page.object_list and page.number == 1
        else None,
        "page": page,
        "query": query.urlencode(),
        "has_indicators": bool(indicators),
        "can_manage": can_manage_indicators(user),
        "can_enter": can_enter_figures(user),
        "red_gaps": rules.DEFAULT_RED_GAP,
        "archived": [i for i in managed_indicators(user, archived=True) if i.archived_at],
        "focus": units.filter(pk=focus).first() if focus.isdigit() else None,
    }
    return render(request, "indicators/table.html", context)


def _compared(user, indicator, focus) -> list:
    """The units an indicator's page compares: the one asked for (else the user's first) and its peers —
    the 县区 below it, or when it has none its parent and the units beside it — at most COMPARED."""
    units = _units(user).filter(path__startswith=indicator.owner_unit.path)
    chosen = units.filter(pk=focus).first() if focus and focus.isdigit() else None
    chosen = chosen or units.first()
    if chosen is None:
        return []
    below = list(units.filter(parent=chosen)[:COMPARED])
    if below:
        return [chosen, *below]
    around = (
        units.filter(parent_id=chosen.parent_id).exclude(pk=chosen.pk) if chosen.parent_id else units.none()
    )
    parent = units.filter(pk=chosen.parent_id)
    return [chosen, *parent, *around[:COMPARED]]


@login_required
def indicator_detail(request, pk):
    user = request.user
    indicator = get_indicator_for_user(user, pk)
    year, month = _period(request, [indicator])
    units = _compared(user, indicator, request.GET.get("unit"))
    data = table.trajectory(indicator, units, year)
    series = data["series"]
    focus = units[0].pk if units else None
    chosen = next((s for s in series if s["unit"].pk == focus), series[0] if series else None)
    blocks = table.month_table([indicator], units, year, month)
    context = {
        "indicator": indicator,
        "year": year,
        "month": month,
        "data": data,
        "chosen": chosen,
        "chart": table.chart_data(data),
        "peers": blocks[0],
        "can_manage": can_manage_indicator(user, indicator),
        "can_enter": can_enter_figures(user),
    }
    return render(request, "indicators/detail.html", context)


@login_required
def indicator_create(request):
    user = request.user
    _check_can_manage(user)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        indicator = form.save(commit=False)
        indicator.owner_unit = user.unit.jurisdiction()
        try:
            actions.create_indicator(indicator, actor=user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已添加指标“{indicator.name}”，请设定各单位的年度目标")
            return redirect("indicator_targets", indicator.pk)
    return render_form(request, form, title="添加经济指标", cancel_url="/indicators/")


@login_required
def indicator_edit(request, pk):
    indicator = get_indicator_for_user(request.user, pk, action="manage")
    form = IndicatorForm(request.POST or None, instance=Indicator.objects.get(pk=indicator.pk))
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in Indicator.FIELDS}
        try:
            actions.update_indicator(indicator, data, actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "指标已保存")
            return redirect("indicator_detail", indicator.pk)
    return render_form(request, form, title=f"修改指标：{indicator.name}", cancel_url=f"/indicators/{pk}/")


@login_required
@require_POST
def indicator_archive(request, pk):
    indicator = get_indicator_for_user(request.user, pk, action="manage")
    if request.POST.get("restore"):
        actions.restore_indicator(indicator, actor=request.user)
        messages.success(request, f"已恢复指标“{indicator.name}”")
        return redirect("indicator_detail", indicator.pk)
    actions.archive_indicator(indicator, actor=request.user)
    messages.success(request, f"已归档指标“{indicator.name}”，数据保留，可恢复")
    return redirect("indicator_table")


def _year(request):
    form = YearForm(request.GET or None)
    return form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year


@login_required
def indicator_targets(request, pk):
    user = request.user
    indicator = get_indicator_for_user(user, pk, action="manage")
    year = _year(request)
    units = entry_units(user, indicator).order_by("path")
    stored = dict(
        IndicatorTarget.objects.filter(indicator=indicator, year=year).values_list("unit_id", "value")
    )
    form = TargetsForm(request.POST or None, indicator=indicator, units=units, initial_values=stored)
    if request.method == "POST" and form.is_valid():
        try:
            for unit, value in form.values():
                if value != stored.get(unit.pk):
                    actions.set_target(indicator, unit, year, value, actor=user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已保存{year}年目标")
            return redirect(f"/indicators/{pk}/?year={year}")
    intro = f"{year}年各单位的{indicator.target_label}；留空表示不设目标。"
    return render_form(
        request, form, title=f"{indicator.name}：{year}年目标", cancel_url=f"/indicators/{pk}/", intro=intro
    )


@login_required
def indicator_figures(request, pk):
    user = request.user
    indicator = get_indicator_for_user(user, pk, action="enter")
    period = PeriodForm(request.GET or None, indicator=indicator)
    if period.is_valid():
        year, month = period.cleaned_data["year"], period.cleaned_data["month"]
    else:
        year, month = timezone.localdate().year, indicator.months[0]
    units = [
        *([None] if can_enter_for(user, None, indicator) else []),
        *entry_units(user, indicator).order_by("path"),
    ]
    stored = {
        a.unit_id: a
        for a in Actual.objects.filter(indicator=indicator, year=year, month=month)
        if a.unit_id is None or a.unit_id in {u.pk for u in units if u}
    }
    form = FiguresForm(request.POST or None, units=units, initial_values=stored)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            rows = [
                actions.Figures(unit=u, month=month, **values)
                for u, values in form.rows()
                if any(v is not None for v in values.values()) or (u.pk if u else None) in stored
            ]
            try:
                counts = actions.save_figures(indicator, year, rows, actor=user)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"已保存：新增 {counts['created']} 行，修改 {counts['updated']} 行")
                return redirect(f"/indicators/{pk}/?year={year}&month={month}")
        status = 400
    context = {"indicator": indicator, "form": form, "period": period, "year": year, "month": month}
    return render(request, "indicators/figures.html", context, status=status)


@login_required
def indicator_template(request):
    user = request.user
    _check_can_manage(user)
    year, month = _period(request, [])
    units = row_units(user).filter(path__startswith=user.unit.jurisdiction().path).order_by("path")
    out = temporary_xlsx(
        excel.write_template,
        sheet_indicators(user),
        list(units),
        year,
        month,
        lambda i: can_enter_for(user, None, i),
    )
    filename = f"主要经济指标导入模板-{year}年1-{month}月.xlsx"
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


@login_required
@upload_limit("IMPORT_MAX_BYTES")
def indicator_import(request):
    user = request.user
    _check_can_manage(user)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, more, status = [], 0, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            oversized = too_large(upload.size, settings.IMPORT_MAX_BYTES)
            if oversized:
                errors, status = [oversized], 413
            else:
                indicators = sheet_indicators(user)
                try:
                    result = excel.import_sheet(
                        upload, indicators=indicators, jurisdiction=sheet_scope(user, indicators), actor=user
                    )
                except ImportFailed as failed:
                    errors, more = failed.errors, failed.more
                else:
                    messages.success(
                        request,
                        f"已导入 {result['rows']} 行：新增 {result['created']} 行，修改 {result['updated']} 行，"
                        f"未变 {result['unchanged']} 行",
                    )
                    return redirect("indicator_table")
    context = {
        "form": form,
        "errors": errors,
        "more": more,
        "headers": excel.HEADERS,
        "required": excel.REQUIRED,
        "max_mb": f"{settings.IMPORT_MAX_BYTES / (1024 * 1024):g}",
        "max_sheets": excel.MAX_SHEETS,
        "month": timezone.localdate().month,
    }
    return render(request, "indicators/import.html", context, status=status)
