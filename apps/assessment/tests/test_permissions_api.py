"""Every role × every endpoint of the 年督考 API (apps/assessment/api.py): the expected answer. Columns as
luoshi.test.ROLES; 401 without a token. The city's scheme assesses 市发改委 (alice, approver), 市住建局 (bob)
and 市统计局 (charlie), who see it once published, their own breakdown only (the scheme shows units no
ranking), and change nothing; 牵头机关 of the city manage it, 领导 rate, 督查员 and 系统管理员 read; the
county's people see nothing of the city's."""

from apps.assessment.api import router
from luoshi.test import Multipart, normalise_route

from .api_base import AssessmentMatrixTestCase, pdf

# fmt: off
API = [
    # method   url                                                     anon alice bob  charlie approver coord leader insp admin c_lead c_coord
    # schemes
    ("GET",   "/api/assessment/schemes",                               401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",   "/api/assessment/schemes/{scheme}",                      401, 200,  200, 200,    200,     200,  200,   200, 200,  404,   404),
    ("GET",   "/api/assessment/schemes/{draft}",                       401, 404,  404, 404,    404,     200,  200,   200, 200,  404,   404),
    ("POST",  "/api/assessment/schemes",                               401, 403,  403, 403,    403,     201,  403,   403, 403,  403,   201),
    ("PATCH", "/api/assessment/schemes/{draft}",                       401, 404,  404, 404,    404,     200,  403,   403, 403,  404,   404),
    ("POST",  "/api/assessment/schemes/{draft}/publish",               401, 404,  404, 404,    404,     200,  403,   403, 403,  404,   404),
    ("POST",  "/api/assessment/schemes/{scheme}/revise",               401, 403,  403, 403,    403,     201,  403,   403, 403,  404,   404),
    # 分管领导评价, 通报/表彰, manual adjustments
    ("POST",  "/api/assessment/schemes/{scheme}/ratings",              401, 403,  403, 403,    403,     403,  200,   403, 403,  404,   404),
    ("GET",   "/api/assessment/recognitions",                          401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("POST",  "/api/assessment/recognitions",                          401, 403,  403, 403,    403,     201,  403,   403, 403,  403,   422),
    ("GET",   "/api/assessment/schemes/{scheme}/adjustments",          401, 200,  200, 200,    200,     200,  200,   200, 200,  404,   404),
    ("POST",  "/api/assessment/schemes/{scheme}/adjustments",          401, 403,  403, 403,    403,     201,  403,   403, 403,  404,   404),
    # runs, the ranking, a unit's breakdown, the results
    ("GET",   "/api/assessment/schemes/{scheme}/runs",                 401, 200,  200, 200,    200,     200,  200,   200, 200,  404,   404),
    ("POST",  "/api/assessment/schemes/{scheme}/runs",                 401, 403,  403, 403,    403,     201,  403,   403, 403,  404,   404),
    ("GET",   "/api/assessment/runs/{run}",                            401, 200,  200, 200,    200,     200,  200,   200, 200,  404,   404),
    ("GET",   "/api/assessment/runs/{run}/scores",                     401, 200,  200, 200,    200,     200,  200,   200, 200,  404,   404),
    ("GET",   "/api/assessment/runs/{run}/scores/{fgw}",               401, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",   "/api/assessment/runs/{run}/scores/{fgw}/xlsx",          401, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST",  "/api/assessment/runs/{run}/publish",                    401, 403,  403, 403,    403,     200,  403,   403, 403,  404,   404),
    # 结果运用
    ("GET",   "/api/assessment/schemes/{scheme}/outcomes",             401, 200,  200, 200,    200,     200,  200,   200, 200,  404,   404),
    ("POST",  "/api/assessment/schemes/{scheme}/outcomes",             401, 403,  403, 403,    403,     201,  403,   403, 403,  404,   404),
]
# fmt: on


class AssessmentApiMatrixTestCase(AssessmentMatrixTestCase):
    def body(self, method, template):
        if method == "GET":
            return None
        fgw = self.fgw.pk
        return {
            "/api/assessment/schemes": {"title": "2026年度专项考核", "year": 2026},
            "/api/assessment/schemes/{draft}": {"title": "2027年度重点工作督查考核（征求意见稿）"},
            "/api/assessment/schemes/{draft}/publish": None,
            "/api/assessment/schemes/{scheme}/revise": {
                "config": self.scheme.config,
                "reason": "根据市委审议意见调整",
            },
            "/api/assessment/schemes/{scheme}/ratings": {"unit_id": fgw, "dimension": "D4", "points": "8.5"},
            "/api/assessment/recognitions": Multipart(
                unit_id=str(fgw),
                kind="honour",
                level="3",
                title="全省营商环境考核先进",
                document="甘政发〔2026〕30号",
                day="2026-11-20",
                files=lambda: [pdf()],
            ),
            "/api/assessment/schemes/{scheme}/adjustments": Multipart(
                unit_id=str(fgw), points="-1", reason="信息报送失实", files=lambda: [pdf()]
            ),
            "/api/assessment/schemes/{scheme}/runs": {"as_of": "2026-12-31"},
            "/api/assessment/runs/{run}/publish": None,
            "/api/assessment/schemes/{scheme}/outcomes": {"unit_id": fgw, "kind": "talk", "note": "约谈"},
        }[template]

    def test_it_answers_every_endpoint_for_every_role_as_specified(self):
        self.run_table(API, self.api, self.body)

    def test_it_covers_every_endpoint_of_the_router(self):
        covered = {(m, normalise_route(t)) for m, t, *_ in API}
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    with self.subTest(method=method, path=path):
                        self.assertIn((method, normalise_route("/api" + path)), covered)
