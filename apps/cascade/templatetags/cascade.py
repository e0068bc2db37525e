"""The coverage matrix's cells, built in Python: a large report has thousands (500 parent tasks × 10 lower
plans), and a template node per cell would cost more than all of the report's SQL."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()
UNCLAIMED = mark_safe('<td><span class="error">✗ 未认领</span></td>')


@register.simple_tag
def claim_cells(row, task_base):
    """One <td> per lower plan: ✓ and the relation of its first link (+ how many more), or ✗ 未认领."""

    def cell(claim):
        links = claim["links"]
        if not links:
            return (UNCLAIMED,)
        more = f" 等{len(links)}项" if len(links) > 1 else ""
        first = links[0]
        return (
            format_html(
                '<td><a href="{}{}/">✓ {}</a>{}</td>',
                task_base,
                first.task_id,
                first.get_relation_display(),
                more,
            ),
        )

    return format_html_join("", "{}", (cell(claim) for claim in row["claims"]))
