from django.urls import path

from .views import rectification_excel as views

urlpatterns = [
    path("rectifications/export.xlsx", views.rectification_export, name="rectification_export"),
    path("rectifications/import/", views.rectification_import, name="rectification_import"),
    path(
        "rectifications/import/template.xlsx",
        views.rectification_template,
        name="rectification_import_template",
    ),
]
