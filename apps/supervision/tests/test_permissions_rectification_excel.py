"""Every role × every 整改台账 Excel page: the expected answer. Columns as luoshi.test.ROLES.

Export: everyone who sees items exports what they see. Import and its template: only 牵头机关/督查员; a
valid file for the city is saved (302) by the city's, refused by the county's (the city is not among its
交办单位 choices: 400); an empty POST is sent back with the errors (400)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.test import LOGIN

from .matrix import SupervisionMatrixTestCase
from .test_rectification_excel import row, sheet

# fmt: off
PAGES = [
    # method  url                                      anon   alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/rectifications/export.xlsx",            LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/rectifications/export.xlsx?source=audit&status=not_started&overdue=1", LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ("GET",  "/rectifications/import/",                LOGIN, 403,  403, 403,    403,     200,  403,   200, 403,  403,   200),
    ("GET",  "/rectifications/import/template.xlsx",   LOGIN, 403,  403, 403,    403,     200,  403,   200, 403,  403,   200),
    ("POST", "/rectifications/import/",                LOGIN, 403,  403, 403,    403,     400,  403,   400, 403,  403,   400),
]
WITH_FILE = [
    ("POST", "/rectifications/import/",                LOGIN, 403,  403, 403,    403,     302,  403,   302, 403,  403,   400),
]
# fmt: on


class PageMatrixTestCase(SupervisionMatrixTestCase):
    def test_it_answers_every_page_for_every_role_as_specified(self):
        self.run_table(PAGES, self.page, lambda method, template: None)

    def test_it_imports_a_valid_file_only_for_the_jurisdiction(self):
        def body(method, template):
            upload = SimpleUploadedFile("ledger.xlsx", sheet([row()]).read())
            return {"owner_unit": self.city.pk, "file": upload}

        self.run_table(WITH_FILE, self.page, body)
