"""The two ledgers beside the task ledger, on the dashboard: 重点项目 — the projects of the scope's subtree by
colour, their investment against the year's plan and 时间进度, the red ones with why — and 主要经济指标 — the
scope's own figure of each indicator at the latest month, ahead of or behind 序时 and why. Read from what
those apps store (each project's colour, reason and 累计完成; each month's figures), a few queries."""

from django.db.models import Count, Sum
from django.urls import reverse

from apps.indicators import table
from apps.indicators.access import visible_indicators
from apps.orgs.models import Unit
from apps.projects import rules as project_rules
from apps.projects.access import visible_projects
from apps.projects.models import Project

RED_PROJECTS = 5
Colour = Project.Colour


def projects(user, scope, today) -> dict | None:
    """None when the scope's subtree has no project this year."""
    mine = visible_projects(user).filter(year=today.year, unit__path__startswith=scope.path)
    rows = list(mine.values("colour").annotate(n=Count("id"), plan=Sum("annual_plan"), done=Sum("completed")))
    if not rows:
        return None
    counts = {colour: 0 for colour in Colour.values}
    for row in rows:
        counts[row["colour"]] = row["n"]
    plan = sum(row["plan"] or 0 for row in rows)
    done = sum(row["done"] or 0 for row in rows)
    rate = project_rules.completion_rate(done, plan)
    progress = project_rules.time_progress(today.month)
    red = mine.filter(colour=Colour.RED).select_related("unit").order_by("-annual_plan", "id")[:RED_PROJECTS]
    return {
        "total": sum(counts.values()),
        "counts": [
            (Colour(c).label, c, counts[c]) for c in (Colour.RED, Colour.YELLOW, Colour.GREEN, Colour.NONE)
        ],
        "plan": plan,
        "done": done,
        "rate": project_rules.format_percent(rate),
        "progress": project_rules.format_percent(progress),
        "gap": project_rules.describe_gap(project_rules.schedule_gap(rate, progress))
        if rate is not None
        else "",
        "red": list(red),
        "url": f"{reverse('project_list')}?unit={scope.pk}",
    }


def indicators(user, scope, today) -> dict | None:
    """None when the scope is not a 市/县区 or no indicator has figures this year."""
    if scope.kind not in Unit.JURISDICTION_KINDS:
        return None
    shown = list(visible_indicators(user).order_by("order", "id"))
    month = table.latest_month(shown, today.year) if shown else None
    if not month:
        return None
    rows = [
        {"indicator": block.indicator, "row": row}
        for block in table.month_table(shown, [scope], today.year, month)
        for row in block.rows
    ]
    behind = [r for r in rows if r["row"].standing.colour in ("red", "yellow")]
    return {
        "month": month,
        "rows": rows,
        "behind": len(behind),
        "url": f"{reverse('indicator_table')}?unit={scope.pk}",
    }
