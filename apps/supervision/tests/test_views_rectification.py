"""整改台账 pages: the list each role sees, 整改清零, the item's chain from progress to 销号."""

import datetime
import tempfile

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.audit.models import AuditEvent
from apps.evidence.actions import add_evidence
from apps.plans.tests.test_query_budgets import page_queries
from apps.supervision.models import Rectification

from .base import InspectionTestCase

NOW = datetime.datetime(2027, 1, 10, 10, 0)  # past the items' 2026-12-31 time limit
MEDIA = tempfile.mkdtemp(prefix="luoshi-test-media-")


def pdf(name="整改前后对比.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")


@override_settings(MEDIA_ROOT=MEDIA)
@time_machine.travel(NOW, tick=False)
class RectificationViewsTestCase(InspectionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.zjj_item = cls.rectification(lead_unit=cls.zjj)

    def listed(self, user, query=""):
        self.client.force_login(user)
        return {i.pk for i in self.client.get(f"/rectifications/{query}").context["page"].object_list}

    def test_it_lists_only_the_units_own_items_to_its_reporter(self):
        self.assertEqual(self.listed(self.alice), {self.item.pk})
        self.assertEqual(self.listed(self.bob), {self.zjj_item.pk})

    def test_it_lists_the_jurisdictions_items_to_the_coordinator(self):
        self.assertEqual(self.listed(self.coordinator), {self.item.pk, self.zjj_item.pk})

    def test_it_filters_by_source_and_overdue(self):
        self.rectification(lead_unit=self.zjj, kind=Rectification.Kind.ONGOING, due_date=None)
        self.assertEqual(self.listed(self.coordinator, "?source=audit&overdue=on"), {self.zjj_item.pk})

    def test_it_counts_the_clearance_per_source_and_unit(self):
        Rectification.objects.filter(pk=self.zjj_item.pk).update(status=Rectification.Status.CLOSED)
        self.client.force_login(self.coordinator)
        response = self.client.get("/rectifications/clearance/")
        totals = response.context["totals"]
        self.assertEqual(
            (totals["total"], totals["closed"], totals["overdue"], totals["percent"]), (2, 1, 1, 50.0)
        )
        by_unit = {r["label"]: (r["total"], r["closed"], r["overdue"]) for r in response.context["by_unit"]}
        self.assertEqual(by_unit, {"市发改委": (1, 0, 1), "市住建局": (1, 1, 0)})
        self.assertEqual(response.context["by_unit"][0]["label"], "市发改委")  # the most overdue first
        self.assertContains(response, "清零率")

    def test_it_takes_the_progress_and_evidence_and_asks_for_acceptance(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            f"/rectifications/{self.item.pk}/progress/",
            {"progress": "已完成20万亩，通过县级验收", "done": "on", "files": [pdf()]},
        )
        self.assertRedirects(response, f"/rectifications/{self.item.pk}/")
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, Rectification.Status.AWAITING)
        self.assertEqual(self.item.evidence.get().name, "整改前后对比.pdf")

    def test_it_refuses_acceptance_without_evidence_and_keeps_the_text(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            f"/rectifications/{self.item.pk}/progress/", {"progress": "已完成", "done": "on"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "申请验收销号须附佐证材料", status_code=400)
        self.assertContains(response, "已完成", status_code=400)

    def test_it_closes_the_item_when_the_coordinator_accepts(self):
        self.client.force_login(self.alice)
        self.client.post(
            f"/rectifications/{self.item.pk}/progress/",
            {"progress": "已完成", "done": "on", "files": [pdf()]},
        )
        self.client.force_login(self.inspector)
        self.client.post(
            f"/rectifications/{self.item.pk}/verify/",
            {"method": "site", "note": "现场核实到位", "decision": "pass"},
        )
        self.client.force_login(self.coordinator)
        with override_settings(PUBLICITY_WORKDAYS=0):
            self.client.post(f"/rectifications/{self.item.pk}/accept/", {"decision": "approve"})
        self.item.refresh_from_db()
        self.assertEqual((self.item.status, self.item.closed_on), (Rectification.Status.CLOSED, NOW.date()))
        self.assertEqual(self.item.verified_by, self.inspector)
        response = self.client.get(f"/rectifications/{self.item.pk}/")
        self.assertContains(response, "已销号")
        self.assertNotContains(response, 'id="accept-rectification"')

    def test_it_shows_the_form_to_the_lead_unit_only(self):
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(f"/rectifications/{self.item.pk}/"), 'id="report-progress"')
        self.client.force_login(self.coordinator)
        self.assertNotContains(self.client.get(f"/rectifications/{self.item.pk}/"), 'id="report-progress"')

    def test_it_creates_an_item_from_the_form(self):
        self.client.force_login(self.inspector)
        response = self.client.post(
            "/rectifications/new/",
            {
                "owner_unit": self.city.pk,
                "code": "SJ-2026-07",
                "source": "audit",
                "description": "工程款结算滞后",
                "lead_unit": self.zjj.pk,
                "co_units": [self.fgw.pk],
                "kind": "deadline",
                "due_date": "2027-03-31",
            },
        )
        item = Rectification.objects.get(code="SJ-2026-07")
        self.assertRedirects(response, f"/rectifications/{item.pk}/")
        self.assertEqual(list(item.co_units.all()), [self.fgw])

    def test_it_refuses_a_deadline_item_without_its_time_limit(self):
        self.client.force_login(self.coordinator)
        data = {
            "owner_unit": self.city.pk,
            "source": "audit",
            "description": "x",
            "lead_unit": self.zjj.pk,
            "kind": "deadline",
        }
        response = self.client.post("/rectifications/new/", data)
        self.assertContains(response, "限期整改的事项须有整改时限", status_code=400)

    def test_it_lists_a_page_of_items_in_a_fixed_number_of_queries(self):
        for n in range(20):
            self.rectification(lead_unit=self.zjj, description=f"问题{n}")
        self.client.force_login(self.coordinator)
        self.client.get("/rectifications/")  # warm the session
        with page_queries(self, 4):
            self.client.get("/rectifications/")


