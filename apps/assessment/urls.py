"""Pages of the assessment app."""

from django.urls import path

urlpatterns: list = []
