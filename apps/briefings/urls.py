"""Pages of the briefings app."""

from django.urls import path

from . import views

urlpatterns = [
    path("briefings/", views.briefing_index, name="briefing_index"),
    path("plans/<int:plan_id>/briefings/", views.plan_briefings, name="plan_briefings"),
    path("plans/<int:plan_id>/briefings/generate/", views.briefing_generate, name="briefing_generate"),
    path("briefings/generate/", views.scope_briefing_generate, name="scope_briefing_generate"),
    path("briefings/jobs/<int:pk>/", views.briefing_job, name="briefing_job"),
    path("briefings/<int:pk>/", views.briefing_detail, name="briefing_detail"),
    path("briefings/<int:pk>/edit/", views.briefing_edit, name="briefing_edit"),
    path("briefings/<int:pk>/publish/", views.briefing_publish, name="briefing_publish"),
    path("briefings/<int:pk>/download/", views.briefing_download, name="briefing_download"),
    path("briefings/<int:pk>/pdf/", views.briefing_pdf, name="briefing_pdf"),
]
