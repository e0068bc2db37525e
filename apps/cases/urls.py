"""Pages of the cases app (典型经验)."""

from django.urls import path

from . import views

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/submit/", views.case_submit, name="case_submit"),
    path("cases/<int:pk>/review/", views.case_review, name="case_review"),
    path("cases/<int:pk>/promote/", views.case_promote, name="case_promote"),
    path("cases/<int:pk>/feature/", views.case_feature, name="case_feature"),
    path("findings/<int:pk>/case/", views.case_from_finding, name="case_from_finding"),
]
