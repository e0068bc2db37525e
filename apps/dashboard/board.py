"""The dashboard's figures for one unit (its subtree) and a set of plans (`every`: all the plans the user
sees, so the all-plans rows `stats.refresh` stores can be read instead of each plan's), from `Stat` rows — a few grouped reads whatever the
size of the ledger — plus the red list (20 tasks, index-backed)."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, FloatField, OuterRef, Prefetch, Q, Subquery, Sum, Window
from django.db.models.functions import Cast, Round

from apps.cycles.models import Cycle, Report
from apps.orgs.models import Unit
from apps.plans.models import Rag, TaskStatus, TaskUnit
from apps.supervision.models import Notice

from .models import Stat
from .stats import SENT, percent

M = Stat.Metric
OWNED = {M.OWNER_STATUS: "status", M.OWNER_RAG: "rag"}
RED_LIST = 20
RATE_ROWS = 30

# why each colour: the rule of apps.cycles.rules, its thresholds from the settings
RAG_WHY = {
    Rag.RED: "红灯：已超过完成时限、有节点逾期、有进展报告截止后仍未报送，或进度落后时间进度超过 {red} 个百分点",
    Rag.YELLOW: "黄灯：距完成时限或节点不足 {warn} 个工作日、本期报告临近截止未报送，或进度落后时间进度 {yellow}～{red} 个百分点",
    Rag.GREEN: "绿灯：无逾期、无缺报，进度不落后时间进度 {yellow} 个百分点以上",
}
STATUS_WHY = {
    TaskStatus.NOT_STARTED: "未启动：未到开始日期，或尚无采纳的进度",
    TaskStatus.ON_TRACK: "正常推进：进度不落后时间进度，节点无逾期",
    TaskStatus.LAGGING: "滞后：进度落后时间进度超过 {yellow} 个百分点，或有节点逾期",
    TaskStatus.OVERDUE: "逾期：已超过完成时限仍未完成",
    TaskStatus.DONE: "已完成：采纳的进度达到 100%",
    TaskStatus.CLOSED: "已销号：销号公示期满",
}


def _why(texts):
    values = {"red": settings.LAG_RED, "yellow": settings.LAG_YELLOW, "warn": settings.WARN_WORKDAYS}
    return {key: text.format(**values) for key, text in texts.items()}


def _counts():
    return {"status": defaultdict(int), "rag": defaultdict(int)}


def planned_percent(day: datetime.date) -> float:
    """序时进度 at the end of a period: the share of the year gone (30 June ≈ 50%, 双过半)."""
    start = datetime.date(day.year, 1, 1)
    length = (datetime.date(day.year + 1, 1, 1) - start).days
    return round(((day - start).days + 1) * 100 / length, 1)


def task_figures(scope: Unit, plan_ids, area_id=None, *, every=False):
    """Totals by status and colour of the tasks `scope` is 主责 for (their first lead unit in its
    subtree: the ledger's 主责单位 filter), the same by area, and `involved`: the tasks with any lead or
    co unit in the subtree (the ledger's 责任单位 filter) — one read; for every plan (`every`), `involved`
    from the all-plans rows rather than each area's."""
    involved = Q(metric=M.RAG, plan__isnull=True) if every else Q(metric=M.RAG, plan_id__in=plan_ids)
    rows = Stat.objects.filter(Q(metric__in=Stat.OWNED, plan_id__in=plan_ids) | involved, unit=scope)
    if area_id is not None:
        rows = rows.filter(area_id=area_id)
    rows = (
        rows.values("metric", "key", "plan", "area", "area__title", "area__order", "plan__title")
        .annotate(n=Sum("value"))
        .order_by("plan__title", "area__order", "area")
    )
    totals, areas, involved = _counts(), {}, 0
    for r in rows:
        if r["metric"] == M.RAG:
            involved += r["n"]
            continue
        metric = OWNED[r["metric"]]
        totals[metric][r["key"]] += r["n"]
        label = r["area__title"] or "未分领域"
        if len(plan_ids) > 1:
            label = f"{r['plan__title']} · {label}"
        area = areas.setdefault(r["area"], {"id": r["area"], "plan": r["plan"], "label": label, **_counts()})
        area[metric][r["key"]] += r["n"]
    return totals, list(areas.values()), involved


def plans_with_red(areas) -> list:
    """The plans of task_figures' areas with red or overdue tasks: the only ones the red list reads."""
    return sorted({a["plan"] for a in areas if a["rag"].get(Rag.RED) or a["status"].get(TaskStatus.OVERDUE)})


def unit_figures(scope: Unit, plan_ids, totals, *, every=False, area_id=None):
    """The same counts for each unit directly below `scope` (one read), the drill-down's next level, and
    a row for the tasks `scope` itself leads first (`totals` less the units below): each task is in one
    row, so the rows add up to `totals`."""
    plans = Q(plan__isnull=True) if every else Q(plan_id__in=plan_ids)
    if area_id is not None:
        plans &= Q(area_id=area_id)
    rows = (
        Stat.objects.filter(plans, unit__parent=scope, metric__in=Stat.OWNED)
        .values("unit", "unit__name", "unit__path", "metric", "key")
        .annotate(n=Sum("value"))
        .order_by("unit__path")
    )
    units = {}
    for r in rows:
        unit = units.setdefault(r["unit"], {"id": r["unit"], "label": r["unit__name"], **_counts()})
        unit[OWNED[r["metric"]]][r["key"]] += r["n"]
    own = {"id": None, "label": f"{scope.name}（本级牵头）", **_counts()}
    for metric in ("status", "rag"):
        for key, n in totals[metric].items():
            own[metric][key] = n - sum(u[metric].get(key, 0) for u in units.values())
    rows = list(units.values())
    return [own, *rows] if any(own["rag"].values()) else rows


def subtree_figures(scope: Unit, plan_ids, every=False):
    """Reports per cycle (报送率, reported vs planned progress), open 督办 by level, 整改 items: one read
    of `scope`'s rows only, whatever the size of its subtree — 整改 of its subtree; its own reports and
    those of the units below (per cycle of the plan, or over all plans per period); the 督办 of its
    subtree (per plan, or over all plans)."""
    per_cycle = (M.REPORTS_DUE, M.REPORTS_SUBMITTED, M.PERCENT_N, M.PERCENT_SUM)
    if every:
        below = Q(plan__isnull=True, key=Stat.BELOW_KEY) | Q(plan_id__in=plan_ids, key="")
        reports = Q(metric__in=per_cycle) & below
        notices = Q(plan__isnull=True, metric=M.NOTICES_OPEN)
    else:
        reports = Q(plan_id__in=plan_ids, metric__in=per_cycle)
        notices = Q(plan_id__in=plan_ids, metric=M.NOTICES_SUBTREE)
    rows = (
        Stat.objects.filter(reports | notices | Q(metric=M.RECTIFICATION), unit=scope)
        .values("metric", "key", "period", "cycle__period_end")
        .annotate(n=Sum("value"))
        .order_by()
    )
    cycles, notices, rect = {}, {level: 0 for level in Notice.Level}, {"total": 0, "closed": 0, "overdue": 0}
    for r in rows:
        if r["metric"] in (M.NOTICES_OPEN, M.NOTICES_SUBTREE):
            notices[Notice.Level(int(r["key"]))] += r["n"]
        elif r["metric"] == M.RECTIFICATION:
            rect[r["key"]] += r["n"]
        else:
            cycle = cycles.setdefault(r["period"], {"label": r["period"], "end": r["cycle__period_end"]})
            cycle["end"] = max(cycle["end"], r["cycle__period_end"])
            cycle[r["metric"]] = cycle.get(r["metric"], 0) + r["n"]
    trend = sorted(cycles.values(), key=lambda c: c["end"])
    for c in trend:
        due, sent, n = c.get(M.REPORTS_DUE, 0), c.get(M.REPORTS_SUBMITTED, 0), c.get(M.PERCENT_N, 0)
        c.update(due=due, sent=sent, rate=percent(sent, due), planned=planned_percent(c["end"]))
        c["reported"] = round(c.get(M.PERCENT_SUM, 0) / n, 1) if n else None
    rect["percent"] = percent(rect["closed"], rect["total"])
    return trend, [(level.label, n) for level, n in notices.items()], rect


def rates_by_unit(scope: Unit, plan_ids, period: str, *, every=False):
    """报送率 of each unit in the subtree for one period, lowest first, and the number of units with
    reports due (one read): grouped, ordered and limited in SQL from the units' rows of the plan, or of
    every plan (`every`: their all-plans rows), the number from a window count over the groups. At the
    tree's root over every plan, from each unit's stored all-plans rate, read in order on its index (the
    first RATE_ROWS rows, not every unit's)."""
    if every and scope.parent_id is None:
        return _all_plans_rates(period)
    plans = Q(plan__isnull=True) if every else Q(plan_id__in=plan_ids)
    rows = (
        Stat.objects.filter(
            plans,
            unit__path__startswith=scope.path,
            period=period,
            metric__in=(M.REPORTS_DUE, M.REPORTS_SUBMITTED),
            key="",
        )
        .values("unit", "unit__name")
        .annotate(
            due=Sum("value", filter=Q(metric=M.REPORTS_DUE), default=0),
            sent=Sum("value", filter=Q(metric=M.REPORTS_SUBMITTED), default=0),
        )
        .filter(due__gt=0)
        .annotate(
            rate=Round(Cast(F("sent"), FloatField()) * 100 / F("due"), 1),
            units=Window(Count("*")),
        )
        .order_by("rate", "unit__name")[:RATE_ROWS]
    )
    out = [
        {"label": r["unit__name"], "due": r["due"], "sent": r["sent"], "rate": percent(r["sent"], r["due"])}
        for r in rows
    ]
    return out, rows[0]["units"] if rows else 0


def _all_plans_rates(period: str):
    """rates_by_unit of every unit over every plan: the stored 报送率 rows (`stats.own_rows`), lowest
    first, with their reports due and sent and the number of rate rows (subqueries, each one index probe
    or one count)."""
    own = Stat.objects.filter(plan__isnull=True, key="", period=period)
    rates = Stat.objects.filter(plan__isnull=True, period=period, metric=M.REPORTS_RATE)  # on its index

    def value(metric):
        return Subquery(own.filter(unit=OuterRef("unit"), metric=metric).values("value")[:1])

    units = rates.order_by().values("period").annotate(n=Count("*")).values("n")
    rows = list(
        rates.annotate(due=value(M.REPORTS_DUE), sent=value(M.REPORTS_SUBMITTED), units=Subquery(units))
        .values("unit__name", "due", "sent", "units")
        .order_by("value", "unit__name")[:RATE_ROWS]
    )
    out = [
        {"label": r["unit__name"], "due": r["due"], "sent": r["sent"], "rate": percent(r["sent"], r["due"])}
        for r in rows
    ]
    return out, rows[0]["units"] if rows else 0


def lead_links():
    """The lead-unit links the red lists show (`task.leads`): the unit's name only, not its whole row."""
    return TaskUnit.objects.filter(role=TaskUnit.Role.LEAD).select_related("unit").only("task", "unit__name")


def led_figures(tasks, plan_ids):
    """我分管: the leader's tasks (`tasks`, index-backed on the leader: tens, not the ledger) by colour
    and status, per plan and in all (one grouped read), and the red and overdue ones (one read, their
    lead units one more)."""
    rows = (
        tasks.filter(plan_id__in=plan_ids)
        .values("plan", "plan__title", "status", "rag")
        .annotate(n=Count("id"))
        .order_by("plan__title", "plan")
    )
    totals, plans = _counts(), {}
    for r in rows:
        plan = plans.setdefault(
            r["plan"], {"id": r["plan"], "label": r["plan__title"], "total": 0, **_counts()}
        )
        for target in (totals, plan):
            target["status"][r["status"]] += r["n"]
            target["rag"][r["rag"]] += r["n"]
        plan["total"] += r["n"]
    leads = lead_links()
    red = (
        tasks.filter(plan_id__in=plan_ids)
        .filter(Q(rag=Rag.RED) | Q(status=TaskStatus.OVERDUE))
        .select_related("plan")
        .prefetch_related(Prefetch("links", queryset=leads, to_attr="leads"))
        .order_by("due_date", "id")[:RED_LIST]
    )
    return {
        "total": sum(p["total"] for p in plans.values()),
        "rags": rag_rows(totals["rag"]),
        "plans": list(plans.values()),
        "red": list(red),
    }


def red_list(tasks, scope: Unit, plan_ids, area_id=None):
    """The overdue and red tasks `scope` is 主责 for (as task_figures counts them), oldest deadline
    first, each with its lead units and its reasons. Over several plans (on PostgreSQL), each plan's
    first 20 on the plan × deadline index are merged: one read still, without sorting every red task of
    the province. At the tree's root every task with a lead unit is the root's: no filter on the units."""
    leads = lead_links()
    red = tasks.filter(Q(rag=Rag.RED) | Q(status=TaskStatus.OVERDUE))
    if scope.parent_id is not None:
        below = TaskUnit.objects.first_leads().filter(unit__path__startswith=scope.path).values("task_id")
        red = red.filter(pk__in=below)
    if area_id is not None:
        red = red.filter(area_id=area_id)
    if len(plan_ids) > 1 and connection.features.supports_slicing_ordering_in_compound:
        first = [red.filter(plan_id=p).order_by("due_date", "id").values("id")[:RED_LIST] for p in plan_ids]
        red = tasks.filter(pk__in=first[0].union(*first[1:], all=True))
    else:  # SQLite: no LIMIT inside a UNION
        red = red.filter(plan_id__in=plan_ids)
    return list(
        red.select_related("plan")
        .prefetch_related(Prefetch("links", queryset=leads, to_attr="leads"))
        .order_by("due_date", "id")[:RED_LIST]
    )


def explain_missing(tasks, today) -> None:
    """Give each task (of the red lists) `missing`: which closed period's lead report is still unsent —
    the period, the unit, its deadline and how long ago that was (the rule 有 n 期进展报告截止后仍未报送
    names only the count). One read for all the tasks, none when there are none."""
    by_task = defaultdict(list)  # a task may be in both lists
    for task in tasks:
        task.missing = []
        by_task[task.pk].append(task)
    if not by_task:
        return
    unsent = [s for s in Report.Status.values if s not in SENT]
    rows = (
        Report.objects.filter(task_id__in=by_task, is_lead=True, status__in=unsent)
        .filter(cycle__status=Cycle.Status.CLOSED)
        .values_list("task_id", "cycle__label", "cycle__due_on", "unit__name")
        .order_by("cycle__due_on", "id")
    )
    for task_id, label, due, unit in rows:
        text = f"{label}未报送（{unit}，{due:%Y-%m-%d} 截止，已过 {(today - due).days} 天）"
        for task in by_task[task_id]:
            task.missing.append(text)


def status_rows(counts):
    why = _why(STATUS_WHY)
    return [(s.value, s.label, counts.get(s.value, 0), why[s]) for s in TaskStatus]


def rag_rows(counts):
    why = _why(RAG_WHY)
    return [(r.value, r.label, counts.get(r.value, 0), why[r]) for r in (Rag.RED, Rag.YELLOW, Rag.GREEN)]
