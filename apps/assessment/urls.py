"""Pages of 年督考."""

from django.urls import path

from .views import facts, schemes, scores

urlpatterns = [
    path("assessment/", schemes.scheme_list, name="scheme_list"),
    path("assessment/new/", schemes.scheme_create, name="scheme_create"),
    path("assessment/<int:pk>/", schemes.scheme_detail, name="scheme_detail"),
    path("assessment/<int:pk>/edit/", schemes.scheme_edit, name="scheme_edit"),
    path("assessment/<int:pk>/rules/", schemes.scheme_rules, name="scheme_rules"),
    path("assessment/<int:pk>/revise/", schemes.scheme_revise, name="scheme_revise"),
    path("assessment/<int:pk>/publish/", schemes.scheme_publish, name="scheme_publish"),
    path("assessment/<int:pk>/run/", schemes.scheme_run, name="scheme_run"),
    path("assessment/<int:pk>/ratings/", facts.scheme_ratings, name="scheme_ratings"),
    path("assessment/recognitions/", facts.recognition_list, name="recognition_list"),
    path("assessment/runs/<int:pk>/", scores.run_detail, name="run_detail"),
    path("assessment/runs/<int:pk>/publish/", scores.run_publish, name="run_publish"),
    path("assessment/runs/<int:pk>/units/<int:unit_pk>/", scores.unit_score, name="unit_score"),
    path(
        "assessment/runs/<int:pk>/units/<int:unit_pk>/score.xlsx",
        scores.unit_score_xlsx,
        name="unit_score_xlsx",
    ),
    path("assessment/runs/<int:pk>/units/<int:unit_pk>/adjust/", scores.unit_adjust, name="unit_adjust"),
    path("assessment/runs/<int:pk>/units/<int:unit_pk>/outcome/", scores.unit_outcome, name="unit_outcome"),
]
