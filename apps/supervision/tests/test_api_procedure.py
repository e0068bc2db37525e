"""The 销号 procedure API: a rectification item's 核查 and 公示 objections, a task's 销号 application → 核查
→ 审核 → 公示, 延期申请 on each subject, 回头看 — the pages' rules, through the API."""

import datetime
import tempfile

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.audit.models import AuditEvent
from apps.supervision import actions
from apps.supervision import actions_recheck as recheck_actions
from apps.supervision.models import CloseOut, Notice, Rectification

from .base import InspectionTestCase
from .test_api_inspections import multipart


def pdf():
    return SimpleUploadedFile("验收材料.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"), PUBLICITY_WORKDAYS=5)
@time_machine.travel(datetime.datetime(2026, 11, 10, 10, 0), tick=False)
class ProcedureApiTestCase(InspectionTestCase):
    def at(self, status, **fields):
        Rectification.objects.filter(pk=self.item.pk).update(status=status, **fields)
        return f"/api/rectifications/{self.item.pk}"

    def apply(self, user=None):
        data = {"note": "已建成18万亩", "shortfall_reason": "余下2万亩冬季无法施工", "files": [pdf()]}
        return multipart(self, f"/api/tasks/{self.task.pk}/closeouts", user or self.alice, data)

    # ---- a rectification item ----

    def test_it_takes_the_verifiers_account_as_signature(self):
        url = self.at(Rectification.Status.AWAITING)
        data = {"method": "site", "passed": True, "note": "现场核实到位"}
        response = self.call("POST", f"{url}/verify", self.inspector, data)
        self.assertEqual((response.status_code, response.json()["status"]), (200, "verified"))
        self.item.refresh_from_db()
        self.assertEqual((self.item.verified_by, self.item.verify_method), (self.inspector, "site"))

    def test_it_sends_an_item_that_fails_verification_back(self):
        url = self.at(Rectification.Status.AWAITING)
        data = {"method": "documents", "passed": False, "note": "佐证不足"}
        response = self.call("POST", f"{url}/verify", self.coordinator, data)
        self.assertEqual(response.json()["status"], "in_progress")

    def test_it_names_an_unknown_verify_method_in_chinese(self):
        url = self.at(Rectification.Status.AWAITING)
        response = self.call(
            "POST", f"{url}/verify", self.inspector, {"method": "phone", "passed": True, "note": "x"}
        )
        self.assertEqual(
            (response.status_code, response.json()["errors"]), (422, {"method": ["不是可选的值。"]})
        )

    def test_it_refuses_to_verify_an_item_not_reported_done(self):
        response = self.call(
            "POST",
            f"/api/rectifications/{self.item.pk}/verify",
            self.inspector,
            {"method": "site", "passed": True, "note": "x"},
        )
        self.assertEqual(response.status_code, 422)

    def test_it_reopens_an_item_on_an_upheld_objection_during_publicity(self):
        url = self.at(Rectification.Status.PUBLICITY, publicity_until=datetime.date(2026, 11, 17))
        data = {"text": "群众反映仍有积水", "upheld": True}
        response = self.call("POST", f"{url}/objection", self.coordinator, data)
        self.assertEqual((response.status_code, response.json()["status"]), (200, "in_progress"))

    # ---- a task's 销号 ----

    def test_it_runs_a_tasks_closeout_from_application_to_publicity(self):
        response = self.apply()
        self.assertEqual(response.status_code, 201, response.content)
        closeout = response.json()
        self.assertEqual((closeout["status"], len(closeout["evidence"])), ("applied", 1))
        url = f"/api/closeouts/{closeout['id']}"
        verify = {"method": "site", "passed": True, "note": "现场查看属实"}
        self.assertEqual(
            self.call("POST", f"{url}/verify", self.inspector, verify).json()["status"], "verified"
        )
        self.assertEqual(
            self.call("POST", f"{url}/decide", self.inspector, {"approve": True}).status_code, 403
        )
        response = self.call("POST", f"{url}/decide", self.coordinator, {"approve": True, "comment": "同意"})
        self.assertEqual(
            (response.json()["status"], response.json()["publicity_until"]), ("publicity", "2026-11-17")
        )
        response = self.call(
            "POST", f"{url}/objection", self.coordinator, {"text": "有人反映未完工", "upheld": False}
        )
        self.assertEqual(
            (response.json()["status"], response.json()["publicity_objection"]),
            ("publicity", "有人反映未完工"),
        )
        self.assertEqual(
            AuditEvent.objects.filter(object_type="closeout", object_id=closeout["id"]).count(), 4
        )

    def test_it_lets_only_the_lead_unit_apply(self):
        self.assertEqual(self.apply(self.bob).status_code, 403)
        self.assertFalse(CloseOut.objects.exists())

    def test_it_wants_evidence_with_an_application(self):
        data = {"note": "已完成", "shortfall_reason": "x"}
        response = multipart(self, f"/api/tasks/{self.task.pk}/closeouts", self.alice, data)
        self.assertEqual(response.status_code, 422)
        self.assertIn("files", response.json()["errors"])

    def test_it_lists_a_tasks_applications_to_those_who_see_it(self):
        closeout_id = self.apply().json()["id"]
        for user, expected in ((self.coordinator, 200), (self.bob, 200), (self.charlie, 404)):
            with self.subTest(user=user.username):
                response = self.call("GET", f"/api/tasks/{self.task.pk}/closeouts", user)
                self.assertEqual(response.status_code, expected)
        self.assertEqual(self.call("GET", f"/api/tasks/{self.task.pk}/closeouts", self.bob).json(), [])
        self.assertEqual(self.call("GET", f"/api/closeouts/{closeout_id}", self.bob).status_code, 404)

    # ---- 延期申请 ----

    def test_it_moves_a_tasks_time_limit_when_the_extension_is_granted(self):
        data = {"new_date": "2027-03-31", "reason": "冬季停工"}
        response = self.call("POST", f"/api/tasks/{self.task.pk}/extensions", self.alice, data)
        self.assertEqual(response.status_code, 201)
        url = f"/api/extensions/{response.json()['id']}/decide"
        self.assertEqual(self.call("POST", url, self.inspector, {"grant": True}).status_code, 403)
        self.assertEqual(
            self.call("POST", url, self.coordinator, {"grant": True}).json()["status"], "granted"
        )
        self.task.refresh_from_db()
        self.assertEqual(self.task.due_date, datetime.date(2027, 3, 31))

    def test_it_wants_a_reason_to_refuse_an_extension(self):
        data = {"new_date": "2027-03-31", "reason": "冬季停工"}
        extension = self.call(
            "POST", f"/api/rectifications/{self.item.pk}/extensions", self.alice, data
        ).json()
        response = self.call(
            "POST", f"/api/extensions/{extension['id']}/decide", self.inspector, {"grant": False}
        )
        self.assertEqual((response.status_code, list(response.json()["errors"])), (422, ["comment"]))

    def test_it_refuses_an_extension_of_a_notice_after_its_reply_date(self):
        notice = actions.issue_notice(
            task=self.task,
            unit=self.fgw,
            level=Notice.Level.URGE,
            reason="进度滞后",
            reply_by=datetime.date(2026, 11, 12),
            actor=self.coordinator,
        )
        url = f"/api/notices/{notice.pk}/extensions"
        data = {"new_date": "2026-11-30", "reason": "需会商"}
        with time_machine.travel(datetime.datetime(2026, 11, 13, 10, 0), tick=False):
            response = self.call("POST", url, self.alice, data)
        self.assertEqual(response.status_code, 422)
        self.assertIn("不能再申请延期", response.json()["errors"]["__all__"][0])
        self.assertEqual(self.call("POST", url, self.alice, data).status_code, 201)
        self.assertEqual(len(self.call("GET", url, self.approver).json()), 1)

    def test_it_lets_only_the_lead_unit_ask_for_an_items_extension(self):
        data = {"new_date": "2027-03-31", "reason": "冬季停工"}
        url = f"/api/rectifications/{self.item.pk}/extensions"
        self.assertEqual(self.call("POST", url, self.coordinator, data).status_code, 403)
        self.assertEqual(self.call("POST", url, self.bob, data).status_code, 404)

    # ---- 回头看 ----

    def closed(self, n):
        for _ in range(n):
            item = self.rectification()
            Rectification.objects.filter(pk=item.pk).update(
                status=Rectification.Status.CLOSED, closed_on=datetime.date(2026, 10, 15)
            )

    def draw(self, **fields):
        data = {
            "owner_unit_id": self.city.pk,
            "closed_from": "2026-10-01",
            "closed_to": "2026-10-31",
            **fields,
        }
        return self.call("POST", "/api/rechecks", self.inspector, data)

    def test_it_draws_the_same_sample_again_from_the_same_seed(self):
        self.closed(6)
        first, second = self.draw(size=3, seed=42).json(), self.draw(size=3, seed=42).json()
        self.assertEqual((first["population"], first["seed"]), (6, 42))
        self.assertEqual([e["item_id"] for e in first["entries"]], [e["item_id"] for e in second["entries"]])

    def test_it_wants_a_size_or_a_percent_not_both(self):
        self.closed(2)
        self.assertEqual(self.draw(size=1, percent=50).status_code, 422)

    def test_it_reopens_an_item_whose_problem_came_back(self):
        self.closed(1)
        recheck = self.draw(size=1).json()
        entry = recheck["entries"][0]
        url = f"/api/rechecks/{recheck['id']}/entries/{entry['id']}"
        response = self.call("POST", url, self.inspector, {"result": "rebound", "note": "积水复现"})
        self.assertEqual((response.status_code, response.json()["result"]), (200, "rebound"))
        item = Rectification.objects.get(pk=entry["item_id"])
        self.assertEqual((item.status, item.rebound), (Rectification.Status.IN_PROGRESS, True))

    def test_it_keeps_the_sample_from_the_units(self):
        self.closed(1)
        recheck = recheck_actions.draw(
            owner_unit=self.city,
            closed_from=datetime.date(2026, 10, 1),
            closed_to=datetime.date(2026, 10, 31),
            size=1,
            actor=self.coordinator,
        )
        self.assertEqual(self.call("GET", "/api/rechecks", self.alice).json()["items"], [])
        self.assertEqual(self.call("GET", f"/api/rechecks/{recheck.pk}", self.alice).status_code, 404)
