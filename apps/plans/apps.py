from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

from . import search


def repair_search(sender, using, **kwargs):
    """After every migrate: a migration that rebuilt plans_task on SQLite took the search triggers with it."""
    search.repair(connections[using])


class PlansConfig(AppConfig):
    name = "apps.plans"
    label = "plans"
    verbose_name = "计划与台账"

    def ready(self):
        from apps.audit.registry import register

        for model in self.get_models():
            register(model)
        register(self.get_model("Task"), extra={"lead_units": "牵头单位", "co_units": "配合单位"})
        post_migrate.connect(repair_search, sender=self)
