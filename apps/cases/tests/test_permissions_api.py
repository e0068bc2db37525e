"""Every role × every endpoint of the 典型经验 API (apps/cases/api.py): the expected answer. Columns as
luoshi.test.ROLES; the same answers as the pages (test_permissions.py), 401 without a token."""

from apps.cases.api import router
from luoshi.test import Multipart, normalise_route

from .base import pdf
from .matrix import CASE_FORM, CaseMatrixTestCase

# fmt: off
API = [
    # method   url                                   anon alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",   "/api/cases",                          401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",   "/api/cases?q=经验&featured=true",      401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",   "/api/cases/{draft}",                  401, 200,  404, 404,    200,     404,  404,   404, 404,  404,   404),
    ("GET",   "/api/cases/{accepted}",               401, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    # a case of the writer's own unit
    ("POST",  "/api/cases",                          401, 201,  201, 201,    201,     403,  403,   403, 403,  403,   403),
    ("PATCH", "/api/cases/{draft}",                  401, 200,  404, 404,    200,     404,  404,   404, 404,  404,   404),
    ("POST",  "/api/cases/{draft}/submit",           401, 200,  404, 404,    200,     404,  404,   404, 404,  404,   404),
    ("POST",  "/api/cases/{submitted}/review",       401, 403,  404, 404,    403,     200,  404,   200, 404,  404,   404),
    ("POST",  "/api/cases/{accepted}/promote",       401, 403,  404, 404,    403,     201,  403,   201, 403,  404,   404),
    ("POST",  "/api/cases/{accepted}/feature",       401, 403,  404, 404,    403,     200,  403,   200, 403,  404,   404),
    ("POST",  "/api/findings/{finding}/case",        401, 403,  404, 404,    403,     201,  403,   201, 403,  404,   404),
]
# fmt: on


class CaseApiMatrixTestCase(CaseMatrixTestCase):
    def body(self, method, template):
        if template.endswith("/promote"):
            return Multipart(level="3", proof="省农业农村厅简报第12期", promoted_on="2026-11-01", file=pdf)
        if template.endswith("/review"):
            return {"decision": "accept"}
        if template.endswith("/feature"):
            return {"featured": True}
        if template.startswith("/api/findings/"):
            return {"title": "一张图管理"}
        if method == "PATCH":
            return {"results": "压缩60%"}
        if method == "POST" and template == "/api/cases":
            return {key: CASE_FORM[key] for key in ("title", "summary", "practice", "results", "year")}
        return None

    def test_it_answers_every_endpoint_for_every_role_as_specified(self):
        self.run_table(API, self.api, self.body)

    def test_it_covers_every_endpoint_of_the_router(self):
        covered = {(m, normalise_route(t)) for m, t, *_ in API}
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    with self.subTest(method=method, path=path):
                        self.assertIn((method, normalise_route("/api" + path)), covered)
