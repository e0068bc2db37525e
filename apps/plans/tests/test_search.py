"""The ledger's substring search (apps.plans.search) on the database in use: the SQLite FTS5 trigram table or
PostgreSQL's pg_trgm indexes give what LIKE '%word%' gives, and the index follows every change to a task.
The suite runs on SQLite and, in CI, on PostgreSQL; each backend's own index is checked where it runs."""

import unittest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.plans import search
from apps.plans.models import Task, TaskUnit
from luoshi.test import BaseTestCase


class SearchFixture(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.water = Task.objects.create(
            plan=cls.plan,
            code="GX-2.3",
            title="实施农村供水保障工程",
            description="新建改造农村供水管网300公里，推进城乡供水一体化",
        )
        cls.park = Task.objects.create(
            plan=cls.plan, code="3.1", title="建设口袋公园20个", description="Pocket Park 示范项目"
        )
        for task in (cls.water, cls.park):
            TaskUnit.objects.create(task=task, unit=cls.fgw, role=TaskUnit.Role.LEAD)

    def setUp(self):
        self.login(self.coordinator)

    def found(self, query) -> set[str]:
        response = self.client.get(f"/plans/{self.plan.pk}/", {"q": query})
        self.assertEqual(response.status_code, 200)
        return {task.code for task in response.context["page"].object_list}

    def like(self, word) -> set[str]:
        tasks = Task.objects.filter(plan=self.plan)
        return {
            task.code
            for task in tasks
            if any(word.lower() in getattr(task, field).lower() for field in search.FIELDS)
        }


class SearchTestCase(SearchFixture):
    def test_it_finds_a_substring_in_the_middle_of_the_title(self):
        self.assertEqual(self.found("高标准农"), {"1.1"})

    def test_it_finds_a_substring_of_the_description_only(self):
        self.assertEqual(self.found("供水管网"), {"GX-2.3"})

    def test_it_finds_a_substring_of_the_code(self):
        self.assertEqual(self.found("GX-2"), {"GX-2.3"})

    def test_it_finds_latin_letters_in_any_case(self):
        self.assertEqual(self.found("pocket park"), {"3.1"})
        self.assertEqual(self.found("gx-2.3"), {"GX-2.3"})

    def test_it_finds_words_of_one_and_two_characters_too(self):
        self.assertEqual(self.found("农村"), {"GX-2.3"})
        self.assertEqual(self.found("园"), {"3.1"})

    def test_it_gives_what_like_gives(self):
        for word in (
            "农田",
            "高标准农田",
            "供水",
            "农村供水保障",
            "20",
            "20万亩",
            "公里，推进",
            "park",
            "GX",
            "1.1",
        ):
            with self.subTest(word=word):
                self.assertEqual(self.found(word), self.like(word))

    def test_it_reads_search_syntax_as_plain_text(self):
        for query in ('"农村', "农村*", "NOT 农村", "供水 OR 公园", "title:农田", "a'b\"c"):
            with self.subTest(query=query):
                expected = set.intersection(*(self.like(word) for word in query.split()))
                self.assertEqual(self.found(query), expected)

    def test_it_finds_a_task_by_its_new_title_and_not_by_its_old_one(self):
        Task.objects.filter(pk=self.park.pk).update(title="建设城市绿道50公里")
        self.assertEqual(self.found("口袋公园"), set())
        self.assertEqual(self.found("城市绿道"), {"3.1"})

    def test_it_finds_a_new_task_at_once(self):
        task = Task.objects.create(plan=self.plan, code="4.1", title="推广新能源公交车")
        TaskUnit.objects.create(task=task, unit=self.fgw, role=TaskUnit.Role.LEAD)
        self.assertEqual(self.found("新能源公交"), {"4.1"})

    def test_it_no_longer_finds_a_deleted_task(self):
        TaskUnit.objects.filter(task=self.park).delete()
        Task.objects.filter(pk=self.park.pk).delete()
        self.assertEqual(self.found("口袋公园"), set())


@unittest.skipUnless(connection.vendor == "sqlite", "the FTS5 table is SQLite's")
class SqliteSearchIndexTestCase(SearchFixture):
    def test_it_looks_a_word_of_three_characters_up_in_the_fts_table(self):
        with CaptureQueriesContext(connection) as ctx:
            self.found("高标准")
        self.assertTrue(any("plans_task_search MATCH" in q["sql"] for q in ctx.captured_queries))

    def test_it_falls_back_to_like_for_two_characters(self):
        with CaptureQueriesContext(connection) as ctx:
            self.found("农田")
        self.assertFalse(any("plans_task_search" in q["sql"] for q in ctx.captured_queries))

    def test_it_puts_the_triggers_back_and_rebuilds_after_a_table_rebuild(self):
        with connection.cursor() as cursor:  # as SQLite does when a migration remakes plans_task
            for name in search.SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
            cursor.execute("UPDATE plans_task SET title = '建设城市绿道50公里' WHERE id = %s", [self.park.pk])
        search.repair(connection)
        self.assertEqual(self.found("城市绿道"), {"3.1"})
        Task.objects.filter(pk=self.water.pk).update(title="实施老旧小区改造")
        self.assertEqual(self.found("老旧小区"), {"GX-2.3"})


@unittest.skipUnless(connection.vendor == "postgresql", "the pg_trgm index is PostgreSQL's")
class PostgresqlSearchIndexTestCase(SearchFixture):
    def plan_of(self, word) -> str:
        tasks = Task.objects.filter(search.text_contains(word)).order_by().values("id")
        with connection.cursor() as cursor:
            # the test table is tiny: ask for an index that can answer the condition (a GIN index is read by
            # bitmap scans only; a plain index scan of the primary key with a filter would also avoid a seq scan)
            for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
                cursor.execute(f"SET LOCAL {setting} = off")
            sql, params = tasks.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())

    def search_row(self, task):
        with connection.cursor() as cursor:
            cursor.execute("SELECT ctid, text FROM plans_task_search WHERE task_id = %s", [task.pk])
            return cursor.fetchone()

    def test_it_looks_a_word_up_in_the_trigram_index(self):
        self.assertIn("plans_task_search_trgm", self.plan_of("供水管网"))

    def test_it_leaves_the_search_row_alone_when_only_the_status_changes(self):
        before = self.search_row(self.park)
        Task.objects.filter(pk=self.park.pk).update(status="lagging", rag="yellow", percent=40)
        self.assertEqual(self.search_row(self.park), before)
        Task.objects.filter(pk=self.park.pk).update(code="3.2")
        self.assertNotEqual(self.search_row(self.park), before)
