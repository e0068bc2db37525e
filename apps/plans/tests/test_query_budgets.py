"""Query budgets of the plans pages: the task page and the ledger. A budget counts the page's own
queries; every logged-in request also reads and re-saves its session (REQUEST_OVERHEAD), which is
added on top. The page must not ask more when the task has more links, targets, milestones or reports."""

import datetime
from contextlib import contextmanager
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.cycles import actions
from apps.cycles.models import Cycle, Report
from apps.plans.models import Milestone, Target, Task, TaskUnit
from apps.supervision.models import Notice
from luoshi.test import BaseTestCase

# session read, the user, and the session saved again (SESSION_SAVE_EVERY_REQUEST: savepoint, update,
# release inside a test's transaction)
REQUEST_OVERHEAD = 5

TASK_PAGE_BUDGET = 15


@contextmanager
def page_queries(case, expected: int):
    """Assert that the request(s) in the block run exactly `expected` queries besides the session's,
    listing them when they do not."""
    with CaptureQueriesContext(connection) as captured:
        yield
    queries = [q["sql"] for q in captured.captured_queries]
    case.assertEqual(
        len(queries) - REQUEST_OVERHEAD,
        expected,
        "\n".join(f"{i}. {sql[:200]}" for i, sql in enumerate(queries, start=1)),
    )


def add_cycle_with_reports(plan, month: int) -> Cycle:
    start = datetime.date(2026, month, 1)
    end = datetime.date(2026, month + 1, 1) - datetime.timedelta(days=1)
    cycle = Cycle.objects.create(
        plan=plan,
        kind="month",
        label=f"2026年{month}月",
        period_start=start,
        period_end=end,
        opens_on=end - datetime.timedelta(days=10),
        due_on=end,
    )
    actions.open_cycle(cycle)
    return cycle


class TaskPageBudgetTestCase(BaseTestCase):
    TASK_PAGE = (
        15  # the coordinator's and a unit reporter's task page (27 before issue 8; +1 领导批示, +1 延期申请;
        # +1 the status's "since when" and its units, +1 承接落实's parent and child links)
    )

    def url(self):
        return f"/tasks/{self.task.pk}/"

    def enlarge_the_task(self):
        """More of everything the page lists: units, targets, milestones, reports, notices."""
        for unit in (self.tjj, self.county_fgj):
            TaskUnit.objects.create(task=self.task, unit=unit, role=TaskUnit.Role.CO)
        for n in range(4):
            Target.objects.create(
                task=self.task, metric=f"指标{n}", comparator=">=", value=Decimal(n + 1), horizon=2026
            )
            Milestone.objects.create(
                task=self.task, due_date=datetime.date(2026, 3 + n, 1), deliverable=f"节点{n}"
            )
        for month in (8, 9, 10):
            cycle = add_cycle_with_reports(self.plan, month)
            Report.objects.filter(cycle=cycle, task=self.task).update(
                status=Report.Status.ACCEPTED, percent=month * 5
            )
        for unit in (self.fgw, self.zjj):
            Notice.objects.create(
                task=self.task,
                unit=unit,
                level=Notice.Level.REMIND,
                reason="进度滞后",
                reply_by=datetime.date(2026, 12, 1),
                issued_by=self.coordinator,
            )

    def test_it_shows_the_coordinator_the_task_page_within_the_budget(self):
        self.login(self.coordinator)
        with page_queries(self, self.TASK_PAGE):
            response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertLessEqual(self.TASK_PAGE, TASK_PAGE_BUDGET)

    def test_it_shows_a_unit_reporter_the_task_page_within_the_budget(self):
        self.login(self.alice)
        with page_queries(self, self.TASK_PAGE):
            response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)

    def test_it_shows_a_county_coordinator_an_archived_task_within_the_budget(self):
        self.plan.owner_unit = self.county
        self.plan.save(update_fields=["owner_unit"])
        self.task.archived_at = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
        self.task.save(update_fields=["archived_at"])
        self.login(self.county_coordinator)
        # one more than a visible task: the archived one is looked up again for those who may restore it
        with page_queries(self, self.TASK_PAGE + 2):
            response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)

    def test_it_asks_no_more_for_a_task_with_more_units_targets_milestones_and_reports(self):
        self.enlarge_the_task()
        for user in (self.coordinator, self.alice):
            with self.subTest(user=user.username):
                self.login(user)
                with page_queries(self, self.TASK_PAGE):
                    response = self.client.get(self.url())
                self.assertContains(response, "指标3")


class LedgerBudgetTestCase(BaseTestCase):
    # the ledger's count when issue 8 was fixed was 11: it must not regress. Issue 14: the total comes with
    # the page's ids (no COUNT(*)), then the page's rows are read by id (+1); the 责任单位 filter searches the
    # units instead of listing them all (-1)
    LEDGER = 10

    def url(self):
        return f"/plans/{self.plan.pk}/"

    def test_it_shows_the_ledger_within_its_current_count(self):
        self.login(self.coordinator)
        with page_queries(self, self.LEDGER):
            response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)

    def test_it_asks_no_more_for_a_plan_with_more_tasks(self):
        for n in range(2, 8):
            task = Task.objects.create(plan=self.plan, area=self.area, code=f"1.{n}", title=f"任务{n}")
            TaskUnit.objects.create(task=task, unit=self.fgw, role=TaskUnit.Role.LEAD)
            TaskUnit.objects.create(task=task, unit=self.zjj, role=TaskUnit.Role.CO)
            Target.objects.create(
                task=task, metric=f"指标{n}", comparator=">=", value=Decimal(n), horizon=2026
            )
        self.login(self.coordinator)
        with page_queries(self, self.LEDGER):
            response = self.client.get(self.url())
        self.assertContains(response, "任务7")

    def test_it_shows_a_county_coordinator_their_part_of_the_city_plan_within_the_count(self):
        task = Task.objects.create(plan=self.plan, area=self.area, code="2.1", title="陇西县任务")
        TaskUnit.objects.create(task=task, unit=self.county_fgj, role=TaskUnit.Role.LEAD)
        self.login(self.county_coordinator)
        with page_queries(self, self.LEDGER):
            response = self.client.get(self.url())
        self.assertContains(response, "共 1 项任务")

    def test_it_asks_no_more_when_filtered_by_unit_and_searched(self):
        self.login(self.coordinator)
        with page_queries(self, self.LEDGER + 1):  # the unit chosen, checked against the filter's units
            response = self.client.get(f"{self.url()}?unit={self.fgw.pk}&owner=on&q=高标准农田")
        self.assertContains(response, "共 1 项任务")