class RectificationEditTestCase(InspectionTestCase):
    def edit(self, user=None, **changes):
        self.client.force_login(user or self.coordinator)
        data = {
            "source": "inspection",
            "description": self.item.description,
            "lead_unit": self.fgw.pk,
            "kind": "deadline",
            "due_date": "2026-12-31",
            **changes,
        }
        return self.client.post(f"/rectifications/{self.item.pk}/edit/", data)

    def test_it_saves_the_ledger_fields_a_finding_lacks(self):
        self.edit(leader="张副市长", person="李科长", co_units=[self.zjj.pk], measures="建立台账，按月调度")
        self.item.refresh_from_db()
        self.assertEqual(
            (self.item.leader, self.item.person, self.item.measures, list(self.item.co_units.all())),
            ("张副市长", "李科长", "建立台账，按月调度", [self.zjj]),
        )

    def test_it_records_what_changed(self):
        self.edit(person="李科长")
        event = AuditEvent.objects.filter(object_type="rectification", object_id=self.item.pk).latest("id")
        self.assertEqual((event.actor, event.changes["person"]), (self.coordinator, ["", "李科长"]))

    def test_it_refuses_a_deadline_item_without_a_time_limit(self):
        response = self.edit(due_date="")
        self.assertContains(response, "限期整改的事项须有整改时限", status_code=400)

    def test_it_refuses_the_lead_unit_as_a_co_unit(self):
        response = self.edit(co_units=[self.fgw.pk])
        self.assertContains(response, "牵头单位不能同时是配合单位", status_code=400)

    def test_it_refuses_the_lead_units_reporter(self):
        self.assertEqual(self.edit(self.alice).status_code, 403)

    def test_it_shows_the_findings_photos_as_before_on_the_item_page(self):
        photo = SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            add_evidence(upload=photo, actor=self.inspector, owner=self.finding)
            self.client.force_login(self.alice)
            response = self.client.get(f"/rectifications/{self.item.pk}/")
        self.assertContains(response, "整改前（督查发现时）")
        self.assertContains(response, "现场.png")
