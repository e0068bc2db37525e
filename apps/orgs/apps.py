from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "apps.orgs"
    label = "orgs"
    verbose_name = "单位与用户"

    def ready(self):
        from . import signals  # noqa: F401
