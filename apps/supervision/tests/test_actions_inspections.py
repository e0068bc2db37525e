"""The rules of 督查 and the 整改台账, as the actions enforce them for pages, API and import alike."""

import datetime
import tempfile

import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.audit.models import AuditEvent
from apps.supervision import actions_inspections as actions
from apps.supervision.models import Finding, Inspection, Rectification

from .base import InspectionTestCase

TODAY = datetime.date(2026, 11, 23)
MEDIA = tempfile.mkdtemp(prefix="luoshi-test-media-")


def pdf():
    return SimpleUploadedFile("验收材料.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")


class InspectionRulesTestCase(InspectionTestCase):
    def test_it_refuses_a_finding_at_a_unit_outside_the_inspection(self):
        with self.assertRaises(ValidationError) as caught:
            actions.record_finding(
                Finding(inspection=self.inspection, unit=self.tjj, dimension="tasks", text="未按期报送"),
                actor=self.inspector,
            )
        self.assertIn("unit", caught.exception.message_dict)

    def test_it_refuses_an_unknown_method(self):
        inspection = Inspection(
            kind="special", title="t", owner_unit=self.city, methods=["telepathy"],
            starts_on=TODAY, ends_on=TODAY,
        )  # fmt: skip
        with self.assertRaises(ValidationError):
            actions.create_inspection(
                inspection, units=[self.fgw], team=[self.inspector], actor=self.coordinator
            )

    @override_settings(OBJECTION_DAYS=30)
    def test_it_gives_each_unit_thirty_days_to_object(self):
        (conclusion,) = actions.conclude(
            self.inspection, {self.fgw: "进度滞后，限期整改"}, actor=self.coordinator, today=TODAY
        )
        self.assertEqual(conclusion.objection_by, datetime.date(2026, 12, 23))
        self.inspection.refresh_from_db()
        self.assertEqual(self.inspection.status, Inspection.Status.CONCLUDED)

    def test_it_refuses_findings_once_concluded(self):
        actions.conclude(self.inspection, {self.fgw: "进度滞后"}, actor=self.coordinator, today=TODAY)
        with self.assertRaises(ValidationError):
            actions.record_finding(
                Finding(inspection=self.inspection, unit=self.fgw, dimension="tasks", text="又发现"),
                actor=self.inspector,
            )

    def test_it_refuses_an_objection_after_the_period(self):
        (conclusion,) = actions.conclude(
            self.inspection, {self.fgw: "进度滞后"}, actor=self.coordinator, today=TODAY
        )
        with self.assertRaises(ValidationError):
            actions.object_to(
                conclusion,
                text="已按序时推进",
                actor=self.alice,
                today=conclusion.objection_by + datetime.timedelta(days=1),
            )

    def test_it_records_the_objection_and_its_review(self):
        (conclusion,) = actions.conclude(
            self.inspection, {self.fgw: "进度滞后"}, actor=self.coordinator, today=TODAY
        )
        actions.object_to(conclusion, text="11月已完成18万亩", actor=self.alice, today=TODAY)
        actions.review_objection(conclusion, decision="经复核，维持原结论", actor=self.coordinator)
        conclusion.refresh_from_db()
        self.assertEqual((conclusion.objected_by, conclusion.reviewed_by), (self.alice, self.coordinator))


