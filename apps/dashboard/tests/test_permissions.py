"""Every role × the dashboard page: the expected answer. Columns as luoshi.test.ROLES. Unit roles get 403;
the county's users see 陇西县 only, so a city unit (`?unit=`) and the city's plan (`?plan=`, no task of it
in the county) are 404 for them."""

import luoshi.test as luoshi_test
from luoshi.test import LOGIN

# fmt: off
PAGES = [
    # method  url                                anon   alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/dashboard/",                      LOGIN, 403,  403, 403,    403,     200,  200,   200, 200,  200,   200),
    ("GET",  "/dashboard/?unit={fgw}",           LOGIN, 403,  403, 403,    403,     200,  200,   200, 200,  404,   404),
    ("GET",  "/dashboard/?plan={plan}",          LOGIN, 403,  403, 403,    403,     200,  200,   200, 200,  404,   404),
    ("GET",  "/dashboard/?unit={county}",        LOGIN, 403,  403, 403,    403,     200,  200,   200, 200,  200,   200),
]
# fmt: on


class PageMatrixTestCase(luoshi_test.MatrixTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.ids = {"fgw": cls.fgw.pk, "plan": cls.plan.pk, "county": cls.county.pk}

    def test_it_answers_every_page_for_every_role_as_specified(self):
        self.run_table(PAGES, self.page, lambda method, template: None)
