from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "apps.assessment"
    label = "assessment"
    verbose_name = "考核考评"

    def ready(self):
        from apps.audit.registry import register

        for model in self.get_models():
            register(model)
