"""The coverage matrix's cells, built in Python: a large report has thousands (500 parent tasks × 10 lower
plans), and a template node per cell would cost more than all of the report's SQL. Every part of a cell is
the app's own (a URL prefix, an id, a relation's label, a count), so each row is escaped once and joined."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..models import TaskLink

register = template.Library()
UNCLAIMED = '<td><span class="error">✗ 未认领</span></td>'
RELATIONS = {value: escape(label) for value, label in TaskLink.Relation.choices}


@register.simple_tag
def claim_cells(row, task_base):
    """One <td> per lower plan: ✓ and the relation of its first link (+ how many more), or ✗ 未认领."""
    base = escape(task_base)

    def cell(claim):
        links = claim["links"]
        if not links:
            return UNCLAIMED
        more = f" 等{len(links)}项" if len(links) > 1 else ""
        first = links[0]
        return f'<td><a href="{base}{int(first.task_id)}/">✓ {RELATIONS[first.relation]}</a>{more}</td>'

    return mark_safe("".join(cell(claim) for claim in row["claims"]))  # every part escaped or an integer
