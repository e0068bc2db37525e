"""The ledger read as the plain facts the scoring rules take (apps.assessment.scoring): for a scheme and a
day, each assessed unit's tasks with their state, and every event a rule may score — late, missing and
returned reports, 督办单 by level, overdue rectification, 回头看 反弹, 批示 answered late, 通报表扬/批评
and 表彰 (Recognition), 典型经验 promoted. A fixed number of queries whatever the number of units; values
only, no model instances kept. Each event's `ref` ("report:5") is what the breakdown links to."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate

from apps.cases.facts import promoted_cases
from apps.cycles.models import Cycle, Report, ReportVersion
from apps.orgs.models import Unit
from apps.plans.models import Plan, Task, TaskStatus, TaskUnit
from apps.supervision.models import Instruction, Notice, Rectification

from . import scoring
from .models import Adjustment, Rating, Recognition, Scheme

KEY_CLASS, NORMAL_CLASS = "重点", "一般"  # Task.priority 高 → 重点 (the proportional rule's weights keys)


@dataclass
class Facts:
    scheme: scoring.Scheme
    tasks: list
    events: list
    ratings: list
    adjustments: list
    unit_names: dict


def task_state(status: str, rag: str) -> str:
    """The state a proportional rule values, from the task's derived status and light."""
    if status in (TaskStatus.DONE, TaskStatus.CLOSED):
        return scoring.facts.DONE
    if status == TaskStatus.OVERDUE:
        return scoring.facts.OVERDUE
    return {"red": scoring.facts.RED, "yellow": scoring.facts.YELLOW}.get(rag, scoring.facts.ON_TRACK)


def gather(scheme: Scheme, as_of: datetime.date) -> Facts:
    rules = scoring.Scheme.from_dict(scheme.config)
    unit_ids = sorted({u for g in rules.groups for u in g.unit_ids})
    start = datetime.date(scheme.year, 1, 1)
    end = min(as_of, datetime.date(scheme.year, 12, 31))
    plans = Plan.objects.filter(year=scheme.year, status=Plan.Status.PUBLISHED, archived_at__isnull=True)
    links = TaskUnit.objects.filter(
        unit_id__in=unit_ids, task__plan__in=plans, task__archived_at__isnull=True
    ).values_list("task_id", "unit_id", "role", "task__priority", "task__status", "task__rag", "task__title")
    tasks = [
        scoring.TaskFact(
            task_id=task_id,
            unit_id=unit_id,
            role=role,
            weight_class=KEY_CLASS if priority == Task.Priority.HIGH else NORMAL_CLASS,
            state=task_state(status, rag),
            label=title,
        )
        for task_id, unit_id, role, priority, status, rag, title in links
    ]
    roles = {(t.task_id, t.unit_id): t.role for t in tasks}
    events = [
        *_report_events(unit_ids, plans, start, end, roles),
        *_notice_events(unit_ids, start, end, roles),
        *_rectification_events(unit_ids, start, end),
        *_instruction_events(unit_ids, start, end),
        *_recognition_events(unit_ids, start, end),
        *(
            scoring.Event("case_promoted", unit_id, day, f"case:{case_id}", title, level=level)
            for unit_id, level, case_id, title, day in promoted_cases(scheme.year, unit_ids)
            if day <= end
        ),
    ]
    ratings = [
        scoring.Rating(unit_id, dimension, full_name or username, points)  # the rater as people know them
        for unit_id, dimension, full_name, username, points in Rating.objects.filter(
            scheme=scheme
        ).values_list("unit_id", "dimension", "rater__full_name", "rater__username", "points")
    ]
    adjustments = [
        scoring.Adjustment(unit_id, dimension or None, points, reason, f"adjustment:{pk}")
        for pk, unit_id, dimension, points, reason in Adjustment.objects.filter(scheme=scheme).values_list(
            "pk", "unit_id", "dimension", "points", "reason"
        )
    ]
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    return Facts(rules, tasks, events, ratings, adjustments, names)


def _role(roles, task_id, unit_id):
    return roles.get((task_id, unit_id), scoring.facts.LEAD)


