"""销号 of a task runs the same procedure as a rectification item: 申请 → 核查 → 审核 → 公示 → 销号, each
step an audited action shown on the application's page."""

import datetime

from apps.audit.models import AuditEvent
from apps.notify.models import Notification
from apps.portal import tick
from apps.supervision import actions
from apps.supervision.models import CloseOut

from .test_views_closeout import CloseOutTestCase, events


class VerifyTestCase(CloseOutTestCase):
    def verify(self, user, decision="pass", note="现场查看，已建成"):
        self.login(user)
        return self.client.post(
            f"/closeouts/{self.closeout.pk}/verify/", {"method": "site", "note": note, "decision": decision}
        )

    def setUp(self):
        super().setUp()
        self.closeout = self.apply()

    def test_it_records_the_method_the_opinion_and_the_verifier(self):
        self.verify(self.inspector)
        self.closeout.refresh_from_db()
        self.assertEqual(
            (
                self.closeout.status,
                self.closeout.verify_method,
                self.closeout.verify_note,
                self.closeout.verified_by,
            ),
            (CloseOut.Status.VERIFIED, "site", "现场查看，已建成", self.inspector),
        )

    def test_it_lets_the_plans_coordinator_verify(self):
        self.verify(self.coordinator)
        self.closeout.refresh_from_db()
        self.assertEqual(self.closeout.status, CloseOut.Status.VERIFIED)

    def test_it_returns_a_failed_check_to_the_unit_with_the_finding(self):
        self.verify(self.inspector, decision="fail", note="现场仍有3处未完工")
        self.closeout.refresh_from_db()
        self.assertEqual(
            (self.closeout.status, self.closeout.comment),
            (CloseOut.Status.REJECTED, "核查未通过：现场仍有3处未完工"),
        )
        self.assertTrue(
            Notification.objects.filter(user=self.alice, key=f"closeout-rejected:{self.closeout.pk}")
        )

    def test_it_requires_an_opinion(self):
        response = self.verify(self.inspector, note="")
        self.assertEqual(response.status_code, 400)
        self.closeout.refresh_from_db()
        self.assertEqual(self.closeout.status, CloseOut.Status.APPLIED)

    def test_it_refuses_the_applicant(self):
        self.assertEqual(self.verify(self.alice).status_code, 403)

    def test_it_writes_the_audit_row_with_the_verifier(self):
        self.verify(self.inspector)
        event = events(self.closeout, AuditEvent.Action.UPDATE).get()
        self.assertEqual((event.actor, event.changes["status"]), (self.inspector, ["applied", "verified"]))

    def test_it_offers_the_check_only_before_it_is_done(self):
        self.login(self.inspector)
        self.assertContains(self.client.get(f"/closeouts/{self.closeout.pk}/"), 'id="verify-pass"')
        self.verify(self.inspector)
        self.assertNotContains(self.client.get(f"/closeouts/{self.closeout.pk}/"), 'id="verify-pass"')


class PublicityTestCase(CloseOutTestCase):
    def setUp(self):
        super().setUp()
        self.closeout = actions.decide_closeout(
            self.verified(), approve=True, comment="", actor=self.coordinator
        )

    def object(self, decision, text="群众反映仍有积水"):
        self.login(self.coordinator)
        return self.client.post(
            f"/closeouts/{self.closeout.pk}/objection/", {"text": text, "decision": decision}
        )

    def test_it_closes_the_task_on_the_day_after_the_publicity_ends(self):
        result = tick.run(today=datetime.date(2026, 12, 1))
        self.task.refresh_from_db()
        self.closeout.refresh_from_db()
        self.assertEqual(
            (result["tasks_closed_out"], self.closeout.status, self.task.closed_out_on, self.task.status),
            (1, CloseOut.Status.APPROVED, datetime.date(2026, 12, 1), "closed"),
        )

    def test_it_keeps_the_publicity_running_on_its_last_day(self):
        tick.run(today=datetime.date(2026, 11, 30))
        self.closeout.refresh_from_db()
        self.assertEqual(self.closeout.status, CloseOut.Status.PUBLICITY)

    def test_it_tells_the_unit_when_the_task_is_closed_out(self):
        tick.run(today=datetime.date(2026, 12, 1))
        self.assertTrue(
            Notification.objects.filter(user=self.alice, key=f"closeout-approved:{self.closeout.pk}")
        )

    def test_it_ends_the_application_on_an_upheld_objection(self):
        self.object("upheld")
        self.closeout.refresh_from_db()
        self.assertEqual(
            (self.closeout.status, self.closeout.publicity_objection),
            (CloseOut.Status.REJECTED, "群众反映仍有积水"),
        )

    def test_it_keeps_the_task_open_after_an_upheld_objection(self):
        self.object("upheld")
        tick.run(today=datetime.date(2026, 12, 1))
        self.task.refresh_from_db()
        self.assertIsNone(self.task.closed_out_on)

    def test_it_records_a_dismissed_objection_and_runs_on(self):
        self.object("dismissed", "反映的问题不属实")
        self.closeout.refresh_from_db()
        self.assertEqual(
            (self.closeout.status, self.closeout.publicity_objection),
            (CloseOut.Status.PUBLICITY, "反映的问题不属实"),
        )

    def test_it_refuses_objections_from_the_unit(self):
        self.login(self.alice)
        response = self.client.post(
            f"/closeouts/{self.closeout.pk}/objection/", {"text": "x", "decision": "upheld"}
        )
        self.assertEqual(response.status_code, 403)

    def test_it_shows_the_chain_with_the_current_step(self):
        self.login(self.alice)
        response = self.client.get(f"/closeouts/{self.closeout.pk}/")
        self.assertContains(response, 'id="closeout-chain"')
        self.assertContains(response, '<li class="current">公示（5 个工作日）</li>', html=True)
        self.assertContains(response, "公示中，2026-11-30 期满无异议即销号")
