from django.apps import AppConfig


class CascadeConfig(AppConfig):
    name = "apps.cascade"
    verbose_name = "承接落实"

    def ready(self):
        from apps.audit.registry import register

        from .models import PlanParent, TaskLink

        register(PlanParent)
        register(TaskLink)
