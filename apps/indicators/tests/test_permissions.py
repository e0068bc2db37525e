"""Every role × every 经济指标 page: the expected answer. Columns as luoshi.test.ROLES, then the 统计局 clerk
(stat) and 陇西县's own reporter (c_rep).

alice, bob, charlie and approver are departments' staff: indicators are 市/县区 figures, so they see none
(charlie is 市统计局's reporter without the 统计局 role). coordinator and the 统计局 clerk manage the city's
indicators; leader, inspector and admin read them; the county users read 陇西县's rows; the county's
coordinator and reporter enter 陇西县's figures but may not change the city's indicators."""

from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.test import LOGIN, all_routes, normalise_route

from .matrix import IndicatorMatrixTestCase
from .test_excel import workbook

# fmt: off
PAGES = [
    # method  url                                     anon   alice bob  charlie approver coord leader insp admin c_lead c_coord stat c_rep
    ("GET",  "/indicators/",                          LOGIN, 403,  403, 403,    403,     200,  200,   200, 200,  200,   200,    200, 200),
    ("GET",  "/indicators/?month=3&indicator={gdp}",  LOGIN, 403,  403, 403,    403,     200,  200,   200, 200,  200,   200,    200, 200),
    ("GET",  "/indicators/new/",                      LOGIN, 403,  403, 403,    403,     200,  403,   403, 403,  403,   200,    200, 403),
    ("POST", "/indicators/new/",                      LOGIN, 403,  403, 403,    403,     302,  403,   403, 403,  403,   302,    302, 403),
    ("GET",  "/indicators/{indicator}/",              LOGIN, 404,  404, 404,    404,     200,  200,   200, 200,  200,   200,    200, 200),
    ("GET",  "/indicators/{indicator}/edit/",         LOGIN, 404,  404, 404,    404,     200,  403,   403, 403,  403,   403,    200, 403),
    ("POST", "/indicators/{indicator}/edit/",         LOGIN, 404,  404, 404,    404,     302,  403,   403, 403,  403,   403,    302, 403),
    ("POST", "/indicators/{indicator}/archive/",      LOGIN, 404,  404, 404,    404,     302,  403,   403, 403,  403,   403,    302, 403),
    ("GET",  "/indicators/{indicator}/targets/",      LOGIN, 404,  404, 404,    404,     200,  403,   403, 403,  403,   403,    200, 403),
    ("POST", "/indicators/{indicator}/targets/",      LOGIN, 404,  404, 404,    404,     302,  403,   403, 403,  403,   403,    302, 403),
    ("GET",  "/indicators/{indicator}/figures/",      LOGIN, 404,  404, 404,    404,     200,  403,   403, 403,  403,   200,    200, 200),
    ("POST", "/indicators/{indicator}/figures/?year=2026&month=3", LOGIN, 404, 404, 404, 404, 302, 403, 403, 403, 403,   302,    302, 302),
    ("GET",  "/indicators/import/",                   LOGIN, 403,  403, 403,    403,     200,  403,   403, 403,  403,   200,    200, 403),
    # the county coordinator may import, but only 陇西县's rows: the sheet's 定西市 row is refused (400)
    ("POST", "/indicators/import/",                   LOGIN, 403,  403, 403,    403,     302,  403,   403, 403,  403,   400,    302, 403),
    ("GET",  "/indicators/import/template.xlsx",      LOGIN, 403,  403, 403,    403,     200,  403,   403, 403,  403,   200,    200, 403),
]
# fmt: on
SHEET = [["社会消费品零售总额", "定西市", 70, 5.1, 6], [None, "陇西县", 21, 5.9, 2]]


class IndicatorPageMatrixTestCase(IndicatorMatrixTestCase):
    def body(self, method, template):
        if method != "POST":
            return None
        if template == "/indicators/new/":
            return {
                "name": "规上工业增加值增速",
                "measure": "亿元",
                "kind": "growth",
                "frequency": "month",
                "order": 3,
            }
        if template.endswith("/edit/"):
            return {
                "name": "社会消费品零售总额",
                "measure": "亿元",
                "kind": "amount",
                "frequency": "month",
                "order": 2,
            }
        if template.endswith("/targets/"):
            return {f"unit_{self.county.pk}": "90"}
        if "/figures/" in template:
            return {f"{self.county.pk}_growth": "6.1"}
        if template.endswith("/import/"):
            data = workbook(("2026年1-4月", SHEET)).getvalue()
            return {"file": SimpleUploadedFile("s.xlsx", data)}
        return {}

    def test_it_answers_every_page_for_every_role_as_specified(self):
        self.run_table(PAGES, self.page, self.body)

    def test_it_refuses_get_on_the_archive_url(self):
        self.assertEqual(
            self.page("statistician", "GET", f"/indicators/{self.retail.pk}/archive/").status_code, 405
        )

    def test_it_covers_every_indicator_page(self):
        covered = {normalise_route(t) for _, t, *_ in PAGES}
        for route, _ in all_routes():
            if route.startswith("indicators/"):
                with self.subTest(route=route):
                    self.assertIn(normalise_route("/" + route), covered)
