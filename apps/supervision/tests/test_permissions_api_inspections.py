"""Every role × every endpoint of the 督查 API (api_inspections.py): the expected answer. Columns as
luoshi.test.ROLES; the same answers as the pages (test_permissions_inspections.py), with 422 where a page
sends its form back (400) and 401 for a call without a token."""

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.supervision.api_inspections import router
from luoshi.test import Multipart

from .matrix_api import ApiMatrixTestCase
from .test_views_inspections import PNG

# fmt: off
API = [
    # method  url                                            anon alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/api/inspections",                             401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("POST", "/api/inspections",                             401, 403,  403, 403,    403,     201,  403,   201, 403,  403,   422),
    ("GET",  "/api/inspections/{inspection}",                401, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/api/inspections/{inspection}/findings",       401, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/api/inspections/{inspection}/findings",       401, 403,  403, 404,    403,     201,  403,   201, 403,  404,   404),
    ("GET",  "/api/findings/{finding}",                      401, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/api/findings/{new_finding}/rectification",    401, 403,  404, 404,    403,     201,  403,   201, 403,  404,   404),
    ("GET",  "/api/inspections/{inspection}/conclusions",    401, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/api/inspections/{inspection}/conclusions",    401, 403,  403, 404,    403,     201,  403,   201, 403,  404,   404),
    ("GET",  "/api/conclusions/{conclusion}",                401, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/api/conclusions/{conclusion}/objection",      401, 200,  404, 404,    200,     403,  403,   403, 403,  404,   404),
    ("POST", "/api/conclusions/{objected}/review",           401, 403,  404, 404,    403,     200,  403,   200, 403,  404,   404),
]
# fmt: on


class InspectionApiMatrixTestCase(ApiMatrixTestCase):
    def body(self, method, template):
        if method != "POST":
            return None
        return {
            "/api/inspections": {
                "kind": "special",
                "title": "安全生产专项督查",
                "unit_ids": [self.fgw.pk],
                "team_ids": [self.inspector.pk],
                "methods": ["visit"],
                "starts_on": "2026-12-01",
                "ends_on": "2026-12-10",
            },
            "/api/inspections/{inspection}/findings": Multipart(
                unit_id=self.fgw.pk,
                dimension="tasks",
                text="资料不全",
                files=lambda: [SimpleUploadedFile("现场.png", PNG, content_type="image/png")],
            ),
            "/api/findings/{new_finding}/rectification": {
                "requirement": "补齐资料",
                "due_date": "2026-12-31",
            },
            "/api/inspections/{inspection}/conclusions": {
                "conclusions": [{"unit_id": self.fgw.pk, "text": "推进有力"}]
            },
            "/api/conclusions/{conclusion}/objection": {"objection": "事实有误"},
            "/api/conclusions/{objected}/review": {"review": "维持原结论"},
        }[template]

    def test_it_answers_every_endpoint_for_every_role_as_specified(self):
        self.run_table(API, self.send, self.body)

    def test_it_covers_every_endpoint_of_the_router(self):
        self.assertCovers(router, API)
