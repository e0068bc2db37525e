"""Every role × every 重点项目 API endpoint (bearer tokens): the expected answer. Columns as
luoshi.test.ROLES; the data of matrix.ProjectMatrixTestCase."""

import time_machine

from luoshi.test import ROLES

from .base import PROJECT, TODAY
from .matrix import ProjectMatrixTestCase

A = 401  # anonymous: no token
# fmt: off
ENDPOINTS = [
    # method   url                                        anon alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",   "/api/projects",                            A,   200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",   "/api/projects/summary?year=2026",          A,   200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",   "/api/projects/{project}",                  A,   200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST",  "/api/projects",                            A,   403,  403, 403,    403,     201,  403,   403, 403,  403,   422),
    ("PATCH", "/api/projects/{project}",                  A,   403,  404, 404,    403,     200,  403,   403, 403,  404,   404),
    ("POST",  "/api/projects/{project}/archive",          A,   403,  404, 404,    403,     200,  403,   403, 403,  404,   404),
    ("GET",   "/api/projects/{project}/reports",          A,   200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST",  "/api/projects/{project}/reports",          A,   201,  404, 404,    201,     403,  403,   403, 403,  404,   404),
    ("PATCH", "/api/project-reports/{draft}",             A,   200,  404, 404,    200,     404,  404,   404, 404,  404,   404),
    ("POST",  "/api/project-reports/{draft}/submit",      A,   200,  404, 404,    200,     404,  404,   404, 404,  404,   404),
    ("POST",  "/api/project-reports/{submitted}/review",  A,   403,  404, 404,    200,     403,  403,   403, 403,  404,   404),
    ("POST",  "/api/project-reports/{approved}/review",   A,   403,  404, 404,    403,     200,  403,   403, 403,  404,   404),
]
# fmt: on
assert all(len(row) == len(ROLES) + 2 for row in ENDPOINTS)

BODY = {
    **{
        k: str(v) if hasattr(v, "isoformat") or k.endswith(("investment", "plan")) else v
        for k, v in PROJECT.items()
    },
    "code": "SJ-2026-088",
}


@time_machine.travel(TODAY, tick=False)
class ProjectApiMatrixTestCase(ProjectMatrixTestCase):
    def api_body(self, method, template):
        if method == "GET":
            return None
        if template.endswith("/review"):
            return {"decision": "pass"}
        if template.endswith("/reports"):
            return {"month": 4, "month_investment": "800", "submit": True}
        if template == "/api/projects":
            return {**BODY, "unit_id": self.fgw.pk}
        if method == "PATCH":
            return {"problems": "用地未落实"} if "report" in template else {"leader": "李副市长"}
        return None

    def test_it_answers_every_endpoint_for_every_role_as_specified(self):
        self.run_table(ENDPOINTS, self.api, self.api_body)
