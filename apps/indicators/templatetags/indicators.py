"""Figures as the 统计月报 prints them: “—” when missing (never 0), no trailing zeros."""

from decimal import Decimal

from django import template

from apps.indicators.rules import MISSING

register = template.Library()


@register.filter
def figure(value, suffix=""):
    """Decimal("300.0000") → "300", Decimal("21.50") → "21.5", None → "—"; `suffix` ("%") after a value."""
    if value is None or value == "":
        return MISSING
    text = format(Decimal(value).normalize(), "f") if isinstance(value, Decimal) else str(value)
    return f"{text}{suffix}"
