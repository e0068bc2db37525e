"""Every role × every 领导批示 page: the expected answer. Columns as luoshi.test.ROLES."""

from luoshi.test import LOGIN

from .matrix import SupervisionMatrixTestCase

# fmt: off
PAGES = [
    # method  url                                               anon   alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/instructions/",                                  LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/instructions/{instruction}/",                    LOGIN, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/instructions/{instruction}/answer/",             LOGIN, 302,  404, 404,    302,     403,  403,   403, 403,  404,   404),
    ("GET",  "/tasks/{task}/instructions/new/",                 LOGIN, 403,  403, 404,    403,     403,  200,   403, 403,  404,   404),
    ("POST", "/tasks/{task}/instructions/new/",                 LOGIN, 403,  403, 404,    403,     403,  302,   403, 403,  404,   404),
    ("GET",  "/rectifications/{item}/instructions/new/",        LOGIN, 403,  404, 404,    403,     403,  200,   403, 403,  404,   404),
    ("POST", "/rectifications/{item}/instructions/new/",        LOGIN, 403,  404, 404,    403,     403,  302,   403, 403,  404,   404),
]
# fmt: on

ISSUE = {"text": "请市发改委牵头，10月底前拿出方案", "answer_by": "2099-10-31"}


class PageMatrixTestCase(SupervisionMatrixTestCase):
    def body(self, method, template):
        if method != "POST":
            return None
        if template.endswith("/answer/"):
            return {"answer": "已拿出方案并报送"}
        return {**ISSUE, "unit": self.fgw.pk}

    def test_it_answers_every_page_for_every_role_as_specified(self):
        self.run_table(PAGES, self.page, self.body)
