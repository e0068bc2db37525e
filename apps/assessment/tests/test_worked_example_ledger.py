"""The issue's worked example again, but from the ledger: tasks, reports, 督办单, ratings, 通报 and 表彰 entered
as the app stores them, gathered and scored by the job — 市发改委 92.83 优秀, 市住建局 88 一般 (veto),
市文旅局 77 一般."""

import datetime
import json
import tempfile
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from apps.assessment import actions
from apps.assessment.jobs import compute
from apps.assessment.models import Recognition, ScoreRun, UnitScore
from apps.assessment.tests.test_scoring_example import scheme_dict
from apps.cycles.models import Cycle, Report
from apps.orgs.models import Unit
from apps.plans.models import Task, TaskUnit
from apps.supervision.models import Notice
from luoshi.test import BaseTestCase, make_unit

TZ = ZoneInfo("Asia/Shanghai")
D = datetime.date


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"))
class WorkedExampleFromTheLedgerTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Task.objects.filter(pk=cls.task.pk).update(archived_at=timezone.now())  # not part of the example
        cls.wlj = make_unit("市文旅局", Unit.Kind.DEPARTMENT, cls.city)
        cls.cycle = Cycle.objects.create(
            plan=cls.plan,
            kind="month",
            label="2026年10月",
            period_start=D(2026, 10, 1),
            period_end=D(2026, 10, 31),
            opens_on=D(2026, 10, 15),
            due_on=D(2026, 10, 26),
            status=Cycle.Status.CLOSED,
        )
        fgw = cls.tasks(
            cls.fgw,
            [("high", "done", "green")] * 2
            + [
                ("normal", "on_track", "green"),
                ("normal", "lagging", "yellow"),
                ("normal", "lagging", "red"),
            ],
        )
        zjj = cls.tasks(cls.zjj, [("high", "done", "green")] + [("normal", "done", "green")] * 3)
        wlj = cls.tasks(
            cls.wlj, [("high", "done", "green"), ("normal", "lagging", "red"), ("normal", "overdue", "red")]
        )
        Report.objects.create(
            cycle=cls.cycle,
            task=fgw[0],
            unit=cls.fgw,
            status=Report.Status.ACCEPTED,
            submitted_at=datetime.datetime(2026, 10, 28, 9, tzinfo=TZ),
        )  # 迟报
        for task in wlj[:2]:
            Report.objects.create(cycle=cls.cycle, task=task, unit=cls.wlj)  # 未报
        for unit, task, level in (
            (cls.fgw, fgw[2], Notice.Level.URGE),
            (cls.zjj, zjj[1], Notice.Level.SUPERVISE),
        ):
            Notice.objects.create(
                task=task,
                unit=unit,
                level=level,
                reason="进度滞后",
                reply_by=D(2026, 11, 30),
                issued_by=cls.coordinator,
            )
        config = json.loads(
            json.dumps(scheme_dict("up")).replace(
                "[1, 2, 3]", json.dumps([cls.fgw.pk, cls.zjj.pk, cls.wlj.pk])
            )
        )
        cls.scheme = actions.publish(
            actions.create_scheme(
                owner_unit=cls.city, title="考核", year=2026, config=config, actor=cls.coordinator
            ),
            actor=cls.coordinator,
        )
        for unit, points in ((cls.fgw, 9), (cls.zjj, 8), (cls.wlj, 8)):
            actions.rate(cls.scheme, unit=unit, dimension="D4", points=points, rater=cls.leader)
        pdf = SimpleUploadedFile("表彰决定.pdf", b"%PDF-1.7\n%%EOF\n")
        for unit, kind, level, uploads in (
            (cls.fgw, Recognition.Kind.HONOUR, Recognition.Level.PROVINCE, [pdf]),
            (cls.fgw, Recognition.Kind.PRAISE, None, []),
            (cls.wlj, Recognition.Kind.CRITICISM, None, []),
        ):
            actions.recognise(
                unit=unit,
                kind=kind,
                level=level,
                title="x",
                document="通报〔2026〕1号",
                day=D(2026, 9, 1),
                uploads=uploads,
                actor=cls.coordinator,
            )

    @classmethod
    def tasks(cls, unit, rows):
        made = []
        for n, (priority, status, rag) in enumerate(rows):
            task = Task.objects.create(
                plan=cls.plan,
                code=f"{unit.pk}.{n}",
                title=f"{unit.name}任务{n}",
                priority=Task.Priority.HIGH if priority == "high" else Task.Priority.NORMAL,
            )
            Task.objects.filter(pk=task.pk).update(status=status, rag=rag)
            TaskUnit.objects.create(task=task, unit=unit, role=TaskUnit.Role.LEAD)
            made.append(task)
        return made

    def scores(self):
        run = compute(
            ScoreRun.objects.create(scheme=self.scheme, as_of=D(2026, 12, 31), requested_by=self.coordinator)
        )
        return {s.unit_id: s for s in UnitScore.objects.filter(run=run)}

    def test_it_scores_the_three_units_as_the_example_says(self):
        scores = self.scores()
        self.assertEqual(
            [(scores[u.pk].total, scores[u.pk].grade) for u in (self.fgw, self.zjj, self.wlj)],
            [(Decimal("92.83"), "优秀"), (Decimal("88.00"), "一般"), (Decimal("77.00"), "一般")],
        )

    def test_it_links_the_deduction_of_the_second_notice_to_that_notice(self):
        d3 = next(d for d in self.scores()[self.fgw.pk].breakdown["dimensions"] if d["code"] == "D3")
        notice = Notice.objects.get(unit=self.fgw)
        self.assertIn(f"notice:{notice.pk}", [line["ref"] for line in d3["lines"]])
