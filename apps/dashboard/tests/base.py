"""The dashboard's test data: BaseTestCase's task (市发改委 leads, 市住建局 co-operates) plus a red,
overdue task led by 陇西县发改局 in a second area, a November cycle with its reports, two open 督办单 and
one closed, and three 整改台账 items."""

import datetime

from apps.cycles import actions as cycle_actions
from apps.cycles.models import Cycle, Report
from apps.dashboard import stats
from apps.plans.models import Area, Task, TaskUnit
from apps.supervision.models import Notice, Rectification
from luoshi.test import BaseTestCase

D = datetime.date
TODAY = D(2026, 11, 28)
YEAR_END = D(2026, 12, 31)
WHY = ["已超过完成时限 2026-10-31", "有 1 期进展报告截止后仍未报送"]


def add_task(plan, area, title, lead, *, status="on_track", rag="green", reasons=(), due=YEAR_END):
    task = Task.objects.create(
        plan=plan,
        area=area,
        title=title,
        start_date=D(2026, 1, 1),
        due_date=due,
        status=status,
        rag=rag,
        status_reasons=list(reasons),
    )
    TaskUnit.objects.create(task=task, unit=lead, role=TaskUnit.Role.LEAD)
    return task


class DashboardTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Task.objects.filter(pk=cls.task.pk).update(status="on_track", rag="yellow", percent=80)
        cls.area2 = Area.objects.create(plan=cls.plan, title="在保障改善民生上提质增效", order=2)
        cls.red = add_task(
            cls.plan,
            cls.area2,
            "改造老旧小区30个",
            cls.county_fgj,
            status="overdue",
            rag="red",
            reasons=WHY,
            due=D(2026, 10, 31),
        )
        cls.cycle = Cycle.objects.create(
            plan=cls.plan,
            kind="month",
            label="2026年11月",
            period_start=D(2026, 11, 1),
            period_end=D(2026, 11, 30),
            opens_on=D(2026, 11, 15),
            due_on=D(2026, 11, 25),
        )
        cycle_actions.open_cycle(cls.cycle)
        Report.objects.filter(cycle=cls.cycle, task=cls.task, unit=cls.fgw).update(
            status=Report.Status.ACCEPTED, percent=80
        )
        Report.objects.filter(cycle=cls.cycle, task=cls.task, unit=cls.zjj).update(
            status=Report.Status.SUBMITTED
        )
        for unit, level, closed in (
            (cls.fgw, Notice.Level.URGE, None),
            (cls.county_fgj, Notice.Level.SUPERVISE, None),
            (cls.county_fgj, Notice.Level.REMIND, datetime.datetime(2026, 11, 2, tzinfo=datetime.UTC)),
        ):
            Notice.objects.create(
                task=cls.red if unit == cls.county_fgj else cls.task,
                unit=unit,
                level=level,
                reason="进度滞后",
                reply_by=D(2026, 11, 20),
                issued_by=cls.coordinator,
                closed_at=closed,
            )
        for status, due in (
            (Rectification.Status.CLOSED, D(2026, 9, 30)),
            (Rectification.Status.IN_PROGRESS, D(2026, 10, 31)),  # overdue
            (Rectification.Status.IN_PROGRESS, D(2026, 12, 31)),
        ):
            Rectification.objects.create(
                owner_unit=cls.city,
                source=Rectification.Source.INSPECTION,
                description="问题",
                lead_unit=cls.county_fgj,
                due_date=due,
                status=status,
                created_by=cls.coordinator,
            )
        stats.refresh(TODAY)
