"""Migrations 0002 and 0003 keep every unit and rewrite its path zero-padded, then by (排序, id), so paths
sort in tree order."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

BEFORE = [("orgs", "0001_initial")]
AFTER = [("orgs", "0002_unit_code_aliases_sortable_path")]
BY_ORDER = [("orgs", "0003_unit_path_by_order")]


class UnitPathMigrationTests(TransactionTestCase):
    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def tearDown(self):
        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    def test_it_pads_the_paths_and_keeps_names_kinds_and_parents(self):
        old = self.migrate(BEFORE).get_model("orgs", "Unit")
        city = old.objects.create(id=1, name="定西市", kind="city", path="/1/")
        old.objects.create(id=12, name="市政府办", kind="department", parent=city, path="/1/12/")
        county = old.objects.create(id=3, name="通渭县", kind="county", parent=city, path="/1/3/")
        old.objects.create(id=40, name="通渭县改革办", kind="department", parent=county, path="/1/3/40/")

        new = self.migrate(AFTER).get_model("orgs", "Unit")
        rows = list(
            new.objects.order_by("path").values_list("name", "kind", "parent_id", "path", "code", "aliases")
        )
        self.assertEqual(
            rows,
            [
                ("定西市", "city", None, "/00000001/", None, []),
                ("通渭县", "county", 1, "/00000001/00000003/", None, []),
                ("通渭县改革办", "department", 3, "/00000001/00000003/00000040/", None, []),
                ("市政府办", "department", 1, "/00000001/00000012/", None, []),
            ],
        )

    def test_it_unpads_the_paths_when_reversed(self):
        self.migrate(BEFORE)
        new = self.migrate(AFTER).get_model("orgs", "Unit")
        new.objects.create(id=1, name="定西市", kind="city", path="/00000001/")
        new.objects.create(id=12, name="市政府办", kind="department", parent_id=1, path="/00000001/00000012/")
        old = self.migrate(BEFORE).get_model("orgs", "Unit")
        self.assertEqual(sorted(old.objects.values_list("path", flat=True)), ["/1/", "/1/12/"])

    def test_it_puts_the_order_into_the_paths_so_siblings_sort_by_it(self):
        self.migrate(BEFORE)
        old = self.migrate(AFTER).get_model("orgs", "Unit")
        old.objects.create(id=1, name="定西市", kind="city", path="/00000001/")
        old.objects.create(
            id=2, name="通渭县", kind="county", parent_id=1, order=50, path="/00000001/00000002/"
        )
        old.objects.create(
            id=9, name="市政府办", kind="department", parent_id=1, order=1, path="/00000001/00000009/"
        )
        old.objects.create(
            id=30, name="通渭县改革办", kind="department", parent_id=2, path="/00000001/00000002/00000030/"
        )
        new = self.migrate(BY_ORDER).get_model("orgs", "Unit")
        self.assertEqual(
            list(new.objects.order_by("path").values_list("name", "path")),
            [
                ("定西市", "/000000.00000001/"),
                ("市政府办", "/000000.00000001/000001.00000009/"),
                ("通渭县", "/000000.00000001/000050.00000002/"),
                ("通渭县改革办", "/000000.00000001/000050.00000002/000000.00000030/"),
            ],
        )
        back = self.migrate(AFTER).get_model("orgs", "Unit")
        self.assertEqual(back.objects.get(id=30).path, "/00000001/00000002/00000030/")
