from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "apps.documents"
    label = "documents"
    verbose_name = "文件解析"

    def ready(self):
        from apps.audit.registry import register

        for model in self.get_models():
            register(model)
        register(
            self.get_model("Draft"), extra={"filename": "文件名", "tasks": "任务数", "targets": "指标数"}
        )
