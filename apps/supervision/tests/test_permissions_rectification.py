"""Every role × every 整改台账 page: the expected answer. Columns as luoshi.test.ROLES."""

import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.supervision.api_rectification import router
from luoshi.test import LOGIN, Multipart, normalise_route

from .matrix import SupervisionMatrixTestCase
from .test_views_inspections import PNG

# fmt: off
PAGES = [
    # method  url                                      anon   alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/rectifications/",                       LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/rectifications/clearance/",             LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/rectifications/new/",                   LOGIN, 403,  403, 403,    403,     200,  403,   200, 403,  403,   200),
    ("POST", "/rectifications/new/",                   LOGIN, 403,  403, 403,    403,     302,  403,   302, 403,  403,   400),
    ("GET",  "/rectifications/{item}/",                LOGIN, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/rectifications/{item}/edit/",           LOGIN, 403,  404, 404,    403,     200,  403,   200, 403,  404,   404),
    ("POST", "/rectifications/{item}/edit/",           LOGIN, 403,  404, 404,    403,     302,  403,   302, 403,  404,   404),
    ("GET",  "/rectifications/{zjj_item}/",            LOGIN, 404,  200, 404,    404,     200,  200,   200, 200,  404,   404),
    ("POST", "/rectifications/{item}/progress/",       LOGIN, 302,  404, 404,    302,     403,  403,   403, 403,  404,   404),
    ("POST", "/rectifications/{awaiting_item}/verify/", LOGIN, 403, 404, 404,    403,     302,  403,   302, 403,  404,   404),
    ("POST", "/rectifications/{verified_item}/accept/", LOGIN, 403, 404, 404,    403,     302,  403,   302, 403,  404,   404),
    ("POST", "/rectifications/{publicity_item}/objection/", LOGIN, 403, 404, 404, 403,    302,  403,   302, 403,  404,   404),
    ("POST", "/rectifications/{item}/extension/",      LOGIN, 400,  404, 404,    400,     403,  403,   403, 403,  404,   404),
    ("POST", "/extensions/{extension}/decide/", LOGIN, 403, 404, 404, 403, 302,  403,   302, 403,  404,   404),
    # 回头看
    ("GET",  "/rectifications/rechecks/",              LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/rectifications/rechecks/new/",          LOGIN, 403,  403, 403,    403,     200,  403,   200, 403,  403,   200),
    ("POST", "/rectifications/rechecks/new/",          LOGIN, 403,  403, 403,    403,     302,  403,   302, 403,  403,   400),
    ("GET",  "/rectifications/rechecks/{recheck}/",    LOGIN, 404,  404, 404,    404,     200,  200,   200, 200,  404,   404),
    ("POST", "/rectifications/rechecks/{recheck}/{entry}/", LOGIN, 404, 404, 404, 404,    302,  403,   302, 403,  404,   404),
]

API = [
    # method  url                                            anon alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/api/rectifications",                          401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/api/rectifications/{item}",                   401, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/api/rectifications",                          401, 403,  403, 403,    403,     201,  403,   201, 403,  403,   404),
    ("POST", "/api/rectifications/{item}/progress",          401, 200,  404, 404,    200,     403,  403,   403, 403,  404,   404),
    ("POST", "/api/rectifications/{item}/evidence",          401, 200,  404, 404,    200,     403,  403,   403, 403,  404,   404),
    ("POST", "/api/rectifications/{verified_item}/accept",   401, 403,  404, 404,    403,     200,  403,   200, 403,  404,   404),
]
# fmt: on


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"))
class PageMatrixTestCase(SupervisionMatrixTestCase):
    def body(self, method, template):
        return (
            {
                "/rectifications/new/": {
                    "owner_unit": self.city.pk,
                    "source": "audit",
                    "description": "专项资金拨付不及时",
                    "lead_unit": self.zjj.pk,
                    "kind": "deadline",
                    "due_date": "2026-12-31",
                },
                "/rectifications/{item}/progress/": {"progress": "已完成12万亩"},
                "/rectifications/{awaiting_item}/verify/": {
                    "method": "site",
                    "note": "现场核实到位",
                    "decision": "pass",
                },
                "/rectifications/{verified_item}/accept/": {"decision": "approve"},
                "/rectifications/{publicity_item}/objection/": {
                    "text": "群众反映仍有积水",
                    "decision": "dismissed",
                },
                "/rectifications/{item}/extension/": {"new_date": "2099-02-28", "reason": "冬季停工"},
                "/extensions/{extension}/decide/": {"decision": "grant"},
                "/rectifications/{item}/edit/": {
                    "source": "inspection",
                    "description": "专项资金拨付不及时",
                    "lead_unit": self.fgw.pk,
                    "co_units": [self.zjj.pk],
                    "kind": "deadline",
                    "due_date": "2026-12-31",
                },
                "/rectifications/rechecks/new/": {
                    "owner_unit": self.city.pk,
                    "closed_from": "2026-10-01",
                    "closed_to": "2026-10-31",
                    "size": "1",
                },
                "/rectifications/rechecks/{recheck}/{entry}/": {"result": "holds"},
            }.get(template)
            if method == "POST"
            else None
        )

    def test_it_answers_every_page_for_every_role_as_specified(self):
        self.run_table(PAGES, self.page, self.body)

    def api_body(self, method, template):
        return (
            {
                "/api/rectifications": {
                    "owner_unit_id": self.city.pk,
                    "source": "audit",
                    "description": "专项资金拨付不及时",
                    "lead_unit_id": self.zjj.pk,
                    "due_date": "2026-12-31",
                },
                "/api/rectifications/{item}/progress": {"progress": "已完成12万亩"},
                "/api/rectifications/{item}/evidence": Multipart(
                    files=lambda: [SimpleUploadedFile("整改后.png", PNG, content_type="image/png")]
                ),
                "/api/rectifications/{verified_item}/accept": {"approve": True},
            }.get(template)
            if method == "POST"
            else None
        )

    def test_it_answers_every_endpoint_for_every_role_as_specified(self):
        self.run_table(API, self.api, self.api_body)

    def test_it_covers_every_endpoint_of_the_router(self):
        covered = {(m, normalise_route(t)) for m, t, *_ in API}
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    with self.subTest(method=method, path=path):
                        self.assertIn((method, normalise_route("/api" + path)), covered)
