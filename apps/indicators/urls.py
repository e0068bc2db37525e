"""Pages of the indicators app (主要经济指标)."""

from django.urls import path

from . import views

urlpatterns = [
    path("indicators/", views.indicator_table, name="indicator_table"),
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/import/", views.indicator_import, name="indicator_import"),
    path("indicators/import/template.xlsx", views.indicator_template, name="indicator_template"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/archive/", views.indicator_archive, name="indicator_archive"),
    path("indicators/<int:pk>/targets/", views.indicator_targets, name="indicator_targets"),
    path("indicators/<int:pk>/figures/", views.indicator_figures, name="indicator_figures"),
]
