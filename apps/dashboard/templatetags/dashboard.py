"""`{% if user|sees_dashboard %}`: the menu asks the access rule, not the user's roles."""

from django import template

from apps.dashboard.access import can_see_dashboard

register = template.Library()


@register.filter
def sees_dashboard(user) -> bool:
    return can_see_dashboard(user)
