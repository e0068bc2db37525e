"""The 整改台账's tick step (supervision.reminders): 临近提醒 before the monthly reporting day while this
month's progress is missing, 到期催办 the day after an unfinished item's time limit, and the issuing office
told of the overdue item — each once, by key, in working days as the calendar has them."""

import datetime
import zoneinfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.cycles.calendar import work_calendar
from apps.cycles.models import Holiday
from apps.notify.models import Channel, Delivery, Notification
from apps.portal import tick
from apps.supervision import actions_inspections as actions
from apps.supervision.models import Rectification
from apps.supervision.reminders import remind_rectifications

from .base import InspectionTestCase

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)
WARN = 5


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=SHANGHAI), tick=False)


@time_machine.travel(NOW, tick=False)
class RectificationRemindersTestCase(InspectionTestCase):
    def remind(self, day) -> int:
        return remind_rectifications(day, work_calendar(), WARN)

    def keys(self, user):
        return set(Notification.objects.filter(user=user).values_list("key", flat=True))

    def month_key(self, month="2026-12"):
        return f"rectification-month:{self.item.pk}:{month}"

    def overdue_key(self, office=False):
        return f"rectification-overdue{'-office' if office else ''}:{self.item.pk}:2026-12-31"

    def test_it_reminds_the_lead_units_reporters_and_approvers_within_the_warning_days(self):
        self.remind(datetime.date(2026, 12, 21))  # 4 working days before Friday 25 December
        self.assertIn(self.month_key(), self.keys(self.alice))
        self.assertIn(self.month_key(), self.keys(self.approver))
        self.assertEqual(self.keys(self.bob), set())

    def test_it_names_the_due_day_in_the_reminder(self):
        self.remind(datetime.date(2026, 12, 21))
        text = Notification.objects.get(user=self.alice, key=self.month_key()).text
        self.assertIn("本月整改进展应于 2026-12-25 前报送", text)

    def test_it_sends_no_reminder_before_the_warning_days(self):
        self.assertEqual(self.remind(datetime.date(2026, 12, 14)), 0)  # 9 working days before

    def test_it_counts_working_days_as_the_calendar_has_them(self):
        self.assertEqual(self.remind(datetime.date(2026, 12, 17)), 0)  # 6 working days before
        Holiday.objects.create(day=datetime.date(2026, 12, 22), is_workday=False, name="测试放假")
        self.remind(datetime.date(2026, 12, 17))  # now 5
        self.assertIn(self.month_key(), self.keys(self.alice))

    def test_it_sends_no_reminder_after_the_report_day(self):
        self.assertEqual(self.remind(datetime.date(2026, 12, 28)), 0)

    def test_it_sends_no_reminder_once_this_months_progress_is_in(self):
        with at(2026, 12, 3, 10, 0):
            actions.report_progress(self.item, text="完成10万亩", done=False, actor=self.alice)
        self.assertEqual(self.remind(datetime.date(2026, 12, 21)), 0)

    def test_it_reminds_once_per_item_per_month(self):
        self.remind(datetime.date(2026, 12, 21))
        self.assertEqual(self.remind(datetime.date(2026, 12, 22)), 0)
        self.assertEqual(Notification.objects.filter(user=self.alice).count(), 1)

    def test_it_reminds_the_lead_units_channel_too(self):
        Channel.objects.create(unit=self.fgw, kind=Channel.Kind.EMAIL, address="fgw@example.gov.cn")
        self.remind(datetime.date(2026, 12, 21))
        self.assertEqual(list(Delivery.objects.values_list("key", flat=True)), [self.month_key()])

    def test_it_urges_the_lead_unit_the_day_after_the_time_limit(self):
        self.assertEqual(self.remind(datetime.date(2026, 12, 31)), 0)  # the last day is still in time
        self.remind(datetime.date(2027, 1, 1))
        notification = Notification.objects.get(user=self.alice, key=self.overdue_key())
        self.assertIn("【到期催办】", notification.text)
        self.assertIn("整改时限 2026-12-31 已过仍未完成", notification.text)

    def test_it_tells_the_issuing_office_when_an_item_is_overdue(self):
        self.remind(datetime.date(2027, 1, 1))
        self.assertIn(self.overdue_key(office=True), self.keys(self.coordinator))
        self.assertIn(self.overdue_key(office=True), self.keys(self.inspector))
        self.assertEqual(self.keys(self.county_coordinator), set())
        self.assertEqual(self.keys(self.leader), set())

    def test_it_urges_once_per_time_limit(self):
        first = self.remind(datetime.date(2027, 1, 1))
        self.assertEqual((first > 0, self.remind(datetime.date(2027, 1, 4))), (True, 0))

    def test_it_urges_again_when_an_extended_time_limit_passes(self):
        self.remind(datetime.date(2027, 1, 1))
        Rectification.objects.filter(pk=self.item.pk).update(due_date=datetime.date(2027, 1, 15))
        self.remind(datetime.date(2027, 1, 18))
        keys = self.keys(self.alice)
        self.assertIn(f"rectification-overdue:{self.item.pk}:2027-01-15", keys)

    def test_it_leaves_an_item_reported_done_alone(self):
        Rectification.objects.filter(pk=self.item.pk).update(status=Rectification.Status.AWAITING)
        self.assertEqual(self.remind(datetime.date(2027, 1, 1)), 0)

    def test_it_leaves_an_ongoing_item_without_a_time_limit_out_of_the_urging(self):
        Rectification.objects.filter(pk=self.item.pk).update(kind=Rectification.Kind.ONGOING, due_date=None)
        self.assertEqual(self.remind(datetime.date(2027, 1, 1)), 0)

    def test_it_sends_in_the_same_number_of_queries_however_many_items(self):
        with CaptureQueriesContext(connection) as one:
            self.remind(datetime.date(2027, 1, 1))
        for n in range(10):
            self.rectification(lead_unit=[self.fgw, self.zjj][n % 2], due_date=datetime.date(2026, 12, 30))
        with CaptureQueriesContext(connection) as many:
            sent = self.remind(datetime.date(2027, 1, 1))
        self.assertEqual(sent, 5 * (2 + 2) + 5 * (1 + 2))  # fgw's two or zjj's one, the office's two
        self.assertEqual(len(many), len(one))

    def test_it_runs_in_the_tick(self):
        result = tick.run(today=datetime.date(2027, 1, 1))
        self.assertGreater(result["messages"], 0)
        self.assertIn(self.overdue_key(), self.keys(self.alice))
