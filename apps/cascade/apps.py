from django.apps import AppConfig


class CascadeConfig(AppConfig):
    name = "apps.cascade"
    verbose_name = "承接落实"

    def ready(self):
        from apps.audit.registry import register
        from apps.plans.models import Plan
        from apps.plans.signals import plan_published

        from .models import PlanParent, TaskLink
        from .receivers import suggest_on_publish

        register(PlanParent)
        register(TaskLink)
        plan_published.connect(suggest_on_publish, sender=Plan, dispatch_uid="cascade.suggest_on_publish")
