"""The figures of a 通报 of any kind, for one plan or for all published plans of a jurisdiction (`scope`,
a 市/县区: the plans issued by it or by any unit below it), as the snapshot kept with the draft:

- monthly, quarterly, half-year: apps.briefings.data over the period's months (the quarter's and the half
  year's own additions from apps.briefings.packs);
- annual: apps.briefings.annual (the jurisdiction's published 考核 results; a plan's: its issuing unit's);
- rectification: apps.briefings.rectification (the items issued by the plan's unit, or in the jurisdiction).

Also each kind's default title and 下步要求."""

from django.db.models import Count, Sum

from apps.cascade import coverage
from apps.indicators import summary as indicator_summary
from apps.indicators import table as indicator_table
from apps.indicators.models import Indicator
from apps.orgs.models import Unit
from apps.plans.models import Plan
from apps.projects import rules as project_rules
from apps.projects.models import Project

from . import annual, data, packs, rectification
from .data import NoFigures
from .periods import ANNUAL, HALFYEAR, QUARTERLY, RECTIFICATION, Period


def jurisdiction_plans(scope):
    """The published plans of a jurisdiction: issued by the 市/县区 or any unit below it."""
    return (
        Plan.objects.filter(
            status=Plan.Status.PUBLISHED, archived_at__isnull=True, owner_unit__path__startswith=scope.path
        )
        .select_related("owner_unit")
        .order_by("owner_unit__path", "id")
    )


def subject(plan, scope) -> str:
    return plan.title if plan is not None else f"{scope.name}全部计划"


def default_title(kind: str, period: Period, *, plan=None, scope=None) -> str:
    name = subject(plan, scope)
    unit = plan.owner_unit.name if plan is not None else scope.name
    if kind == QUARTERLY:
        return f"关于{period.label}{name}推进情况的调度通报"
    if kind == HALFYEAR:
        return f"关于{period.label}{name}“双过半”情况的通报"
    if kind == ANNUAL:
        return f"关于{period.year}年度{unit}目标责任考核结果的通报"
    if kind == RECTIFICATION:
        return f"关于截至{period.label}底{unit}交办问题整改进展情况的通报"
    return f"关于{period.year}年{period.last_month}月{name}进展情况的通报"


def default_requirements(kind: str) -> str:
    return {ANNUAL: annual.DEFAULT_REQUIREMENTS, RECTIFICATION: rectification.DEFAULT_REQUIREMENTS}.get(
        kind, data.DEFAULT_REQUIREMENTS
    )


def gather(kind: str, period: Period, *, today, plan=None, scope=None, progress=None) -> dict:
    """The snapshot of the 通报 (plain JSON values), or NoFigures when its kind has nothing to report.
    `progress(i, step)` as data.gather's (the annual and rectification reports tell its last step only)."""
    progress = progress or (lambda i, step: None)
    unit = plan.owner_unit if plan is not None else scope
    as_of = min(today, period.end)
    if kind == ANNUAL:
        progress(len(data.STEPS) - 1, data.STEPS[-1])
        figures = data.trim(annual.gather(unit, period.year), tables=("scores",))
    elif kind == RECTIFICATION:
        progress(len(data.STEPS) - 1, data.STEPS[-1])
        ids = [unit.pk] if plan is not None else list(unit.subtree().values_list("id", flat=True))
        figures = rectification.gather(
            ids, as_of=as_of, year=period.year, month=period.last_month, where=unit.name
        )
        data.trim(figures, tables=("overdue", "rebound", "units"))
    else:
        plans = [plan] if plan is not None else list(jurisdiction_plans(scope))
        if not plans:
            raise NoFigures(f"{scope.name}没有已发布的计划，不能生成全部计划的通报")
        figures = data.gather(
            plans, period.year, period.last_month, today=today, months=period.months, progress=progress
        )
        text, tables = ["good", "late_units"], ["behind", "on_pace", "submission"]
        if kind == QUARTERLY:
            packs.quarter_extras(figures, plans, period.start, as_of)
            text, tables = [*text, "decisions"], [*tables, "notices"]
        elif kind == HALFYEAR:
            packs.halfway_extras(figures)
            packs.targets_extras(figures, plans, as_of)
            text, tables = [*text, "halfway_missed"], [*tables, "halfway_units", "targets"]
        data.trim(figures, text=text, tables=tables)
        _indicators(figures, unit, period)
        _projects(figures, unit, period)
        if plan is not None:
            _cascade(figures, plan)
    figures["kind"] = kind
    figures["period"] = period.code
    figures["subject"] = subject(plan, scope)
    return figures


