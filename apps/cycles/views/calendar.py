"""系统管理员: the 放假调休 calendar."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.orgs.access import require_admin
from lib.workdays import library_years

from .. import actions
from ..calendar import work_calendar
from ..forms import HolidayForm
from ..models import Holiday

COVERAGE_LABELS = {
    "library": "由 chinese-calendar 提供",
    "manual": "由管理员录入",
    "weekdays": "未覆盖：仅按周一至周五计算，请录入官方放假调休安排",
}


# ---- 放假调休 ----


@login_required
def holidays(request):
    require_admin(request.user)
    form = HolidayForm(request.POST or None)
    if form.is_valid():
        holiday = actions.add_holiday(form.save(commit=False), actor=request.user)
        messages.success(
            request, f"已录入 {holiday.day:%Y-%m-%d}（{'上班' if holiday.is_workday else '放假'}）"
        )
        return redirect("holidays")
    today = timezone.localdate()
    calendar = work_calendar()
    low, high = library_years()
    context = {
        "form": form,
        "library_years": (low, high),
        "coverage": [
            (year, calendar.coverage(year), COVERAGE_LABELS[calendar.coverage(year)])
            for year in (today.year, today.year + 1)
        ],
        "years": [(year, list(days)) for year, days in groupby(Holiday.objects.all(), lambda h: h.day.year)],
    }
    return render(request, "cycles/holidays.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def holiday_delete(request, pk):
    require_admin(request.user)
    holiday = get_object_or_404(Holiday, pk=pk)
    actions.delete_holiday(holiday, actor=request.user)
    messages.success(request, f"已删除 {holiday.day:%Y-%m-%d}")
    return redirect("holidays")
