from functools import cache

from django import template
from django.apps import apps

register = template.Library()

EXTRA = {"lead_units": "牵头单位", "co_units": "配合单位", "password": "密码", "archived_at": "归档时间"}


@cache
def _labels() -> dict:
    labels = {}
    for label in ("orgs", "plans"):
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                verbose = getattr(field, "verbose_name", None)
                if verbose and str(verbose) != field.name.replace("_", " "):
                    labels.setdefault(field.name, str(verbose))
    labels.update(EXTRA)
    return labels


@register.filter
def field_label(name: str) -> str:
    """The Chinese label of a field named in an audit row: "due_date" → "完成时限"."""
    return _labels().get(name, name)
