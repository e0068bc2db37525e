from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "apps.cycles"
    label = "cycles"
    verbose_name = "调度填报"

    def ready(self):
        from apps.audit.registry import register
        from apps.evidence import owners
        from apps.plans.signals import task_archived, task_restored

        from . import access, actions
        from .models import Report

        for model in self.get_models():
            register(model)
        owners.register(Report, lambda user, pk: access.get_report_for_user(user, pk))
        task_archived.connect(actions.cancel_reports_of_archived_task, dispatch_uid="cycles.archive")
        task_restored.connect(actions.reopen_reports_of_restored_task, dispatch_uid="cycles.restore")
