from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The pages that show several domains at once (the task page, 我的待办, the audit log) and the
    scheduled commands that run every domain's steps. Nothing below imports it."""

    name = "apps.portal"
    label = "portal"
    verbose_name = "工作台"