__all__ = ["NoFigures", "default_requirements", "default_title", "gather", "jurisdiction_plans"]


def _indicators(figures: dict, unit, period: Period) -> None:
    """The 主要经济指标 of the 通报's 市/县区 (the plan's unit's, or the jurisdiction's) for the period's
    last month, in the words apps.indicators.summary writes (达到序时进度的…项、占比…; a line per
    indicator), when it has indicators (its own or those of the units above it) with a row for it."""
    area = unit if unit.kind in Unit.JURISDICTION_KINDS else unit.jurisdiction()
    indicators = list(Indicator.objects.filter(owner_unit_id__in=area.ancestor_ids, archived_at__isnull=True))
    if not indicators:
        return
    blocks = indicator_table.month_table(indicators, [area], period.year, period.last_month)
    section = indicator_summary.section(blocks, area)
    if any(not line.endswith("本期数据未报。") for line in section.lines):  # some figures for the month
        figures["indicators"] = {"unit": area.name, "overview": section.overview, "lines": section.lines}


RED_PROJECTS_NAMED = 10
UNCLAIMED_NAMED = 10


def _projects(figures: dict, unit, period: Period) -> None:
    """The 重点项目 of the 通报's unit and the units below it for the period's year, when there are any: counts
    by colour, investment against the year's plan and 时间进度 at the period's last month, the red ones
    named (at most RED_PROJECTS_NAMED) — the colours and 累计完成 as the project ledger stores them now."""
    projects = Project.objects.filter(
        archived_at__isnull=True, year=period.year, unit__path__startswith=unit.path
    )
    rows = list(
        projects.values("colour").annotate(n=Count("id"), plan=Sum("annual_plan"), done=Sum("completed"))
    )
    if not rows:
        return
    counts = {row["colour"]: row["n"] for row in rows}
    plan = sum(row["plan"] or 0 for row in rows)
    done = sum(row["done"] or 0 for row in rows)
    rate = project_rules.completion_rate(done, plan)
    progress = project_rules.time_progress(period.last_month)
    red = projects.filter(colour=Project.Colour.RED).select_related("unit").order_by("-annual_plan", "id")
    figures["projects"] = {
        "total": sum(counts.values()),
        "colours": {c: counts.get(c, 0) for c in ("red", "yellow", "green")},
        "plan": f"{plan:.2f}".rstrip("0").rstrip("."),
        "done": f"{done:.2f}".rstrip("0").rstrip("."),
        "rate": project_rules.format_percent(rate),
        "progress": project_rules.format_percent(progress),
        "gap": project_rules.describe_gap(project_rules.schedule_gap(rate, progress))
        if rate is not None
        else "",
        "red": [f"{p.name}（{p.unit.name}）" for p in red[:RED_PROJECTS_NAMED]],
    }


def _cascade(figures: dict, plan) -> None:
    """承接落实: how the lower plans that carry this plan down picked up its tasks (apps.cascade.coverage),
    when any does: per lower plan the tasks claimed and not, the tasks no lower plan claimed (at most
    UNCLAIMED_NAMED named), and the 量化分解 shares that do not add up to the target."""
    children = list(
        Plan.objects.filter(parent_links__parent=plan, archived_at__isnull=True).select_related("owner_unit")
    )
    if not children:
        return
    report = coverage.report(plan, children)
    unclaimed = [row["task"].title for row in report["rows"] if len(row["missing"]) == len(children)]
    figures["cascade"] = {
        "tasks": report["totals"]["tasks"],
        "plans": [
            {
                "unit": e["plan"].owner_unit.name,
                "claimed": e["claimed"],
                "unclaimed": e["unclaimed"],
                "local": len(e["orphans"]),
            }
            for e in report["per_plan"]
        ],
        "unclaimed": unclaimed[:UNCLAIMED_NAMED],
        "unclaimed_count": len(unclaimed),
        "splits": [
            f"{row['task'].title}：{split['verdict']}"
            for row in report["rows"]
            for split in row["splits"]
            if split["state"] != "ok"
        ],
        "incomplete": len(report["incomplete"]),
    }
