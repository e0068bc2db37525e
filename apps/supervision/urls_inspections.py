from django.urls import path

from .views import inspections as views

urlpatterns = [
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/findings/new/", views.finding_new, name="finding_new"),
    path("inspections/<int:pk>/conclude/", views.inspection_conclude, name="inspection_conclude"),
    path("findings/<int:pk>/rectify/", views.finding_rectify, name="finding_rectify"),
    path("conclusions/<int:pk>/", views.conclusion_detail, name="conclusion_detail"),
    path("conclusions/<int:pk>/object/", views.conclusion_object, name="conclusion_object"),
    path("conclusions/<int:pk>/review/", views.conclusion_review, name="conclusion_review"),
]
