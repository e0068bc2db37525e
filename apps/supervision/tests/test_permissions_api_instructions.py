"""Every role × every endpoint of the 领导批示 API (api_instructions.py): the expected answer. Columns as
luoshi.test.ROLES; the same answers as the pages (test_permissions_instructions.py), 401 without a token."""

from apps.supervision.api_instructions import router

from .matrix_api import ApiMatrixTestCase

# fmt: off
API = [
    # method  url                                            anon alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/api/instructions",                            401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/api/instructions?status=mine",                401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/api/instructions/{instruction}",              401, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/api/instructions/{instruction}/answer",       401, 200,  404, 404,    200,     403,  403,   403, 403,  404,   404),
    # a 批示 is written by a 领导 on what they see
    ("POST", "/api/tasks/{task}/instructions",               401, 403,  403, 404,    403,     403,  201,   403, 403,  404,   404),
    ("POST", "/api/rectifications/{item}/instructions",      401, 403,  404, 404,    403,     403,  201,   403, 403,  404,   404),
    ("POST", "/api/reports/{report}/instructions",           401, 403,  404, 404,    403,     403,  201,   403, 403,  404,   404),
    ("POST", "/api/notices/{notice}/instructions",           401, 403,  404, 404,    403,     403,  201,   403, 403,  404,   404),
]
# fmt: on


class InstructionApiMatrixTestCase(ApiMatrixTestCase):
    def body(self, method, template):
        if method != "POST":
            return None
        if template.endswith("/answer"):
            return {"answer": "已拿出方案并报送"}
        return {"unit_id": self.fgw.pk, "text": "请市发改委牵头，10月底前拿出方案", "answer_by": "2026-12-31"}

    def test_it_answers_every_endpoint_for_every_role_as_specified(self):
        self.run_table(API, self.send, self.body)

    def test_it_covers_every_endpoint_of_the_router(self):
        self.assertCovers(router, API)
