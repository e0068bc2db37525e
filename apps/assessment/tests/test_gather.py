"""The ledger read as scoring facts, and a run scored and stored from them."""

import datetime
from zoneinfo import ZoneInfo

import time_machine

from apps.assessment import actions
from apps.assessment.defaults import default_config
from apps.assessment.gather import gather
from apps.assessment.models import Recognition, Scheme, ScoreRun, UnitScore
from apps.cycles.models import Cycle, Report
from apps.plans.models import Task
from apps.supervision.models import Notice
from luoshi.test import BaseTestCase

NOW = datetime.datetime(2026, 12, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@time_machine.travel(NOW, tick=False)
class GatherTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.scheme = actions.create_scheme(
            owner_unit=cls.city,
            title="2026年度重点工作督查考核",
            year=2026,
            config=default_config(cls.city),
            actor=cls.coordinator,
        )
        actions.publish(cls.scheme, actor=cls.coordinator)
        cls.cycle = Cycle.objects.create(
            plan=cls.plan,
            kind="month",
            label="2026年10月",
            period_start=datetime.date(2026, 10, 1),
            period_end=datetime.date(2026, 10, 31),
            opens_on=datetime.date(2026, 10, 15),
            due_on=datetime.date(2026, 10, 26),
            status=Cycle.Status.CLOSED,
        )

    def kinds(self, unit):
        return sorted(
            e.kind for e in gather(self.scheme, datetime.date(2026, 12, 20)).events if e.unit_id == unit.pk
        )

    def test_it_reads_a_report_submitted_after_its_due_day_as_late(self):
        Report.objects.create(
            cycle=self.cycle,
            task=self.task,
            unit=self.fgw,
            status=Report.Status.ACCEPTED,
            submitted_at=datetime.datetime(2026, 10, 28, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
        )
        self.assertEqual(self.kinds(self.fgw), ["late_report"])

    def test_it_reads_no_report_by_a_closed_cycle_as_missing(self):
        Report.objects.create(cycle=self.cycle, task=self.task, unit=self.zjj, is_lead=False)
        events = [
            e for e in gather(self.scheme, datetime.date(2026, 12, 20)).events if e.unit_id == self.zjj.pk
        ]
        self.assertEqual([(e.kind, e.role) for e in events], [("missing_report", "co")])

    def test_it_reads_a_notice_with_its_level(self):
        Notice.objects.create(
            task=self.task,
            unit=self.fgw,
            level=Notice.Level.SUPERVISE,
            reason="进度滞后",
            reply_by=datetime.date(2026, 11, 30),
            issued_by=self.coordinator,
        )
        event = gather(self.scheme, datetime.date(2026, 12, 20)).events[0]
        self.assertEqual((event.kind, event.level, event.ref[:7]), ("notice", 3, "notice:"))

    def test_it_weighs_a_high_priority_task_as_key(self):
        Task.objects.filter(pk=self.task.pk).update(priority=Task.Priority.HIGH)
        fact = next(
            t for t in gather(self.scheme, datetime.date(2026, 12, 20)).tasks if t.unit_id == self.fgw.pk
        )
        self.assertEqual((fact.weight_class, fact.role), ("重点", "lead"))

    def test_it_reads_a_praise_with_its_document(self):
        actions.recognise(
            unit=self.fgw,
            kind=Recognition.Kind.PRAISE,
            title="项目推进有力",
            document="定督通〔2026〕5号",
            day=datetime.date(2026, 9, 1),
            actor=self.coordinator,
        )
        self.assertEqual(self.kinds(self.fgw), ["praise"])

    def test_it_stores_each_units_score_with_its_breakdown(self):
        with self.captureOnCommitCallbacks(execute=True):
            run = actions.request_run(self.scheme, as_of=datetime.date(2026, 12, 20), actor=self.coordinator)
        run.refresh_from_db()
        score = UnitScore.objects.get(run=run, unit=self.fgw)
        self.assertEqual(run.status, ScoreRun.Status.DONE)
        self.assertEqual(score.breakdown["name"], "市发改委")
        self.assertTrue(score.breakdown["dimensions"])

    def test_it_refuses_to_score_a_draft(self):
        draft = actions.create_scheme(
            owner_unit=self.city,
            title="草稿",
            year=2026,
            config=default_config(self.city),
            actor=self.coordinator,
        )
        with self.assertRaisesMessage(Exception, "考核办法发布后才能计分"):
            actions.request_run(draft, as_of=datetime.date(2026, 12, 20), actor=self.coordinator)
        self.assertEqual(Scheme.objects.count(), 2)

    def test_it_counts_a_report_submitted_after_midnight_beijing_time_as_late(self):
        Report.objects.create(
            cycle=self.cycle,
            task=self.task,
            unit=self.fgw,
            status=Report.Status.ACCEPTED,
            submitted_at=datetime.datetime(
                2026, 10, 27, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai")
            ),  # 10-26 in UTC
        )
        self.assertEqual(self.kinds(self.fgw), ["late_report"])

    def test_it_reads_a_praise_of_a_co_unit_with_its_role(self):
        actions.recognise(
            unit=self.zjj,
            kind=Recognition.Kind.PRAISE,
            role=Recognition.Role.CO,
            title="协助推进",
            document="督查通报〔2026〕6号",
            day=datetime.date(2026, 9, 1),
            actor=self.coordinator,
        )
        event = next(e for e in gather(self.scheme, datetime.date(2026, 12, 20)).events if e.kind == "praise")
        self.assertEqual((event.unit_id, event.role), (self.zjj.pk, "co"))

    def test_it_names_a_rater_by_their_name(self):
        type(self.leader).objects.filter(pk=self.leader.pk).update(full_name="张市长")
        actions.rate(self.scheme, unit=self.fgw, dimension="D4", points=9, rater=self.leader)
        self.assertEqual(
            [r.rater for r in gather(self.scheme, datetime.date(2026, 12, 20)).ratings], ["张市长"]
        )
