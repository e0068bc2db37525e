"""`manage.py prune`: read notifications, sent deliveries and superseded autosave versions go after their
retention periods; unread, unsent and current things stay; audit events stay unless asked for, and never
younger than 180 days."""

import datetime
import io
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import CommandError, call_command
from django.test import override_settings

from apps.audit.models import AuditEvent
from apps.cycles import actions
from apps.cycles.models import Cycle, Report, ReportVersion
from apps.notify.models import Channel, Delivery, Notification
from apps.portal import prune as portal_prune
from luoshi.test import BaseTestCase

NOW = datetime.datetime(2026, 12, 1, 8, tzinfo=ZoneInfo("Asia/Shanghai"))


def days_ago(days):
    return NOW - datetime.timedelta(days=days)


@override_settings(PRUNE_NOTIFICATION_DAYS=90, PRUNE_DELIVERY_DAYS=30, PRUNE_VERSION_DAYS=60)
class PruneTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.cycle = Cycle.objects.create(
            plan=cls.plan,
            kind="month",
            label="2026年8月",
            period_start=datetime.date(2026, 8, 1),
            period_end=datetime.date(2026, 8, 31),
            opens_on=datetime.date(2026, 8, 15),
            due_on=datetime.date(2026, 8, 25),
        )
        actions.open_cycle(cls.cycle)
        cls.report = Report.objects.get(cycle=cls.cycle, unit=cls.fgw)
        cls.channel = Channel.objects.create(
            unit=cls.fgw, kind=Channel.Kind.EMAIL, address="fgw@dingxi.gov.cn"
        )

    def notification(self, key, *, read_days_ago=None):
        return Notification.objects.create(
            user=self.alice,
            key=key,
            text=key,
            created_at=days_ago(200),
            read_at=None if read_days_ago is None else days_ago(read_days_ago),
        )

    def delivery(self, key, status, *, sent_days_ago=None):
        return Delivery.objects.create(
            channel=self.channel,
            key=key,
            subject=key,
            text=key,
            status=status,
            created_at=days_ago(200),
            sent_at=None if sent_days_ago is None else days_ago(sent_days_ago),
        )

    def version(self, number, status, *, days):
        return ReportVersion.objects.create(
            report=self.report, version=number, status=status, data={}, by=self.alice, at=days_ago(days)
        )

    def run_prune(self, **days):
        with time_machine.travel(NOW, tick=False):
            return portal_prune.run(**days)

    def test_it_removes_notifications_read_before_the_period(self):
        old = self.notification("old", read_days_ago=91)
        self.notification("recent", read_days_ago=89)
        self.assertEqual(self.run_prune().notifications, 1)
        self.assertFalse(Notification.objects.filter(pk=old.pk).exists())
        self.assertEqual(list(Notification.objects.values_list("key", flat=True)), ["recent"])

    def test_it_keeps_unread_notifications_however_old(self):
        self.notification("unread")
        self.assertEqual(self.run_prune().notifications, 0)
        self.assertTrue(Notification.objects.filter(key="unread").exists())

    def test_it_removes_only_sent_deliveries_past_the_period(self):
        self.delivery("sent-old", Delivery.Status.SENT, sent_days_ago=31)
        self.delivery("sent-recent", Delivery.Status.SENT, sent_days_ago=29)
        self.delivery("failed", Delivery.Status.FAILED)
        self.delivery("pending", Delivery.Status.PENDING)
        self.assertEqual(self.run_prune().deliveries, 1)
        self.assertEqual(
            set(Delivery.objects.values_list("key", flat=True)), {"sent-recent", "failed", "pending"}
        )

    def test_it_removes_superseded_autosaves_but_keeps_steps_and_the_latest(self):
        self.version(2, Report.Status.DRAFT, days=100)
        self.version(3, Report.Status.DRAFT, days=100)
        self.version(4, Report.Status.SUBMITTED, days=100)
        self.version(5, Report.Status.RETURNED, days=100)
        self.version(6, Report.Status.DRAFT, days=100)
        self.assertEqual(self.run_prune().versions, 2)
        self.assertEqual(sorted(self.report.versions.values_list("version", flat=True)), [4, 5, 6])

    def test_it_keeps_superseded_autosaves_younger_than_the_period(self):
        self.version(2, Report.Status.DRAFT, days=59)
        self.version(3, Report.Status.DRAFT, days=59)
        self.assertEqual(self.run_prune().versions, 0)

    def test_it_takes_periods_given_on_the_call_over_the_settings(self):
        self.notification("read", read_days_ago=10)
        self.assertEqual(self.run_prune(notification_days=5).notifications, 1)

    def test_it_keeps_audit_events_by_default(self):
        with time_machine.travel(days_ago(400), tick=False):
            AuditEvent.objects.create(action=AuditEvent.Action.LOGIN, actor_name="alice")
        events = AuditEvent.objects.count()
        self.assertEqual(self.run_prune().audit_events, 0)
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_it_refuses_to_prune_audit_events_younger_than_180_days(self):
        with self.assertRaises(ValueError):
            self.run_prune(audit_days=179)

    def test_it_prunes_audit_events_past_an_explicit_age_and_audits_that(self):
        with time_machine.travel(days_ago(400), tick=False):
            old = AuditEvent.objects.create(action=AuditEvent.Action.LOGIN, actor_name="alice")
        with time_machine.travel(days_ago(100), tick=False):
            kept = AuditEvent.objects.create(action=AuditEvent.Action.LOGIN, actor_name="alice")
        self.assertEqual(self.run_prune(audit_days=365).audit_events, 1)
        self.assertFalse(AuditEvent.objects.filter(pk=old.pk).exists())
        self.assertTrue(AuditEvent.objects.filter(pk=kept.pk).exists())
        self.assertTrue(
            AuditEvent.objects.filter(actor_name="prune", action=AuditEvent.Action.DELETE).exists()
        )


class PruneCommandTestCase(PruneTestCase):
    def call(self, *args):
        out = io.StringIO()
        with time_machine.travel(NOW, tick=False):
            call_command("prune", *args, stdout=out)
        return out.getvalue()

    def test_it_prints_what_it_removed(self):
        self.notification("old", read_days_ago=91)
        output = self.call()
        self.assertIn("notifications=1 (read)", output)
        self.assertIn("deliveries=0 (sent)", output)
        self.assertIn("audit_events=0", output)

    def test_it_refuses_a_short_audit_period_on_the_command_line(self):
        with self.assertRaisesMessage(CommandError, "at least 180 days"):
            self.call("--audit-older-than", "90")
