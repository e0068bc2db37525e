"""The 整改台账 API: the same rules and filters as the pages."""

import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.supervision.models import Rectification

from .base import InspectionTestCase
from .test_views_inspections import PNG


class RectificationApiTestCase(InspectionTestCase):
    def test_it_filters_the_list_by_source(self):
        self.rectification(lead_unit=self.zjj)
        response = self.call("GET", "/api/rectifications?source=inspection", self.coordinator)
        self.assertEqual([i["id"] for i in response.json()["items"]], [self.item.pk])

    def test_it_refuses_a_deadline_item_without_a_time_limit_with_the_field_named(self):
        data = {
            "owner_unit_id": self.city.pk,
            "source": "audit",
            "description": "x",
            "lead_unit_id": self.zjj.pk,
        }
        response = self.call("POST", "/api/rectifications", self.inspector, data)
        self.assertEqual(response.status_code, 422)
        self.assertIn("due_date", response.json()["errors"])
        self.assertFalse(Rectification.objects.filter(description="x").exists())

    def test_it_takes_the_lead_units_progress(self):
        response = self.call(
            "POST", f"/api/rectifications/{self.item.pk}/progress", self.alice, {"progress": "已完成12万亩"}
        )
        self.assertEqual((response.status_code, response.json()["status"]), (200, "in_progress"))

    def test_it_takes_evidence_then_a_request_for_acceptance(self):
        photo = SimpleUploadedFile("整改后.png", PNG, content_type="image/png")
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            self.client.force_login(self.alice)
            uploaded = self.client.post(f"/api/rectifications/{self.item.pk}/evidence", {"files": [photo]})
            done = self.call(
                "POST",
                f"/api/rectifications/{self.item.pk}/progress",
                self.alice,
                {"progress": "已整改", "done": True},
            )
        self.assertEqual((uploaded.status_code, done.json()["status"]), (200, "awaiting"))

    def test_it_refuses_a_file_that_is_not_what_its_name_says(self):
        fake = SimpleUploadedFile("整改后.png", b"MZ\x90\x00" + b"\x00" * 32, content_type="image/png")
        self.client.force_login(self.alice)
        response = self.client.post(f"/api/rectifications/{self.item.pk}/evidence", {"files": [fake]})
        self.assertEqual(response.status_code, 422)
        self.assertIn("files", response.json()["errors"])
