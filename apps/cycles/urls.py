from django.urls import path

from .views import calendar, progress, reports, sheets

urlpatterns = [
    path("plans/<int:pk>/cycles/", progress.plan_cycles, name="plan_cycles"),
    path("plans/<int:pk>/cycles/start/", progress.plan_cycle_start, name="plan_cycle_start"),
    path("cycles/<int:pk>/", progress.cycle_progress, name="cycle_progress"),
    path("cycles/<int:pk>/urge/<int:unit_pk>/", progress.cycle_urge, name="cycle_urge"),
    path("cycles/<int:pk>/sheet.xlsx", sheets.sheet_download, name="sheet_download"),
    path("cycles/<int:pk>/sheet/", sheets.sheet_upload, name="sheet_upload"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/save/", reports.report_save, name="report_save"),
    path("reports/<int:pk>/submit/", reports.report_submit, name="report_submit"),
    path("reports/<int:pk>/approve/", reports.report_approve, name="report_approve"),
    path("reports/<int:pk>/accept/", reports.report_accept, name="report_accept"),
    path("reports/<int:pk>/return/", reports.report_return, name="report_return"),
    path("reports/<int:pk>/evidence/", reports.report_evidence, name="report_evidence"),
    # 系统管理员
    path("calendar/", calendar.holidays, name="holidays"),
    path("calendar/<int:pk>/delete/", calendar.holiday_delete, name="holiday_delete"),
]
