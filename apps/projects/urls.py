"""Pages of the projects app (重点项目)."""

from django.urls import path

from .views import excel, ledger, project, reports

urlpatterns = [
    path("projects/", ledger.project_list, name="project_list"),
    path("projects/summary/", ledger.project_summary, name="project_summary"),
    path("projects/gantt/", ledger.project_gantt, name="project_gantt"),
    path("projects/export/", excel.project_export, name="project_export"),
    path("projects/import/", excel.project_import, name="project_import"),
    path("projects/new/", project.project_create, name="project_create"),
    path("projects/<int:pk>/", project.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", project.project_edit, name="project_edit"),
    path("projects/<int:pk>/archive/", project.project_archive, name="project_archive"),
    path("projects/<int:pk>/reports/new/", reports.report_create, name="project_report_create"),
    path("project-reports/<int:pk>/edit/", reports.report_edit, name="project_report_edit"),
    path("project-reports/<int:pk>/submit/", reports.report_submit, name="project_report_submit"),
    path("project-reports/<int:pk>/review/", reports.report_review, name="project_report_review"),
]
