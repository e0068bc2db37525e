"""Pages of the briefings app."""

urlpatterns: list = []
