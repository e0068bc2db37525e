from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "apps.cycles"
    label = "cycles"
    verbose_name = "调度与督办"

    def ready(self):
        from apps.audit.registry import register

        for model in self.get_models():
            register(model)
