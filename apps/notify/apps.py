from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "apps.notify"
    label = "notify"
    verbose_name = "消息通知"

    def ready(self):
        from apps.audit.registry import register

        for model in self.get_models():
            register(model)
