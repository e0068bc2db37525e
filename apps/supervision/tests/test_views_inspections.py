"""The 督查 pages: list, new inspection, the inspection page with its findings, 转入整改台账, conclusions,
异议 and 复核."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.plans.tests.test_query_budgets import page_queries
from apps.supervision import actions_inspections as actions
from apps.supervision.models import Conclusion, Finding, Inspection, Rectification

from .base import InspectionTestCase

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


class InspectionViewsTestCase(InspectionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.zjj_finding = actions.record_finding(
            Finding(
                inspection=cls.inspection,
                unit=cls.zjj,
                dimension=Finding.Dimension.CONDUCT,
                text="住建局工地台账造假",
                needs_rectification=False,
                good_practice=True,
            ),
            actor=cls.inspector,
        )

    def test_it_lists_the_inspection_with_its_finding_count_for_the_inspector(self):
        self.login(self.inspector)
        response = self.client.get("/inspections/")
        self.assertContains(response, "2026年营商环境专项督查")
        self.assertContains(response, "2 条")
        self.assertContains(response, "新建督查")

    def test_it_shows_a_unit_only_its_own_finding_count_and_no_new_button(self):
        self.login(self.alice)
        response = self.client.get("/inspections/")
        self.assertContains(response, "1 条")
        self.assertNotContains(response, "新建督查")

    def test_it_explains_the_empty_list(self):
        self.login(self.charlie)
        self.assertContains(self.client.get("/inspections/"), "没有涉及本单位的督查")

    def test_it_shows_the_menu_entry_to_someone_who_sees_inspections(self):
        self.login(self.alice)
        self.assertContains(self.client.get("/inspections/"), 'href="/inspections/">督查</a>')

    def test_it_creates_an_inspection_of_the_jurisdiction(self):
        self.login(self.coordinator)
        response = self.client.post(
            "/inspections/new/",
            {
                "kind": "special",
                "title": "安全生产专项督查",
                "scheme": "督任务",
                "units": [self.fgw.pk, self.tjj.pk],
                "team": [self.inspector.pk, self.coordinator.pk],
                "methods": ["visit", "forum"],
                "starts_on": "2026-12-01",
                "ends_on": "2026-12-10",
            },
        )
        inspection = Inspection.objects.get(title="安全生产专项督查")
        self.assertRedirects(response, f"/inspections/{inspection.pk}/")
        self.assertEqual(inspection.owner_unit, self.city)
        self.assertEqual(inspection.methods, ["visit", "forum"])
        self.assertEqual(set(inspection.team.all()), {self.inspector, self.coordinator})

    def test_it_offers_only_inspectors_and_coordinators_as_team(self):
        self.login(self.coordinator)
        form = self.client.get("/inspections/new/").context["form"]
        self.assertEqual(
            set(form.fields["team"].queryset), {self.inspector, self.coordinator, self.county_coordinator}
        )

    def test_it_refuses_an_end_before_the_start(self):
        self.login(self.coordinator)
        response = self.client.post(
            "/inspections/new/",
            {
                "kind": "special",
                "title": "倒序",
                "units": [self.fgw.pk],
                "team": [self.inspector.pk],
                "starts_on": "2026-12-10",
                "ends_on": "2026-12-01",
            },
        )
        self.assertContains(response, "结束日期不能早于开始日期", status_code=400)

    def test_it_groups_findings_by_unit_and_marks_good_practice(self):
        self.login(self.inspector)
        response = self.client.get(f"/inspections/{self.inspection.pk}/")
        self.assertContains(response, "<h3>市发改委</h3>", html=True)
        self.assertContains(response, "<h3>市住建局</h3>", html=True)
        self.assertContains(response, "好做法")
        self.assertContains(response, "记录督查发现")

    def test_it_hides_another_units_finding_from_unit_staff(self):
        self.login(self.alice)
        response = self.client.get(f"/inspections/{self.inspection.pk}/")
        self.assertContains(response, "高标准农田建设进度滞后于序时")
        self.assertNotContains(response, "住建局工地台账造假")
        self.assertNotContains(response, "记录督查发现")

    def test_it_shows_bob_his_units_finding_only(self):
        self.login(self.bob)
        response = self.client.get(f"/inspections/{self.inspection.pk}/")
        self.assertContains(response, "住建局工地台账造假")
        self.assertNotContains(response, "高标准农田建设进度滞后于序时")

    def test_it_hides_the_inspection_from_a_unit_not_inspected(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(f"/inspections/{self.inspection.pk}/").status_code, 404)

    def test_it_records_a_finding_with_a_photo(self):
        self.login(self.inspector)
        response = self.client.post(
            f"/inspections/{self.inspection.pk}/findings/new/",
            {
                "unit": self.fgw.pk,
                "task": self.task.pk,
                "dimension": "results",
                "severity": "3",
                "text": "项目未开工",
                "needs_rectification": "on",
                "files": [SimpleUploadedFile("现场.png", PNG, content_type="image/png")],
            },
        )
        self.assertRedirects(response, f"/inspections/{self.inspection.pk}/")
        finding = Finding.objects.get(text="项目未开工")
        self.assertEqual(finding.severity, 3)
        self.assertEqual(finding.evidence.count(), 1)

    def test_it_offers_a_phone_camera_for_photos(self):
        self.login(self.inspector)
        response = self.client.get(f"/inspections/{self.inspection.pk}/")
        self.assertContains(response, 'accept="image/*,application/pdf"')
        self.assertContains(response, "capture=")

    def test_it_does_not_query_per_finding(self):
        for i in range(5):
            actions.record_finding(
                Finding(inspection=self.inspection, unit=self.fgw, dimension="tasks", text=f"问题{i}"),
                actor=self.inspector,
            )
        self.login(self.inspector)
        url = f"/inspections/{self.inspection.pk}/"
        self.client.get(url)  # warms the content-type cache
        with page_queries(self, 12):
            self.client.get(url)

    def test_it_links_a_rectified_finding_to_its_item(self):
        self.login(self.inspector)
        response = self.client.get(f"/inspections/{self.inspection.pk}/")
        self.assertContains(response, f'href="/rectifications/{self.item.pk}/"')

    def test_it_turns_a_finding_into_a_rectification_item(self):
        finding = actions.record_finding(
            Finding(inspection=self.inspection, unit=self.fgw, dimension="tasks", text="制度未建立"),
            actor=self.inspector,
        )
        self.login(self.coordinator)
        response = self.client.post(
            f"/findings/{finding.pk}/rectify/",
            {"code": "DC-9", "requirement": "建立制度", "due_date": "2026-12-31"},
        )
        item = Rectification.objects.get(finding=finding)
        self.assertRedirects(response, f"/rectifications/{item.pk}/", fetch_redirect_response=False)
        self.assertEqual((item.code, item.lead_unit), ("DC-9", self.fgw))

    def test_it_refuses_unit_staff_the_rectify_form(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(f"/findings/{self.finding.pk}/rectify/").status_code, 403)

    def test_it_concludes_with_one_text_per_unit(self):
        self.login(self.inspector)
        response = self.client.post(
            f"/inspections/{self.inspection.pk}/conclude/",
            {f"unit_{self.fgw.pk}": "推进有力", f"unit_{self.zjj.pk}": ""},
        )
        self.assertRedirects(response, f"/inspections/{self.inspection.pk}/")
        self.assertEqual(list(Conclusion.objects.values_list("unit", "text")), [(self.fgw.pk, "推进有力")])
        self.inspection.refresh_from_db()
        self.assertEqual(self.inspection.status, Inspection.Status.CONCLUDED)

    def _conclusion(self, unit=None):
        return actions.conclude(self.inspection, {unit or self.fgw: "进度滞后"}, actor=self.inspector)[0]

    def test_it_lets_the_unit_object_before_the_deadline(self):
        conclusion = self._conclusion()
        self.login(self.alice)
        self.assertContains(self.client.get(f"/conclusions/{conclusion.pk}/"), "提出异议")
        response = self.client.post(f"/conclusions/{conclusion.pk}/object/", {"objection": "已赶上序时"})
        self.assertRedirects(response, f"/conclusions/{conclusion.pk}/")
        conclusion.refresh_from_db()
        self.assertEqual(conclusion.objection, "已赶上序时")

    def test_it_closes_the_objection_form_after_the_deadline(self):
        conclusion = self._conclusion()
        Conclusion.objects.filter(pk=conclusion.pk).update(objection_by=datetime.date(2020, 1, 1))
        self.login(self.alice)
        self.assertNotContains(self.client.get(f"/conclusions/{conclusion.pk}/"), 'id="object"')
        response = self.client.post(f"/conclusions/{conclusion.pk}/object/", {"objection": "迟到"})
        self.assertContains(response, "异议期限已过", status_code=400)

    def test_it_lets_the_office_review_an_objection(self):
        conclusion = self._conclusion()
        actions.object_to(conclusion, text="有误", actor=self.alice)
        self.login(self.coordinator)
        self.assertContains(self.client.get(f"/conclusions/{conclusion.pk}/"), "作出复核决定")
        self.client.post(f"/conclusions/{conclusion.pk}/review/", {"review": "维持原结论"})
        conclusion.refresh_from_db()
        self.assertEqual(conclusion.review, "维持原结论")

    def test_it_hides_a_conclusion_from_another_unit(self):
        conclusion = self._conclusion()
        self.login(self.bob)
        self.assertEqual(self.client.get(f"/conclusions/{conclusion.pk}/").status_code, 404)

    def test_it_lists_the_units_own_conclusion_on_the_inspection_page(self):
        conclusion = self._conclusion()
        self.login(self.alice)
        self.assertContains(
            self.client.get(f"/inspections/{self.inspection.pk}/"), f'href="/conclusions/{conclusion.pk}/"'
        )
