"""Pages of the cases app."""

from django.urls import path

urlpatterns: list = []