@override_settings(MEDIA_ROOT=MEDIA)
class RectificationRulesTestCase(InspectionTestCase):
    def test_it_requires_evidence_to_ask_for_acceptance(self):
        with self.assertRaises(ValidationError) as caught:
            actions.report_progress(self.item, text="已完成", done=True, actor=self.alice)
        self.assertIn("files", caught.exception.message_dict)

    def test_it_makes_an_item_led_by_the_inspected_unit_from_a_finding(self):
        self.assertEqual(
            (self.item.lead_unit, self.item.source, self.item.description, self.item.owner_unit),
            (self.fgw, Rectification.Source.INSPECTION, self.finding.text, self.city),
        )

    def test_it_requires_a_time_limit_for_a_deadline_item(self):
        with self.assertRaises(ValidationError) as caught:
            self.rectification(due_date=None)
        self.assertIn("due_date", caught.exception.message_dict)

    def test_it_accepts_an_ongoing_item_without_a_time_limit(self):
        item = self.rectification(due_date=None, kind=Rectification.Kind.ONGOING)
        self.assertFalse(item.is_overdue(datetime.date(2030, 1, 1)))

    def test_it_moves_to_awaiting_acceptance_when_the_unit_reports_it_done(self):
        actions.report_progress(self.item, text="已完成20万亩", done=True, actor=self.alice, uploads=[pdf()])
        self.assertEqual(self.item.status, Rectification.Status.AWAITING)

    def done_and_verified(self):
        actions.report_progress(self.item, text="已完成20万亩", done=True, actor=self.alice, uploads=[pdf()])
        actions.verify_rectification(
            self.item, method="site", passed=True, note="现场核实到位", actor=self.inspector
        )

    @override_settings(PUBLICITY_WORKDAYS=0)
    @time_machine.travel(datetime.datetime(2026, 12, 20, 10, 0), tick=False)
    def test_it_closes_a_verified_item_on_approval_when_there_is_no_publicity(self):
        self.done_and_verified()
        actions.close_rectification(self.item, approve=True, comment="", actor=self.coordinator)
        self.assertEqual(
            (self.item.status, self.item.closed_on),
            (Rectification.Status.CLOSED, datetime.date(2026, 12, 20)),
        )

    def test_it_refuses_approval_before_verification(self):
        actions.report_progress(self.item, text="已完成", done=True, actor=self.alice, uploads=[pdf()])
        with self.assertRaises(ValidationError):
            actions.close_rectification(self.item, approve=True, comment="", actor=self.coordinator)

    def test_it_sends_an_item_failing_verification_back_to_the_unit(self):
        actions.report_progress(self.item, text="已完成", done=True, actor=self.alice, uploads=[pdf()])
        actions.verify_rectification(
            self.item, method="documents", passed=False, note="缺整改前后对比", actor=self.inspector
        )
        self.assertEqual(
            (self.item.status, self.item.verified_by), (Rectification.Status.IN_PROGRESS, self.inspector)
        )

    @override_settings(PUBLICITY_WORKDAYS=5)
    def test_it_publishes_an_approved_item_for_five_working_days_then_closes_it(self):
        # Friday 2026-12-18: five working days later is Friday 2026-12-25; 销号 the day after
        with time_machine.travel(datetime.datetime(2026, 12, 18, 10, 0), tick=False):
            self.done_and_verified()
            actions.close_rectification(self.item, approve=True, comment="", actor=self.coordinator)
        self.assertEqual(
            (self.item.status, self.item.publicity_until),
            (Rectification.Status.PUBLICITY, datetime.date(2026, 12, 25)),
        )
        self.assertEqual(actions.finish_publicity(datetime.date(2026, 12, 25)), 0)
        self.assertEqual(actions.finish_publicity(datetime.date(2026, 12, 26)), 1)
        self.item.refresh_from_db()
        self.assertEqual(
            (self.item.status, self.item.closed_on),
            (Rectification.Status.CLOSED, datetime.date(2026, 12, 26)),
        )

    @override_settings(PUBLICITY_WORKDAYS=5)
    @time_machine.travel(datetime.datetime(2026, 9, 28, 10, 0), tick=False)
    def test_it_counts_the_publicity_in_working_days_across_national_day(self):
        self.done_and_verified()
        actions.close_rectification(self.item, approve=True, comment="", actor=self.coordinator)
        # 9-29, 9-30, then after the holiday 10-8, 10-9 and the 调休 Saturday 10-10
        self.assertEqual(self.item.publicity_until, datetime.date(2026, 10, 10))

    @override_settings(PUBLICITY_WORKDAYS=5)
    def test_it_reopens_an_item_on_an_objection_upheld_during_publicity(self):
        self.done_and_verified()
        actions.close_rectification(self.item, approve=True, comment="", actor=self.coordinator)
        actions.object_during_publicity(
            self.item, text="群众反映仍有积水", upheld=True, actor=self.coordinator
        )
        self.assertEqual(self.item.status, Rectification.Status.IN_PROGRESS)

    def test_it_sends_a_refused_item_back_with_the_reason(self):
        self.done_and_verified()
        with self.assertRaises(ValidationError):
            actions.close_rectification(self.item, approve=False, comment="", actor=self.coordinator)
        actions.close_rectification(self.item, approve=False, comment="缺验收报告", actor=self.coordinator)
        self.assertEqual(self.item.status, Rectification.Status.IN_PROGRESS)

    def test_it_audits_each_step_with_the_acting_user(self):
        actions.report_progress(self.item, text="推进中", done=False, actor=self.alice)
        actors = list(
            AuditEvent.objects.filter(object_type="rectification", object_id=self.item.pk)
            .values_list("actor__username", flat=True)
            .order_by("id")
        )
        self.assertEqual(actors, ["inspector", "alice"])
