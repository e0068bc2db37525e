"""Every role × every 整改台账 page: the expected answer. Columns as luoshi.test.ROLES."""

from luoshi.test import LOGIN

from .matrix import SupervisionMatrixTestCase

# fmt: off
PAGES = [
    # method  url                                      anon   alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/rectifications/",                       LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/rectifications/clearance/",             LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/rectifications/new/",                   LOGIN, 403,  403, 403,    403,     200,  403,   200, 403,  403,   200),
    ("POST", "/rectifications/new/",                   LOGIN, 403,  403, 403,    403,     302,  403,   302, 403,  403,   400),
    ("GET",  "/rectifications/{item}/",                LOGIN, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/rectifications/{zjj_item}/",            LOGIN, 404,  200, 404,    404,     200,  200,   200, 200,  404,   404),
    ("POST", "/rectifications/{item}/progress/",       LOGIN, 302,  404, 404,    302,     403,  403,   403, 403,  404,   404),
    ("POST", "/rectifications/{awaiting_item}/accept/", LOGIN, 403, 404, 404,    403,     302,  403,   302, 403,  404,   404),
]
# fmt: on


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
                "/rectifications/{awaiting_item}/accept/": {"decision": "approve"},
            }.get(template)
            if method == "POST"
            else None
        )

    def test_it_answers_every_page_for_every_role_as_specified(self):
        self.run_table(PAGES, self.page, self.body)
