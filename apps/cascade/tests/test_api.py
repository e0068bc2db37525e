"""承接落实 over JSON: every role × endpoint (columns as luoshi.test.ROLES; 401 without a token, 404 out of
sight, 403 seen but not managed), then what the calls do."""

from decimal import Decimal

import luoshi.test as luoshi_test
from apps.plans.models import Plan, Task, TaskUnit

from ..models import PlanParent, TaskLink
from .base import CascadeTestCase

# fmt: off
API = [
    # method  url                                          anon alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/api/plans/{county_plan}/parents",            401, 404,  404, 404,    404,     200,  200,   200, 200,  200,   200),
    ("PUT",  "/api/plans/{county_plan}/parents",            401, 404,  404, 404,    404,     200,  403,   403, 403,  403,   200),
    ("GET",  "/api/plans/{county_plan}/cascade-links",      401, 404,  404, 404,    404,     200,  200,   200, 200,  200,   200),
    ("POST", "/api/plans/{county_plan}/cascade-links/suggest", 401, 404, 404, 404,  404,     200,  403,   403, 403,  403,   200),
    ("POST", "/api/plans/{county_plan}/cascade-links",      401, 404,  404, 404,    404,     201,  403,   403, 403,  403,   201),
    ("POST", "/api/cascade-links/{link}/decide",            401, 404,  404, 404,    404,     200,  403,   403, 403,  403,   200),
    ("GET",  "/api/plans/{plan}/coverage",                  401, 200,  200, 404,    200,     200,  200,   200, 200,  404,   200),
]
# fmt: on


class ApiMatrixTestCase(luoshi_test.MatrixTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        county_plan = Plan.objects.create(
            title="陇西县重点改革任务", year=2026, owner_unit=cls.county, status=Plan.Status.PUBLISHED
        )
        task = Task.objects.create(plan=county_plan, title="全年新建高标准农田6万亩")
        TaskUnit.objects.create(task=task, unit=cls.county_fgj, role=TaskUnit.Role.LEAD)
        PlanParent.objects.create(plan=county_plan, parent=cls.plan, created_by=cls.county_coordinator)
        link = TaskLink.objects.create(task=task, parent=cls.task, score=0.6)
        cls.ids = {"plan": cls.plan.pk, "county_plan": county_plan.pk, "link": link.pk}
        cls.bodies = {
            ("PUT", "parents"): {"parents": [cls.plan.pk]},
            ("POST", "cascade-links"): {"task_id": task.pk, "parent_id": cls.task.pk, "relation": "refine"},
            ("POST", "decide"): {"decision": "reject"},
        }

    def test_it_answers_every_endpoint_for_every_role_as_specified(self):
        def body(method, template):
            return self.bodies.get((method, template.rsplit("/", 1)[-1]))

        self.run_table(API, self.api, body)


class ApiTests(CascadeTestCase):
    def test_it_confirms_a_share_through_the_api(self):
        link = self.link(state=TaskLink.State.SUGGESTED)
        response = self.call(
            "POST",
            f"/api/cascade-links/{link.pk}/decide",
            self.county_coordinator,
            {"decision": "accept", "relation": "share", "parent_target_id": self.target.pk, "share": "6"},
        )
        self.assertEqual((response.status_code, response.json()["state"]), (200, "accepted"))
        link.refresh_from_db()
        self.assertEqual(link.share, Decimal("6"))

    def test_it_answers_a_share_without_quantity_with_a_422_in_chinese(self):
        link = self.link(state=TaskLink.State.SUGGESTED)
        response = self.call(
            "POST",
            f"/api/cascade-links/{link.pk}/decide",
            self.county_coordinator,
            {"decision": "accept", "relation": "share", "parent_target_id": self.target.pk},
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("请填写分解数量", response.json()["errors"]["share"][0])

    def test_it_refuses_a_parent_plan_issued_below(self):
        response = self.call(
            "PUT", f"/api/plans/{self.plan.pk}/parents", self.coordinator, {"parents": [self.county_plan.pk]}
        )
        self.assertEqual(response.status_code, 422)

    def test_it_reports_coverage_with_the_unclaimed_parent_tasks(self):
        self.carry()
        self.link()
        data = self.call("GET", f"/api/plans/{self.plan.pk}/coverage", self.coordinator).json()
        missing = {row["task_id"]: row["missing"] for row in data["rows"]}
        self.assertEqual(missing, {self.task.pk: [], self.soe.pk: [self.county_plan.pk]})
        self.assertEqual(data["orphans"], {str(self.county_plan.pk): [self.games.pk]})
