import doctest
import unittest

from lib import filetypes


class FiletypesTestCase(unittest.TestCase):
    def test_it_passes_its_doctests(self):
        result = doctest.testmod(filetypes)
        self.assertEqual((result.failed, result.attempted > 5), (0, True))

    def test_it_replaces_an_extension_that_does_not_match(self):
        self.assertEqual(filetypes.served_name("报表.xls.exe", "xlsx"), "报表.xls.xlsx")
        self.assertEqual(filetypes.served_name("scan.jpeg", "jpg"), "scan.jpeg")
        self.assertEqual(filetypes.served_name("图.PNG", "png"), "图.PNG")

    def test_it_has_a_content_type_for_every_allowed_kind(self):
        self.assertEqual(set(filetypes.CONTENT_TYPES), set(filetypes.ALLOWED))
