"""Migration 0002 keeps every unit and rewrites its path zero-padded, so paths sort in tree order."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

BEFORE = [("orgs", "0001_initial")]
AFTER = [("orgs", "0002_unit_code_aliases_sortable_path")]


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
