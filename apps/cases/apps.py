from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "apps.cases"
    label = "cases"
    verbose_name = "典型经验"

    def ready(self):
        from apps.audit.registry import register

        for model in self.get_models():
            register(model)
