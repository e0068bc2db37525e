"""A current reporting cycle with a realistic mix: last month closed (most accepted, a few missing),
this month open (some accepted, some waiting, some returned, some not yet filled), red and yellow tasks,
and one open 督办."""

import datetime
import random

from django.utils import timezone

from apps.cycles import actions
from apps.cycles.calendar import work_calendar
from apps.cycles.models import Cycle, Report, Schedule
from apps.cycles.periods import due_date, period_for
from apps.cycles.rules import expected_percent
from apps.cycles.status import refresh_tasks
from apps.orgs.models import User
from apps.plans.models import Task
from apps.supervision import actions as supervision
from apps.supervision.models import Notice

NARRATIVES = [
    "已召开专题推进会，明确责任分工和时间节点，各项工作按计划推进。",
    "项目前期手续基本办结，正在组织施工，完成年度投资计划的大部分。",
    "已完成调研摸底，形成实施方案初稿，正在征求相关部门意见。",
    "会同配合单位开展督导检查，发现问题已建立台账限期整改。",
]


def _cycle(plan, period, cal, status):
    due = due_date(period, 25, cal)
    cycle, _ = Cycle.objects.get_or_create(
        plan=plan,
        kind="month",
        period_start=period.start,
        defaults={
            "label": period.label,
            "period_end": period.end,
            "opens_on": due - datetime.timedelta(days=10),
            "due_on": due,
        },
    )
    actions.open_cycle(cycle)
    return cycle


def _fill(report, percent, users, rng):
    reporter, approver = users
    actions.save_report(
        report,
        {
            "narrative": rng.choice(NARRATIVES),
            "percent": percent,
            "problems": "要素保障仍有缺口" if percent < 50 else "",
            "next_steps": "继续压茬推进，确保按期完成",
        },
        {t.pk: t.value * percent / 100 for t in report.task.targets.all()},
        version=None,
        actor=reporter,
    )
    report.refresh_from_db()
    actions.submit_report(report, version=report.version, actor=reporter)


def load(plan, *, today=None, coordinator):
    rng = random.Random(2026)
    today = today or timezone.localdate()
    cal = work_calendar()
    Schedule.objects.get_or_create(plan=plan, kind="month", defaults={"due_day": 25, "open_days": 10})
    Schedule.objects.get_or_create(
        plan=plan, kind="quarter", defaults={"due_day": 25, "open_days": 10, "enabled": False}
    )
    current = period_for("month", today)
    previous = period_for("month", current.start - datetime.timedelta(days=1))
    staff = {}
    for user in User.objects.filter(is_active=True).select_related("unit"):
        for role in ("reporter", "approver"):
            if role in user.roles:
                staff.setdefault(user.unit_id, {})[role] = user

    def users(report):
        people = staff.get(report.unit_id, {})
        reporter = people.get("reporter") or people.get("approver") or coordinator
        return reporter, people.get("approver") or reporter

    for period, is_current in ((previous, False), (current, True)):
        cycle = _cycle(plan, period, cal, "open")
        reports = list(
            Report.objects.filter(cycle=cycle, is_lead=True)
            .select_related("task", "unit")
            .prefetch_related("task__targets")
        )
        for i, report in enumerate(reports):
            task = report.task
            planned = expected_percent(task.start_date, task.due_date, period.end)
            percent = max(0, min(100, int(planned + rng.choice([5, 0, -5, -10, -30]))))
            roll = rng.random()
            if not is_current:
                if i % 7 == 6:
                    continue  # missing last month: red once the cycle closed
                _fill(report, percent, users(report), rng)
                actions.approve_report(Report.objects.get(pk=report.pk), actor=users(report)[1])
                actions.accept_report(Report.objects.get(pk=report.pk), actor=coordinator)
                continue
            if roll < 0.25:
                continue  # not yet filled
            _fill(report, percent, users(report), rng)
            if roll < 0.35:
                continue  # waiting for the unit approver
            actions.approve_report(Report.objects.get(pk=report.pk), actor=users(report)[1])
            if roll < 0.5:
                continue  # waiting for the coordinator
            if roll < 0.62:
                actions.return_report(
                    Report.objects.get(pk=report.pk),
                    comment="进展描述过于笼统，请补充具体数据和佐证材料",
                    actor=coordinator,
                )
                continue
            actions.accept_report(Report.objects.get(pk=report.pk), actor=coordinator)
        if not is_current and cycle.due_on < today:
            actions.close_cycle(cycle)
    refresh_tasks(Task.objects.filter(plan=plan), today=today)
    red = Task.objects.filter(plan=plan, rag="red").prefetch_related("links__unit").first()
    if red and not Notice.objects.filter(task=red).exists():
        lead = next((link.unit for link in red.links.all() if link.role == "lead"), None)
        if lead:
            supervision.issue_notice(
                task=red,
                unit=lead,
                level=Notice.Level.URGE,
                reason="进度明显滞后于时间进度，且上月进展报告未按时报送",
                reply_by=cal.add_workdays(today, 3),
                actor=coordinator,
            )
