"""Pages of the briefings app."""

from django.urls import path

from . import views, views_templates

urlpatterns = [
    path("briefings/", views.briefing_index, name="briefing_index"),
    path("plans/<int:plan_id>/briefings/", views.plan_briefings, name="plan_briefings"),
    path("plans/<int:plan_id>/briefings/generate/", views.briefing_generate, name="briefing_generate"),
    path("briefings/generate/", views.scope_briefing_generate, name="scope_briefing_generate"),
    path("briefings/templates/", views_templates.template_list, name="briefing_templates"),
    path("briefings/templates/sample.docx", views_templates.template_sample, name="briefing_template_sample"),
    path(
        "briefings/templates/<int:pk>/download/",
        views_templates.template_download,
        name="briefing_template_download",
    ),
    path(
        "briefings/templates/<int:pk>/delete/",
        views_templates.template_delete,
        name="briefing_template_delete",
    ),
    path("briefings/jobs/<int:pk>/", views.briefing_job, name="briefing_job"),
    path("briefings/<int:pk>/", views.briefing_detail, name="briefing_detail"),
    path("briefings/<int:pk>/edit/", views.briefing_edit, name="briefing_edit"),
    path("briefings/<int:pk>/publish/", views.briefing_publish, name="briefing_publish"),
    path("briefings/<int:pk>/download/", views.briefing_download, name="briefing_download"),
    path("briefings/<int:pk>/pdf/", views.briefing_pdf, name="briefing_pdf"),
]
