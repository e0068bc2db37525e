"""Pages of the dashboard app."""

urlpatterns: list = []
