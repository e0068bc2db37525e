from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "apps.orgs"
    label = "orgs"
    verbose_name = "单位与用户"

    def ready(self):
        from apps.audit.registry import register

        from . import signals  # noqa: F401
        from .models import Role

        for model in self.get_models():
            register(model)
        register(self.get_model("User"), extra={"password": "密码"}, choices={"roles": Role.choices})
        # a move (or new 排序) records the unit's old and new path and how many units' paths changed
        register(self.get_model("Unit"), extra={"path": "树中位置", "moved_units": "调整位置的单位数"})
