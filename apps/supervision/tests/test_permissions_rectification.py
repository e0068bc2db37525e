"""Every role × every rectification page: the expected answer. Columns as luoshi.test.ROLES."""

from luoshi.test import LOGIN  # noqa: F401

from .matrix import SupervisionMatrixTestCase

# fmt: off
PAGES = [
    # method  url                                      anon   alice bob  charlie approver coord leader insp admin c_lead c_coord
]
# fmt: on


class PageMatrixTestCase(SupervisionMatrixTestCase):
    def test_it_answers_every_page_for_every_role_as_specified(self):
        self.run_table(PAGES, self.page, lambda method, template: None)
