from django import template

from .. import registry

register = template.Library()


@register.filter
def audit_changes(event) -> list[tuple]:
    """An audit event's changes as (label, before, after) in display form, labels and choices taken from
    the registered model the event is about."""
    return registry.rows(event)
