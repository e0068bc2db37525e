from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "apps.evidence"
    label = "evidence"
    verbose_name = "佐证材料"

    def ready(self):
        from apps.audit.registry import register

        for model in self.get_models():
            register(model)