def _report_events(unit_ids, plans, start, end, roles):
    """迟报: submitted after the cycle's due day; 未报: nothing submitted by a cycle that has closed;
    退回重报: each return recorded in the report's versions."""
    reports = Report.objects.filter(
        unit_id__in=unit_ids,
        cycle__plan__in=plans,
        cycle__due_on__gte=start,
        cycle__due_on__lte=end,
    ).exclude(status=Report.Status.CANCELLED)
    late_or_missing = reports.filter(
        Q(submitted_at__isnull=True, cycle__status=Cycle.Status.CLOSED)
        | Q(submitted_at__date__gt=F("cycle__due_on"))  # the day in the site's time zone
    ).annotate(day=TruncDate("submitted_at"))
    rows = late_or_missing.values_list("pk", "unit_id", "task_id", "cycle__due_on", "cycle__label", "day")
    for pk, unit_id, task_id, due_on, label, day in rows.iterator(chunk_size=10_000):
        role = _role(roles, task_id, unit_id)
        if day is None:
            yield scoring.Event("missing_report", unit_id, due_on, f"report:{pk}", f"{label}未报", role=role)
        else:
            yield scoring.Event("late_report", unit_id, day, f"report:{pk}", f"{label}迟报", role=role)
    returns = (
        ReportVersion.objects.filter(report__in=reports, status=Report.Status.RETURNED, at__date__lte=end)
        .values("report_id", "report__unit_id", "report__task_id", "report__cycle__label")
        .annotate(n=Count("id"), day=F("report__cycle__due_on"))
    )
    for row in returns:
        for _ in range(row["n"]):
            yield scoring.Event(
                "report_returned",
                row["report__unit_id"],
                row["day"],
                f"report:{row['report_id']}",
                f"{row['report__cycle__label']}报告被退回",
                role=_role(roles, row["report__task_id"], row["report__unit_id"]),
            )


def _notice_events(unit_ids, start, end, roles):
    notices = Notice.objects.filter(
        unit_id__in=unit_ids, issued_at__date__gte=start, issued_at__date__lte=end
    )
    for pk, unit_id, task_id, level, issued_at, title in notices.values_list(
        "pk", "unit_id", "task_id", "level", "issued_at", "task__title"
    ):
        yield scoring.Event(
            "notice",
            unit_id,
            issued_at.date(),
            f"notice:{pk}",
            f"{Notice.Level(level).label}：{title}",
            level=level,
            role=_role(roles, task_id, unit_id),
        )


def _rectification_events(unit_ids, start, end):
    """整改逾期: a 限期整改 item past its time limit within the period and not 销号 by it; 回头看反弹."""
    items = Rectification.objects.filter(lead_unit_id__in=unit_ids)
    overdue = items.filter(kind=Rectification.Kind.DEADLINE, due_date__gte=start, due_date__lt=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=F("due_date"))
    )
    for pk, unit_id, due_date, description in overdue.values_list(
        "pk", "lead_unit_id", "due_date", "description"
    ):
        yield scoring.Event(
            "rectification_overdue", unit_id, due_date, f"rectification:{pk}", f"整改逾期：{description[:30]}"
        )
    for pk, unit_id, description, day in items.filter(
        rebound=True,
        recheck_entries__result="rebound",
        recheck_entries__checked_at__date__gte=start,
        recheck_entries__checked_at__date__lte=end,
    ).values_list("pk", "lead_unit_id", "description", "recheck_entries__checked_at"):
        yield scoring.Event(
            "recheck_rebound", unit_id, day.date(), f"rectification:{pk}", f"回头看反弹：{description[:30]}"
        )


def _instruction_events(unit_ids, start, end):
    """批示 answered after its time limit, or unanswered past it, within the period."""
    late = Instruction.objects.filter(unit_id__in=unit_ids, answer_by__gte=start, answer_by__lt=end).filter(
        Q(answered_at__isnull=True) | Q(answered_at__date__gt=F("answer_by"))
    )
    for pk, unit_id, answer_by, text in late.values_list("pk", "unit_id", "answer_by", "text"):
        yield scoring.Event(
            "instruction_late", unit_id, answer_by, f"instruction:{pk}", f"批示办理超时：{text[:30]}"
        )


def _recognition_events(unit_ids, start, end):
    for pk, unit_id, kind, level, role, title, document, day in Recognition.objects.filter(
        unit_id__in=unit_ids, day__gte=start, day__lte=end
    ).values_list("pk", "unit_id", "kind", "level", "role", "title", "document", "day"):
        yield scoring.Event(
            kind, unit_id, day, f"recognition:{pk}", f"{title}（{document}）", level=level, role=role
        )
