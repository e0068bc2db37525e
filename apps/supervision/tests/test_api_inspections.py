"""The 督查 API: inspections, findings with files, 转入整改台账, conclusions, 异议 and 复核 — the pages'
rules, through the API."""

import datetime
import tempfile

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.audit.models import AuditEvent
from apps.orgs.models import ApiToken
from apps.supervision import actions_inspections as actions
from apps.supervision.models import Conclusion, Finding, Inspection, Rectification

from .base import InspectionTestCase
from .test_views_inspections import PNG

NEW = {
    "kind": "special",
    "title": "安全生产专项督查",
    "unit_ids": [],
    "team_ids": [],
    "methods": ["visit", "records"],
    "starts_on": "2026-12-01",
    "ends_on": "2026-12-10",
}


def multipart(test, url, user, data):
    """A multipart/form-data call as a machine client, with a real bearer token of `user`."""
    _, raw = ApiToken.issue(user, "测试")
    return test.client.post(url, data, headers={"Authorization": f"Bearer {raw}"})


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"))
class InspectionApiTestCase(InspectionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.zjj_finding = actions.record_finding(
            Finding(inspection=cls.inspection, unit=cls.zjj, dimension="conduct", text="台账资料不全"),
            actor=cls.inspector,
        )

    def new(self, **fields):
        return {**NEW, "unit_ids": [self.fgw.pk], "team_ids": [self.inspector.pk], **fields}

    def finding_url(self):
        return f"/api/inspections/{self.inspection.pk}/findings"

    def test_it_lists_an_inspection_to_a_unit_it_looked_at_only(self):
        for user, expected in ((self.alice, [self.inspection.pk]), (self.charlie, [])):
            with self.subTest(user=user.username):
                response = self.call("GET", "/api/inspections", user)
                self.assertEqual([i["id"] for i in response.json()["items"]], expected)

    def test_it_creates_an_inspection_of_the_users_jurisdiction(self):
        response = self.call("POST", "/api/inspections", self.inspector, self.new())
        self.assertEqual(response.status_code, 201)
        body = response.json()
        self.assertEqual(
            (body["owner_unit_id"], body["unit_ids"], body["methods"], body["status"]),
            (self.city.pk, [self.fgw.pk], ["visit", "records"], "underway"),
        )
        self.assertTrue(
            AuditEvent.objects.filter(object_type="inspection", object_id=body["id"], actor=self.inspector)
        )

    def test_it_names_a_unit_outside_the_jurisdiction(self):
        data = self.new(team_ids=[self.county_coordinator.pk])
        response = self.call("POST", "/api/inspections", self.county_coordinator, data)
        self.assertEqual(response.status_code, 422)
        self.assertIn("unit_ids", response.json()["errors"])
        self.assertFalse(Inspection.objects.filter(title=NEW["title"]).exists())

    def test_it_refuses_an_end_before_the_start_with_the_field_named(self):
        response = self.call("POST", "/api/inspections", self.coordinator, self.new(ends_on="2026-11-30"))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"ends_on": ["结束日期不能早于开始日期"]})

    def test_it_refuses_an_unknown_method_in_chinese(self):
        response = self.call("POST", "/api/inspections", self.coordinator, self.new(methods=["magic"]))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"methods.0": ["不是可选的值。"]})

    def test_it_records_a_finding_with_a_photo(self):
        data = {
            "unit_id": self.fgw.pk,
            "task_id": self.task.pk,
            "dimension": "results",
            "severity": "3",
            "text": "项目未开工",
            "files": [SimpleUploadedFile("现场.png", PNG, content_type="image/png")],
        }
        response = multipart(self, self.finding_url(), self.inspector, data)
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["severity"], body["task_id"]), (3, self.task.pk))
        [evidence] = body["evidence"]
        self.assertEqual((evidence["name"], evidence["kind"]), ("现场.png", "png"))
        self.assertEqual(self.client.get(evidence["url"]).status_code, 302)  # to the login page

    def test_it_records_a_finding_without_files(self):
        data = {"unit_id": self.zjj.pk, "task_id": "", "dimension": "conduct", "text": "会议记录缺失"}
        response = multipart(self, self.finding_url(), self.inspector, data)
        self.assertEqual((response.status_code, response.json()["evidence"]), (201, []))

    def test_it_refuses_a_file_that_is_not_what_it_claims_and_keeps_nothing(self):
        data = {
            "unit_id": self.fgw.pk,
            "dimension": "results",
            "text": "项目未开工",
            "files": [SimpleUploadedFile("现场.png", b"MZ not a picture", content_type="image/png")],
        }
        response = multipart(self, self.finding_url(), self.inspector, data)
        self.assertEqual(response.status_code, 422)
        self.assertIn("files", response.json()["errors"])
        self.assertFalse(Finding.objects.filter(text="项目未开工").exists())

    def test_it_refuses_a_unit_not_inspected_with_the_field_named(self):
        data = {"unit_id": self.tjj.pk, "dimension": "results", "text": "项目未开工"}
        response = multipart(self, self.finding_url(), self.inspector, data)
        self.assertEqual(response.status_code, 422)
        self.assertIn("unit_id", response.json()["errors"])

    def test_it_names_a_missing_form_field(self):
        response = multipart(self, self.finding_url(), self.inspector, {"unit_id": self.fgw.pk})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"]["text"], ["此字段为必填项。"])

    def test_it_shows_a_unit_only_its_own_findings(self):
        response = self.call("GET", self.finding_url(), self.bob)
        self.assertEqual([f["id"] for f in response.json()["items"]], [self.zjj_finding.pk])
        response = self.call("GET", f"/api/findings/{self.finding.pk}", self.bob)
        self.assertEqual(response.status_code, 404)

    def test_it_turns_a_finding_into_a_rectification_item(self):
        url = f"/api/findings/{self.zjj_finding.pk}/rectification"
        data = {"code": "DC-1", "requirement": "补齐资料", "due_date": "2026-12-31"}
        response = self.call("POST", url, self.inspector, data)
        self.assertEqual(response.status_code, 201)
        body = response.json()
        self.assertEqual(
            (body["source"], body["lead_unit_id"], body["finding_id"], body["description"]),
            ("inspection", self.zjj.pk, self.zjj_finding.pk, "台账资料不全"),
        )

    def test_it_refuses_to_rectify_a_finding_twice(self):
        url = f"/api/findings/{self.finding.pk}/rectification"
        response = self.call("POST", url, self.inspector, {"requirement": "x", "due_date": "2026-12-31"})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(Rectification.objects.filter(finding=self.finding).count(), 1)

    def test_it_concludes_with_one_text_per_unit(self):
        data = {
            "conclusions": [
                {"unit_id": self.fgw.pk, "text": "推进有力"},
                {"unit_id": self.zjj.pk, "text": " "},
            ]
        }
        response = self.call(
            "POST", f"/api/inspections/{self.inspection.pk}/conclusions", self.inspector, data
        )
        self.assertEqual(response.status_code, 201)
        self.assertEqual([c["unit_id"] for c in response.json()], [self.fgw.pk])
        self.inspection.refresh_from_db()
        self.assertEqual(self.inspection.status, Inspection.Status.CONCLUDED)

    def test_it_refuses_a_conclusion_for_a_unit_not_inspected(self):
        data = {"conclusions": [{"unit_id": self.tjj.pk, "text": "推进有力"}]}
        response = self.call(
            "POST", f"/api/inspections/{self.inspection.pk}/conclusions", self.inspector, data
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("conclusions", response.json()["errors"])
        self.assertFalse(Conclusion.objects.exists())

    def conclude(self):
        return actions.conclude(
            self.inspection,
            {self.fgw: "进度滞后", self.zjj: "推进有力"},
            actor=self.inspector,
            today=datetime.date(2026, 11, 20),
        )

    def test_it_shows_a_unit_only_its_own_conclusion(self):
        self.conclude()
        response = self.call("GET", f"/api/inspections/{self.inspection.pk}/conclusions", self.alice)
        self.assertEqual([c["unit_id"] for c in response.json()], [self.fgw.pk])

    @time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0), tick=False)
    def test_it_takes_the_units_objection_and_the_offices_review(self):
        conclusion = self.conclude()[0]
        response = self.call(
            "POST", f"/api/conclusions/{conclusion.pk}/objection", self.alice, {"objection": "进度已赶上"}
        )
        self.assertEqual((response.status_code, response.json()["objection"]), (200, "进度已赶上"))
        response = self.call(
            "POST", f"/api/conclusions/{conclusion.pk}/review", self.coordinator, {"review": "维持原结论"}
        )
        self.assertEqual((response.status_code, response.json()["review"]), (200, "维持原结论"))

    @time_machine.travel(datetime.datetime(2026, 12, 21, 10, 0), tick=False)
    def test_it_refuses_an_objection_after_the_deadline(self):
        conclusion = self.conclude()[0]  # objection_by 2026-12-20
        response = self.call(
            "POST", f"/api/conclusions/{conclusion.pk}/objection", self.alice, {"objection": "x"}
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("异议期限已过", response.json()["errors"]["__all__"][0])
