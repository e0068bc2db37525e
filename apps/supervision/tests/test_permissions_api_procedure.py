"""Every role × every endpoint of the 销号 procedure API (api_procedure.py): the expected answer. Columns
as luoshi.test.ROLES; the same answers as the pages (test_permissions_rectification.py and the cycles
matrix's 销号 and 延期申请 rows), with 422 where a page sends its form back and 401 without a token."""

from apps.supervision.api_procedure import router
from luoshi.test import Multipart

from .matrix_api import ApiMatrixTestCase, pdf

# fmt: off
API = [
    # method  url                                                 anon alice bob  charlie approver coord leader insp admin c_lead c_coord
    # a rectification item's 核查 and 公示 objections
    ("POST", "/api/rectifications/{awaiting_item}/verify",        401, 403,  404, 404,    403,     200,  403,   200, 403,  404,   404),
    ("POST", "/api/rectifications/{publicity_item}/objection",    401, 403,  404, 404,    403,     200,  403,   200, 403,  404,   404),
    # a task's 销号: the lead unit applies; 核查 by the plan's 牵头机关 or a 督查员; 审核 and objections by the 牵头机关
    ("GET",  "/api/tasks/{task}/closeouts",                       401, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/api/tasks/{task}/closeouts",                       401, 201,  403, 404,    201,     403,  403,   403, 403,  404,   404),
    ("GET",  "/api/closeouts/{closeout}",                         401, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/api/closeouts/{closeout}/verify",                  401, 403,  404, 404,    403,     200,  403,   200, 403,  404,   404),
    ("POST", "/api/closeouts/{verified_closeout}/decide",         401, 403,  404, 404,    403,     200,  403,   403, 403,  404,   404),
    ("POST", "/api/closeouts/{publicity_closeout}/objection",     401, 403,  404, 404,    403,     200,  403,   403, 403,  404,   404),
    # 延期申请: the responsible unit asks; the issuing side decides
    ("GET",  "/api/rectifications/{item}/extensions",             401, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/api/rectifications/{ask_item}/extensions",         401, 201,  404, 404,    201,     403,  403,   403, 403,  404,   404),
    ("GET",  "/api/notices/{notice}/extensions",                  401, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/api/notices/{notice}/extensions",                  401, 201,  404, 404,    201,     403,  403,   403, 403,  404,   404),
    ("GET",  "/api/tasks/{task}/extensions",                      401, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/api/tasks/{task}/extensions",                      401, 201,  403, 404,    201,     403,  403,   403, 403,  404,   404),
    ("GET",  "/api/extensions/{extension}",                       401, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/api/extensions/{extension}/decide",                401, 403,  404, 404,    403,     200,  403,   200, 403,  404,   404),
    # 回头看: oversight of the organising jurisdiction only; units see the outcome on their items
    ("GET",  "/api/rechecks",                                     401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("POST", "/api/rechecks",                                     401, 403,  403, 403,    403,     201,  403,   201, 403,  403,   422),
    ("GET",  "/api/rechecks/{recheck}",                           401, 404,  404, 404,    404,     200,  200,   200, 200,  404,   404),
    ("POST", "/api/rechecks/{recheck}/entries/{entry}",           401, 404,  404, 404,    404,     200,  403,   200, 403,  404,   404),
]
# fmt: on

VERIFY = {"method": "site", "passed": True, "note": "现场核实到位"}
OBJECTION = {"text": "群众反映仍有积水", "upheld": False}
EXTENSION = {"new_date": "2027-02-28", "reason": "冬季停工"}


class ProcedureApiMatrixTestCase(ApiMatrixTestCase):
    def body(self, method, template):
        if method != "POST":
            return None
        if template.endswith("/extensions"):
            return EXTENSION
        return {
            "/api/rectifications/{awaiting_item}/verify": VERIFY,
            "/api/rectifications/{publicity_item}/objection": OBJECTION,
            "/api/tasks/{task}/closeouts": Multipart(
                note="已建成18万亩", shortfall_reason="余下2万亩冬季无法施工", files=lambda: [pdf()]
            ),
            "/api/closeouts/{closeout}/verify": VERIFY,
            "/api/closeouts/{verified_closeout}/decide": {"approve": True},
            "/api/closeouts/{publicity_closeout}/objection": OBJECTION,
            "/api/extensions/{extension}/decide": {"grant": True},
            "/api/rechecks": {
                "owner_unit_id": self.city.pk,
                "closed_from": "2026-10-01",
                "closed_to": "2026-10-31",
                "size": 1,
            },
            "/api/rechecks/{recheck}/entries/{entry}": {"result": "holds"},
        }[template]

    def test_it_answers_every_endpoint_for_every_role_as_specified(self):
        self.run_table(API, self.send, self.body)

    def test_it_covers_every_endpoint_of_the_router(self):
        self.assertCovers(router, API)
