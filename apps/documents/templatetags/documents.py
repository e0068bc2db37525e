from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


@register.simple_tag(takes_context=True)
def units_of(context, ids):
    """[{"id", "name"}] of unit ids, named from the page's `unit_names` (the units the draft assigns)."""
    names = context.get("unit_names") or {}
    return [{"id": i, "name": names[i]} for i in ids or () if i in names]


@register.simple_tag(takes_context=True)
def form_state(context, kind, key):
    """Whether the form `kind-key` is the one whose edit just failed, with the values the reviewer
    typed (so an error loses nothing) and the error."""
    failed = context.get("failed") == f"{kind}-{key}"
    values = (context.get("posted") or {}) if failed else {}
    return {"failed": failed, "values": values, "error": context.get("error") if failed else None}


@register.simple_tag
def typed(state, field, current):
    """The value to show in a field: what was typed if that form's edit failed, else the stored one."""
    if state["failed"]:
        return state["values"].get(field, "")
    return "" if current is None else current


@register.filter
def number(value):
    """50.0 → "50", 1.2 → "1.2" (no trailing zeros, no exponent)."""
    if value in (None, ""):
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    return text
