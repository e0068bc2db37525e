"""Every role × every endpoint of the 经济指标 API (apps/indicators/api.py): the same answers as the pages
(test_permissions.py), 401 without a token. Columns as IndicatorMatrixTestCase.roles."""

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.indicators.api import router
from luoshi.test import Multipart, normalise_route

from .matrix import IndicatorMatrixTestCase
from .test_excel import workbook

# fmt: off
API = [
    # method  url                                     anon alice bob  charlie approver coord leader insp admin c_lead c_coord stat c_rep
    ("GET",  "/api/indicators",                       401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200,    200, 200),
    ("GET",  "/api/indicators/table?month=3",         401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200,    200, 200),
    ("GET",  "/api/indicators/{indicator}",           401, 404,  404, 404,    404,     200,  200,   200, 200,  200,   200,    200, 200),
    ("PUT",  "/api/indicators/{indicator}/targets",   401, 404,  404, 404,    404,     200,  403,   403, 403,  403,   403,    200, 403),
    # 陇西县's figures: its own reporter, the county's coordinator and the city's managers
    ("PUT",  "/api/indicators/{indicator}/figures",   401, 404,  404, 404,    404,     200,  403,   403, 403,  403,   200,    200, 200),
    # the sheet has a 定西市 row: the county coordinator is refused it (422), the others may not import (403)
    ("POST", "/api/indicators/import",                401, 403,  403, 403,    403,     200,  403,   403, 403,  403,   422,    200, 403),
]
# fmt: on


class IndicatorApiMatrixTestCase(IndicatorMatrixTestCase):
    def body(self, method, template):
        if template.endswith("/import"):
            sheet = [["社会消费品零售总额", "定西市", 70, 5.1, 6], [None, "陇西县", 21, 5.9, 2]]
            return Multipart(
                file=lambda: SimpleUploadedFile("s.xlsx", workbook(("2026年1-4月", sheet)).getvalue())
            )
        if template.endswith("/targets"):
            return {"year": 2026, "targets": [{"unit_id": self.county.pk, "value": "90"}]}
        if template.endswith("/figures"):
            return {"year": 2026, "month": 3, "rows": [{"unit_id": self.county.pk, "growth": "6.1"}]}
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
