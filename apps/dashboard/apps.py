from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "apps.dashboard"
    label = "dashboard"
    verbose_name = "领导驾驶舱"

    def ready(self):
        from apps.audit.registry import register

        from . import accepted

        for model in self.get_models():
            register(model)
        accepted.connect()  # an accepted report's figures refreshed at once
