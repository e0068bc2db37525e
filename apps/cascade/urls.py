from django.urls import path

from . import views

urlpatterns = [
    path("plans/<int:plan_id>/cascade/", views.plan_cascade, name="plan_cascade"),
    path("plans/<int:plan_id>/cascade/parents/", views.plan_parents, name="plan_parents"),
    path("plans/<int:plan_id>/cascade/suggest/", views.plan_suggest, name="plan_suggest"),
    path("plans/<int:plan_id>/cascade/links/add/", views.link_add, name="cascade_link_add"),
    path("cascade/links/<int:pk>/decide/", views.link_decide, name="cascade_link_decide"),
    path("plans/<int:plan_id>/coverage/", views.plan_coverage, name="plan_coverage"),
    path("plans/<int:plan_id>/coverage.xlsx", views.plan_coverage_xlsx, name="plan_coverage_xlsx"),
]
