"""督办, 销号, the holiday calendar and notification channels."""

urlpatterns = []
