from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "apps.assessment"
    label = "assessment"
    verbose_name = "考核考评"

    def ready(self):
        from apps.audit.registry import register
        from apps.evidence import owners

        from . import access
        from .models import Adjustment, Recognition

        for model in self.get_models():
            register(model)
        owners.register(Recognition, lambda user, pk: access.get_recognition_for_user(user, pk))
        owners.register(Adjustment, lambda user, pk: access.get_adjustment_for_user(user, pk))
