from django.urls import path

from . import views

urlpatterns = [path("evidence/<int:pk>/", views.evidence_download, name="evidence_download")]
