"""An accepted report refreshes, when its transaction commits, exactly the statistics it changed: after
it the table holds what a full rebuild would write — the task's colour moved in every unit above its
units, the reporting unit's 采纳进度, the `below` rows of the period — and nothing else was rebuilt."""

import time_machine

from apps.cycles import actions
from apps.cycles.models import Report
from apps.dashboard import accepted, stats
from apps.dashboard.models import Stat
from apps.plans.models import Task

from .base import TODAY, DashboardTestCase

M = Stat.Metric


def table():
    return sorted(
        Stat.objects.values_list("unit", "plan", "area", "cycle", "period", "metric", "key", "value"),
        key=lambda row: tuple("" if v is None else str(v) for v in row),
    )


def figure(metric, **where):
    return {s.key: s.value for s in Stat.objects.filter(metric=metric, **where)}


@time_machine.travel(TODAY, tick=False)
class AcceptedReportTestCase(DashboardTestCase):
    def setUp(self):
        self.report = Report.objects.get(cycle=self.cycle, task=self.red, unit=self.county_fgj)
        Report.objects.filter(pk=self.report.pk).update(
            status=Report.Status.APPROVED, percent=100, narrative="已全部完成"
        )
        self.report.refresh_from_db()
        stats.refresh(TODAY)  # the figures before the report is accepted
        # the one stored fact a rebuild would change but an accepted report does not: left stale
        Stat.objects.filter(metric=M.NOTICES_OPEN, plan__isnull=True).update(value=99)

    def accept(self):
        with self.captureOnCommitCallbacks(execute=True):
            actions.accept_report(self.report, actor=self.coordinator)

    def test_it_moves_the_task_out_of_red_in_every_unit_above_it(self):
        self.assertEqual(figure(M.OWNER_RAG, unit=self.city, plan=self.plan, area=self.area2), {"red": 1})
        self.accept()
        task = Task.objects.get(pk=self.red.pk)
        self.assertNotEqual(task.rag, "red")
        for unit in (self.county_fgj, self.county, self.city):
            self.assertEqual(
                figure(M.OWNER_RAG, unit=unit, plan=self.plan, area=self.area2), {task.rag: 1}, unit.name
            )
        self.assertEqual(figure(M.RAG, unit=self.city, plan__isnull=True), {"yellow": 1, task.rag: 1})

    def test_it_counts_the_accepted_percent_of_the_reporting_unit(self):
        self.accept()
        row = figure(M.PERCENT_SUM, unit=self.county_fgj, cycle=self.cycle)
        self.assertEqual(row, {"": 100})
        self.assertEqual(figure(M.PERCENT_N, unit=self.city, key=Stat.BELOW_KEY), {Stat.BELOW_KEY: 2})

    def test_it_recounts_the_reporting_units_own_rate_over_all_plans(self):
        own = {"unit": self.county_fgj, "plan__isnull": True, "key": "", "period": self.cycle.label}
        Stat.objects.filter(metric__in=(M.REPORTS_SUBMITTED, M.REPORTS_RATE), **own).update(value=0)
        self.accept()
        self.assertEqual(
            (figure(M.REPORTS_SUBMITTED, **own), figure(M.REPORTS_RATE, **own)), ({"": 1}, {"": 1000})
        )

    def test_it_leaves_the_table_as_a_full_rebuild_would_without_rebuilding(self):
        self.accept()
        after = table()
        self.assertEqual(figure(M.NOTICES_OPEN, unit=self.city, plan__isnull=True)["2"], 99)  # not rebuilt
        stats.refresh(TODAY)
        Stat.objects.filter(metric=M.NOTICES_OPEN, plan__isnull=True).update(value=99)
        self.assertEqual(after, table())

    def test_it_shows_the_new_figures_on_the_dashboard(self):
        self.accept()
        self.login(self.leader)
        response = self.client.get(f"/dashboard/?plan={self.plan.pk}")
        self.assertEqual({key: n for key, _, n, _ in response.context["rags"]}["red"], 0)
        self.assertEqual(response.context["red"], [])

    def test_it_waits_for_the_commit(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            actions.accept_report(self.report, actor=self.coordinator)
        self.assertEqual(figure(M.OWNER_RAG, unit=self.city, plan=self.plan, area=self.area2), {"red": 1})
        self.assertEqual(len(callbacks), 1)

    def test_it_logs_and_leaves_the_figures_when_the_refresh_fails(self):
        def broken(report_id, today=None):
            raise RuntimeError("boom")

        original = accepted.refresh_for_report
        accepted.refresh_for_report = broken
        try:
            with self.assertLogs("apps.dashboard.accepted", "ERROR"):
                self.accept()
        finally:
            accepted.refresh_for_report = original
        self.assertEqual(Task.objects.get(pk=self.red.pk).percent, 100)  # the acceptance stands
