"""Pages of the assessment app."""

urlpatterns: list = []
