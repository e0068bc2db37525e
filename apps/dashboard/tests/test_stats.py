"""stats.refresh: each metric family counted from the ledger, in a fixed number of queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.dashboard import stats
from apps.dashboard.models import Stat
from apps.plans.models import Task

from .base import TODAY, DashboardTestCase, add_task

M = Stat.Metric


def figures(metric, **where):
    """A plan's rows (整改 has no plan), unless `where` asks for the all-plans rows."""
    if metric != M.RECTIFICATION:
        where.setdefault("plan__isnull", False)
    rows = Stat.objects.filter(metric=metric, **where)
    out = {}
    for row in rows:
        out[row.key] = out.get(row.key, 0) + row.value
    return out


class RefreshTestCase(DashboardTestCase):
    def test_it_counts_tasks_by_status_under_their_first_lead_unit(self):
        self.assertEqual(figures(M.OWNER_STATUS, unit=self.city), {"on_track": 1, "overdue": 1})
        self.assertEqual(figures(M.OWNER_STATUS, unit=self.county), {"overdue": 1})
        # 市住建局 only co-operates: the task is 市发改委's
        self.assertEqual(figures(M.OWNER_STATUS, unit=self.zjj), {})
        self.assertFalse(Stat.objects.filter(metric=M.STATUS).exists())  # no longer written

    def test_it_counts_the_tasks_a_unit_takes_part_in_by_colour(self):
        # as the ledger's 责任单位 filter does: 市住建局 co-operates on the yellow task
        self.assertEqual(figures(M.RAG, unit=self.zjj), {"yellow": 1})

    def test_it_counts_tasks_by_colour_and_by_area(self):
        self.assertEqual(figures(M.RAG, unit=self.city), {"yellow": 1, "red": 1})
        self.assertEqual(figures(M.RAG, unit=self.city, area=self.area2), {"red": 1})

    def test_it_counts_a_task_once_however_many_of_its_units_are_below(self):
        self.assertEqual(sum(figures(M.RAG, unit=self.city).values()), 2)

    def test_it_counts_the_tasks_each_unit_leads(self):
        self.assertEqual(figures(M.LEAD, unit=self.fgw), {"on_track": 1})
        self.assertEqual(figures(M.LEAD, unit=self.zjj), {})

    def test_it_counts_reports_due_and_submitted_per_unit_and_cycle(self):
        due = figures(M.REPORTS_DUE, cycle=self.cycle, unit__in=[self.fgw, self.zjj, self.county_fgj])
        sent = figures(M.REPORTS_SUBMITTED, cycle=self.cycle, unit__in=[self.fgw, self.zjj, self.county_fgj])
        self.assertEqual((due[""], sent[""]), (3, 2))
        self.assertEqual(figures(M.REPORTS_SUBMITTED, unit=self.county_fgj), {"": 0})

    def test_it_sums_the_accepted_lead_reports_percents(self):
        self.assertEqual(
            (figures(M.PERCENT_N, unit=self.fgw), figures(M.PERCENT_SUM, unit=self.fgw)), ({"": 1}, {"": 80})
        )

    def test_it_counts_open_notices_by_level(self):
        self.assertEqual(figures(M.NOTICES_OPEN), {"2": 1, "3": 1})

    def test_it_counts_rectification_items_closed_and_overdue(self):
        self.assertEqual(
            figures(M.RECTIFICATION, unit=self.county_fgj), {"total": 3, "closed": 1, "overdue": 1}
        )

    def test_it_counts_rectification_items_in_each_units_subtree(self):
        self.assertEqual(figures(M.RECTIFICATION, unit=self.city), {"total": 3, "closed": 1, "overdue": 1})
        self.assertEqual(figures(M.RECTIFICATION, unit=self.fgw), {})

    def test_it_stores_the_open_notices_of_each_units_subtree_over_all_plans(self):
        self.assertEqual(figures(M.NOTICES_OPEN, unit=self.city, plan__isnull=True), {"2": 1, "3": 1})
        self.assertEqual(figures(M.NOTICES_OPEN, unit=self.county, plan__isnull=True), {"3": 1})

    def test_it_stores_each_units_task_counts_over_all_plans(self):
        self.assertEqual(
            figures(M.OWNER_STATUS, unit=self.city, plan__isnull=True), {"on_track": 1, "overdue": 1}
        )
        self.assertEqual(figures(M.RAG, unit=self.county, plan__isnull=True, area__isnull=True), {"red": 1})

    def test_it_stores_the_reports_of_the_units_below_over_all_plans(self):
        below = {"plan__isnull": True, "key": Stat.BELOW_KEY, "period": "2026年11月", "cycle": self.cycle}
        # 市发改委, 市住建局 and 陇西县发改局 report below 市; nothing is below 市发改委
        self.assertEqual(figures(M.REPORTS_DUE, unit=self.city, **below), {"below": 3})
        self.assertEqual(figures(M.REPORTS_SUBMITTED, unit=self.city, **below), {"below": 2})
        self.assertEqual(figures(M.PERCENT_SUM, unit=self.city, **below), {"below": 80})
        self.assertEqual(figures(M.REPORTS_DUE, unit=self.fgw, **below), {})

    def test_it_stores_each_units_own_reports_and_reporting_rate_over_all_plans(self):
        own = {"plan__isnull": True, "key": "", "period": "2026年11月", "cycle__isnull": True}
        # 市发改委's report accepted, 市住建局's submitted, 陇西县发改局's not yet sent
        for unit, due, sent, rate in (
            (self.fgw, 1, 1, 1000),
            (self.zjj, 1, 1, 1000),
            (self.county_fgj, 1, 0, 0),
        ):
            self.assertEqual(
                [figures(m, unit=unit, **own) for m in (M.REPORTS_DUE, M.REPORTS_SUBMITTED, M.REPORTS_RATE)],
                [{"": due}, {"": sent}, {"": rate}],
                unit.name,
            )
        self.assertEqual(figures(M.REPORTS_DUE, unit=self.city, **own), {})  # 市 reports nothing itself

    def test_it_stores_the_reports_of_the_units_below_per_cycle(self):
        below = {"plan": self.plan, "cycle": self.cycle, "key": Stat.BELOW_KEY}
        self.assertEqual(figures(M.REPORTS_DUE, unit=self.city, **below), {"below": 3})
        self.assertEqual(figures(M.REPORTS_SUBMITTED, unit=self.city, **below), {"below": 2})
        self.assertEqual(figures(M.REPORTS_DUE, unit=self.county, **below), {"below": 1})
        self.assertEqual(figures(M.REPORTS_DUE, unit=self.fgw, **below), {})

    def test_it_stores_the_open_notices_of_each_units_subtree_per_plan(self):
        self.assertEqual(figures(M.NOTICES_SUBTREE, unit=self.city, plan=self.plan), {"2": 1, "3": 1})
        self.assertEqual(figures(M.NOTICES_SUBTREE, unit=self.county, plan=self.plan), {"3": 1})

    def test_it_replaces_the_previous_figures(self):
        Task.objects.filter(pk=self.red.pk).update(status="done", rag="green")
        stats.refresh(TODAY)
        self.assertEqual(figures(M.OWNER_STATUS, unit=self.county), {"done": 1})

    def test_it_runs_a_fixed_number_of_queries_whatever_the_ledger(self):
        def queries():  # the reads and deletes: the rows are inserted in batches (SQLite: ~90 a batch)
            with CaptureQueriesContext(connection) as captured:
                stats.refresh(TODAY)
            return len([q for q in captured.captured_queries if not q["sql"].startswith("INSERT")])

        before = queries()
        for n in range(30):
            add_task(self.plan, self.area, f"任务{n}", self.tjj if n % 2 else self.county_fgj)
        self.assertEqual(queries(), before)


class RefreshIfDueTestCase(DashboardTestCase):
    def test_it_rebuilds_once_then_waits_for_the_period(self):
        now = timezone.now()
        first = stats.refresh_if_due(datetime.date(2026, 11, 28), now=now)
        again = stats.refresh_if_due(datetime.date(2026, 11, 28), now=now + datetime.timedelta(minutes=5))
        self.assertEqual((first > 0, again), (True, 0))

    def test_it_rebuilds_again_after_the_period(self):
        now = timezone.now()
        stats.refresh_if_due(datetime.date(2026, 11, 28), now=now)
        later = stats.refresh_if_due(datetime.date(2026, 11, 28), now=now + datetime.timedelta(minutes=31))
        self.assertGreater(later, 0)
