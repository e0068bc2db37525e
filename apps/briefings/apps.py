from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "apps.briefings"
    label = "briefings"
    verbose_name = "督查通报"

    def ready(self):
        from apps.audit.registry import register

        for model in self.get_models():
            register(model)
