from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "apps.indicators"
    verbose_name = "主要经济指标"

    def ready(self):
        from apps.audit.registry import register

        from .models import Actual, Indicator, IndicatorTarget

        register(Indicator)
        register(IndicatorTarget)
        register(Actual)
