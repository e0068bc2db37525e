"""The base test case of 督查通报: BaseTestCase's plan with five tasks in four of the 通报's categories
(已完成, 超进度, 达进度, 欠进度 ×2, 未启动 — statuses set as apps.cycles would derive them), the November
2026 cycle with reports (two submitted, one with its 存在问题, one still pending) and an open 督办单."""

import datetime

import time_machine
from django.utils import timezone

from apps.cycles.models import Cycle, Report, Schedule
from apps.plans.models import Area, Task, TaskStatus, TaskUnit
from apps.supervision.models import Notice
from luoshi.test import MatrixTestCase

TODAY = datetime.date(2026, 11, 30)
NOW = "2026-11-30 10:00 +08:00"


def add_task(cls, title, status, percent=None, *, area=None, lead=None, reasons=(), due=None):
    task = Task.objects.create(
        plan=cls.plan,
        area=area or cls.area,
        title=title,
        start_date=datetime.date(2026, 1, 1),
        due_date=due or datetime.date(2026, 12, 31),
    )
    Task.objects.filter(pk=task.pk).update(status=status, percent=percent, status_reasons=list(reasons))
    TaskUnit.objects.create(task=task, unit=lead or cls.fgw, role=TaskUnit.Role.LEAD)
    return Task.objects.get(pk=task.pk)


class BriefingTestCase(MatrixTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.area2 = Area.objects.create(plan=cls.plan, title="在保障和改善民生上用力", order=2)
        # BaseTestCase's task: 91% on 30 November is 达进度 (序时 91%)
        Task.objects.filter(pk=cls.task.pk).update(status=TaskStatus.ON_TRACK, percent=91)
        cls.done = add_task(cls, "建成城市书房10个", TaskStatus.DONE, 100, area=cls.area2, lead=cls.zjj)
        cls.ahead = add_task(cls, "新建充电桩500个", TaskStatus.ON_TRACK, 100, due=datetime.date(2027, 6, 30))
        cls.lagging = add_task(
            cls,
            "改造老旧小区30个",
            TaskStatus.LAGGING,
            40,
            area=cls.area2,
            lead=cls.zjj,
            reasons=["进度 40% 落后时间进度 51 个百分点"],
        )
        cls.overdue = add_task(
            cls,
            "完成国土空间规划报批",
            TaskStatus.OVERDUE,
            60,
            reasons=["已超过完成时限 2026-10-31"],
            due=datetime.date(2026, 10, 31),
        )
        cls.idle = add_task(cls, "建设数据中心", TaskStatus.NOT_STARTED, None)
        Schedule.objects.create(plan=cls.plan, kind=Schedule.Kind.MONTH)
        cls.cycle = Cycle.objects.create(
            plan=cls.plan,
            kind=Schedule.Kind.MONTH,
            label="2026年11月",
            period_start=datetime.date(2026, 11, 1),
            period_end=TODAY,
            opens_on=datetime.date(2026, 11, 20),
            due_on=datetime.date(2026, 11, 25),
            status=Cycle.Status.CLOSED,
        )
        S = Report.Status
        Report.objects.create(cycle=cls.cycle, task=cls.task, unit=cls.fgw, status=S.ACCEPTED, percent=91)
        Report.objects.create(
            cycle=cls.cycle,
            task=cls.lagging,
            unit=cls.zjj,
            status=S.SUBMITTED,
            percent=40,
            problems="拆迁协议签订进度慢，资金缺口较大",
        )
        Report.objects.create(cycle=cls.cycle, task=cls.overdue, unit=cls.fgw, status=S.PENDING)
        with time_machine.travel(NOW, tick=False):
            Notice.objects.create(
                task=cls.lagging,
                unit=cls.zjj,
                level=Notice.Level.URGE,
                reason="进度滞后",
                reply_by=datetime.date(2026, 12, 10),
                issued_by=cls.coordinator,
                issued_at=timezone.now() - datetime.timedelta(days=20),
            )
