from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "apps.supervision"
    label = "supervision"
    verbose_name = "督查督办"

    def ready(self):
        from apps.audit.registry import register
        from apps.evidence import owners
        from apps.plans.signals import task_archived

        from . import access, access_inspections, actions
        from .models import CloseOut, Finding, Rectification

        for model in self.get_models():
            register(model)
        owners.register(CloseOut, lambda user, pk: access.get_closeout_for_user(user, pk))
        owners.register(Finding, lambda user, pk: access_inspections.get_finding_for_user(user, pk))
        owners.register(
            Rectification, lambda user, pk: access_inspections.get_rectification_for_user(user, pk)
        )
        task_archived.connect(actions.close_notices_of_archived_task, dispatch_uid="supervision.archive")
