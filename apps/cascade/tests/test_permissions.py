"""Every role × the 承接落实 pages. Columns as luoshi.test.ROLES. The county plan carries down the city plan;
its tasks are led by 陇西县 units, so the city's unit staff do not see it (404). Who manages the county plan —
the city's and the county's 牵头机关 — may link it; other oversight roles may only look (403). The city plan's
coverage is read by whoever sees the city plan, and by the county coordinator as manager of a lower plan."""

import luoshi.test as luoshi_test
from apps.plans.models import Plan, Task, TaskUnit
from luoshi.test import LOGIN

from ..models import PlanParent, TaskLink

# fmt: off
PAGES = [
    # method  url                                       anon   alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/plans/{county_plan}/cascade/",           LOGIN, 404,  404, 404,    404,     200,  200,   200, 200,  200,   200),
    ("POST", "/plans/{county_plan}/cascade/parents/",   LOGIN, 404,  404, 404,    404,     302,  403,   403, 403,  403,   302),
    ("POST", "/plans/{county_plan}/cascade/suggest/",   LOGIN, 404,  404, 404,    404,     302,  403,   403, 403,  403,   302),
    ("POST", "/plans/{county_plan}/cascade/links/add/", LOGIN, 404,  404, 404,    404,     302,  403,   403, 403,  403,   302),
    ("POST", "/cascade/links/{link}/decide/",           LOGIN, 404,  404, 404,    404,     302,  403,   403, 403,  403,   302),
    ("GET",  "/plans/{plan}/coverage/",                 LOGIN, 200,  200, 404,    200,     200,  200,   200, 200,  404,   200),
    ("GET",  "/plans/{plan}/coverage.xlsx",             LOGIN, 200,  200, 404,    200,     200,  200,   200, 200,  404,   200),
]
# fmt: on

BODIES = {"parents/": {"parents": []}, "decide/": {"decision": "reject"}}


class PageMatrixTestCase(luoshi_test.MatrixTestCase):
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

    def test_it_answers_every_page_for_every_role_as_specified(self):
        def body(method, template):
            return next((data for end, data in BODIES.items() if template.endswith(end)), None)

        self.run_table(PAGES, self.page, body)
