"""Every role × every 重点项目 page: the expected answer. Columns as luoshi.test.ROLES.

alice (reporter) and approver are 市发改委's staff, the city project's 责任单位; bob (市住建局) and charlie
(市统计局) are other units' staff; coordinator manages the city's projects; leader, inspector and admin read
them; the two county users oversee 陇西县 only (its project, not the city's)."""

import time_machine

from luoshi.test import LOGIN

from .base import TODAY
from .matrix import FORM, PERMITS, ProjectMatrixTestCase

# fmt: off
PAGES = [
    # method  url                                   anon   alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/projects/",                          LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/projects/?colour=red&level=2",       LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/projects/summary/",                  LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/projects/gantt/",                    LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/projects/export/",                   LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/projects/import/",                   LOGIN, 403,  403, 403,    403,     200,  403,   403, 403,  403,   200),
    ("GET",  "/projects/new/",                      LOGIN, 403,  403, 403,    403,     200,  403,   403, 403,  403,   200),
    # the form names 市发改委: outside the county coordinator's jurisdiction (400)
    ("POST", "/projects/new/",                      LOGIN, 403,  403, 403,    403,     302,  403,   403, 403,  403,   400),
    ("GET",  "/projects/{project}/",                LOGIN, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/projects/{county_project}/",         LOGIN, 404,  404, 404,    404,     200,  200,   200, 200,  200,   200),
    ("GET",  "/projects/{project}/edit/",           LOGIN, 403,  404, 404,    403,     200,  403,   403, 403,  404,   404),
    ("POST", "/projects/{project}/edit/",           LOGIN, 403,  404, 404,    403,     302,  403,   403, 403,  404,   404),
    ("POST", "/projects/{county_project}/edit/",    LOGIN, 404,  404, 404,    404,     302,  403,   403, 403,  403,   302),
    ("POST", "/projects/{project}/archive/",        LOGIN, 403,  404, 404,    403,     302,  403,   403, 403,  404,   404),
    ("GET",  "/projects/{project}/reports/new/",    LOGIN, 200,  404, 404,    200,     403,  403,   403, 403,  404,   404),
    ("POST", "/projects/{project}/reports/new/",    LOGIN, 302,  404, 404,    302,     403,  403,   403, 403,  404,   404),
    ("GET",  "/project-reports/{draft}/edit/",      LOGIN, 200,  404, 404,    200,     404,  404,   404, 404,  404,   404),
    ("POST", "/project-reports/{draft}/submit/",    LOGIN, 302,  404, 404,    302,     404,  404,   404, 404,  404,   404),
    # 单位审核: the unit's 审核人 only
    ("POST", "/project-reports/{submitted}/review/", LOGIN, 403, 404, 404,    302,     403,  403,   403, 403,  404,   404),
    # 牵头机关审核: the jurisdiction's 牵头机关 only
    ("POST", "/project-reports/{approved}/review/", LOGIN, 403,  404, 404,    403,     302,  403,   403, 403,  404,   404),
]
# fmt: on


@time_machine.travel(TODAY, tick=False)
class ProjectPageMatrixTestCase(ProjectMatrixTestCase):
    def body(self, method, template):
        if method != "POST":
            return None
        if template.endswith("/review/"):
            return {"decision": "pass"}
        if template.endswith("/reports/new/"):
            return {
                **PERMITS,
                "month": 4,
                "month_investment": "800",
                "send": "1",
                "permit_construction": "done",
            }
        if "edit" in template or template.endswith("/new/"):
            unit = self.county_fgj if "county" in template else self.fgw
            code = "LX-2026-001" if "county" in template else FORM["code"]
            return {**FORM, "code": code, "unit": unit.pk, "name": "改名后的项目"}
        return {}

    def test_it_answers_every_page_for_every_role_as_specified(self):
        self.run_table(PAGES, self.page, self.body)

    def test_it_refuses_get_on_the_state_changing_urls(self):
        for template in ("/projects/{project}/archive/", "/project-reports/{draft}/submit/"):
            with self.subTest(url=template):
                self.assertEqual(
                    self.page("coordinator", "GET", template.format(**self.ids)).status_code, 405
                )
