from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "apps.plans"
    label = "plans"
    verbose_name = "计划与台账"

    def ready(self):
        from apps.audit.registry import register

        for model in self.get_models():
            register(model)
        register(self.get_model("Task"), extra={"lead_units": "牵头单位", "co_units": "配合单位"})
