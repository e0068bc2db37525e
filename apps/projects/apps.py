from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "apps.projects"
    verbose_name = "重点项目"

    def ready(self):
        from apps.audit.registry import register

        from .models import Project, ProjectReport

        register(Project)
        register(ProjectReport)
