"""Every role × every 典型经验 page: the expected answer. Columns as luoshi.test.ROLES.

alice and approver are 市发改委's staff (the cases' unit); bob (市住建局) and charlie (市统计局) are other
units' staff; coordinator and inspector review the city's cases; leader and admin read its accepted ones;
the two county users oversee 陇西县 only."""

from luoshi.test import LOGIN

from .base import pdf
from .matrix import CASE_FORM, CaseMatrixTestCase

# fmt: off
PAGES = [
    # method  url                                 anon   alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/cases/",                           LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/cases/?q=经验&featured=on",         LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/cases/new/",                       LOGIN, 200,  200, 200,    200,     403,  403,   403, 403,  403,   403),
    # the form names 市发改委: other units' staff are refused that choice (400)
    ("POST", "/cases/new/",                       LOGIN, 302,  400, 400,    302,     403,  403,   403, 403,  403,   403),
    ("GET",  "/cases/{draft}/",                   LOGIN, 200,  404, 404,    200,     404,  404,   404, 404,  404,   404),
    ("GET",  "/cases/{submitted}/",               LOGIN, 200,  404, 404,    200,     200,  404,   200, 404,  404,   404),
    ("GET",  "/cases/{accepted}/",                LOGIN, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/cases/{draft}/edit/",              LOGIN, 200,  404, 404,    200,     404,  404,   404, 404,  404,   404),
    ("POST", "/cases/{draft}/edit/",              LOGIN, 302,  404, 404,    302,     404,  404,   404, 404,  404,   404),
    ("GET",  "/cases/{submitted}/edit/",          LOGIN, 403,  404, 404,    403,     403,  404,   403, 404,  404,   404),
    ("POST", "/cases/{draft}/submit/",            LOGIN, 302,  404, 404,    302,     404,  404,   404, 404,  404,   404),
    ("POST", "/cases/{submitted}/review/",        LOGIN, 403,  404, 404,    403,     302,  404,   302, 404,  404,   404),
    ("POST", "/cases/{accepted}/promote/",        LOGIN, 403,  404, 404,    403,     302,  403,   302, 403,  404,   404),
    ("POST", "/cases/{accepted}/feature/",        LOGIN, 403,  404, 404,    403,     302,  403,   302, 403,  404,   404),
    # 转为典型经验: the organising office of the inspection
    ("GET",  "/findings/{finding}/case/",         LOGIN, 403,  404, 404,    403,     200,  403,   200, 403,  404,   404),
    ("POST", "/findings/{finding}/case/",         LOGIN, 403,  404, 404,    403,     302,  403,   302, 403,  404,   404),
]
# fmt: on


class CasePageMatrixTestCase(CaseMatrixTestCase):
    def body(self, method, template):
        if method != "POST":
            return None
        if template.endswith("/review/"):
            return {"decision": "accept"}
        if template.endswith("/promote/"):
            return {"level": 3, "proof": "省农业农村厅简报第12期", "promoted_on": "2026-11-01", "file": pdf()}
        if template.endswith("/feature/"):
            return {"featured": "1"}
        if template.startswith("/findings/"):
            return {"title": "一张图管理"}
        return {**CASE_FORM, "unit": self.fgw.pk}

    def test_it_answers_every_page_for_every_role_as_specified(self):
        self.run_table(PAGES, self.page, self.body)

    def test_it_refuses_get_on_the_state_changing_urls(self):
        for template in (
            "/cases/{draft}/submit/",
            "/cases/{submitted}/review/",
            "/cases/{accepted}/promote/",
            "/cases/{accepted}/feature/",
        ):
            with self.subTest(url=template):
                self.assertEqual(
                    self.page("coordinator", "GET", template.format(**self.ids)).status_code, 405
                )
