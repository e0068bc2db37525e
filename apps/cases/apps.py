from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "apps.cases"
    label = "cases"
    verbose_name = "典型经验"

    def ready(self):
        from apps.audit.registry import register
        from apps.evidence import owners

        from . import access
        from .models import Case, Promotion

        register(
            Case,
            extra={"tasks": "相关任务", "files": "佐证材料", "proof": "推广依据", "promoted_on": "推广日期"},
        )
        register(Promotion)
        owners.register(Case, lambda user, pk: access.get_case_for_user(user, pk))
        owners.register(
            Promotion,
            lambda user, pk: access.get_case_for_user(
                user, Promotion.objects.filter(pk=pk).values_list("case_id", flat=True).first()
            ),
        )
