"""SQLite under concurrency: with the settings' SQLITE_OPTIONS (WAL, busy timeout, IMMEDIATE transactions)
concurrent writers wait for each other instead of failing with "database is locked".

Each thread has its own Django connection (a ConnectionHandler's connections are per thread) to a temporary
database file, not to the suite's in-memory database, so the locking is SQLite's own. The last two tests run
the same load without the busy timeout and with deferred transactions: they fail the way production did, which
shows that the first tests can fail.
"""

import tempfile
import threading
import time
from pathlib import Path
from unittest import TestCase

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.utils import ConnectionHandler

WRITERS = 8
ROUNDS = 5
ALIAS = "scratch"


class Scratch:
    """A temporary SQLite file opened through Django's sqlite3 backend with the given OPTIONS."""

    def __init__(self, directory, options):
        self.handler = ConnectionHandler(
            {
                "default": {"ENGINE": "django.db.backends.dummy"},
                ALIAS: {
                    "ENGINE": "django.db.backends.sqlite3",
                    "NAME": str(Path(directory) / "db.sqlite3"),
                    "OPTIONS": options,
                },
            }
        )

    @property
    def connection(self):
        return self.handler[ALIAS]

    def execute(self, sql, params=()):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def close(self):
        self.handler.close_all()


def run_writers(scratch, work, count=WRITERS):
    """Run work(scratch, number) in count threads at once; return the errors they raised."""
    errors = []
    start = threading.Barrier(count)

    def writer(number):
        start.wait()
        try:
            work(scratch, number)
        except OperationalError as error:
            errors.append(str(error))
        finally:
            scratch.connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def in_transaction(connection, work):
    """What transaction.atomic() does on SQLite: BEGIN <transaction_mode>, the work, COMMIT."""
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    try:
        with connection.cursor() as cursor:
            work(cursor)
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        connection.set_autocommit(True)


def autosave(scratch, number):
    """An autosave: read the writer's latest version, then write the next one, in one transaction."""

    def work(cursor):
        cursor.execute("SELECT COALESCE(MAX(version), 0) FROM draft WHERE writer = %s", [number])
        (version,) = cursor.fetchone()
        time.sleep(0.005)
        cursor.execute("INSERT INTO draft (writer, version) VALUES (%s, %s)", [number, version + 1])

    for _ in range(ROUNDS):
        in_transaction(scratch.connection, work)


def long_import(scratch, seconds):
    """An import holding the write lock for a while (one transaction of many rows)."""

    def work(cursor):
        cursor.execute("SELECT COUNT(*) FROM draft")
        for row in range(200):
            cursor.execute("INSERT INTO draft (writer, version) VALUES (%s, %s)", [-1, row])
        time.sleep(seconds)

    in_transaction(scratch.connection, work)


class SqliteConcurrencyTestCase(TestCase):
    options = settings.SQLITE_OPTIONS

    @pytest.fixture(autouse=True)
    def _allow_the_scratch_database(self, django_db_blocker):
        # pytest-django blocks every connection outside its test databases; this one is a file of our own
        with django_db_blocker.unblock():
            yield

    def setUp(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.scratch = Scratch(directory.name, dict(self.options))
        self.addCleanup(self.scratch.close)
        self.scratch.execute(
            "CREATE TABLE draft (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL, version INTEGER NOT NULL)"
        )
        self.scratch.connection.close()

    def versions(self):
        rows = self.scratch.execute("SELECT writer, MAX(version), COUNT(*) FROM draft GROUP BY writer")
        return {writer: (latest, count) for writer, latest, count in rows if writer >= 0}


class SettingsTestCase(SqliteConcurrencyTestCase):
    def test_it_opens_sqlite_in_wal_mode_with_a_busy_timeout(self):
        self.assertEqual(self.scratch.execute("PRAGMA journal_mode")[0][0], "wal")
        self.assertGreaterEqual(self.options["timeout"], 10)
        self.assertEqual(self.options["transaction_mode"], "IMMEDIATE")

    def test_it_lets_concurrent_autosaves_wait_for_each_other(self):
        errors = run_writers(self.scratch, autosave)
        self.assertEqual(errors, [])
        # every writer's versions follow one another: no lost or duplicated version
        self.assertEqual(self.versions(), {n: (ROUNDS, ROUNDS) for n in range(WRITERS)})

    def test_it_lets_autosaves_wait_while_an_import_holds_the_write_lock(self):
        def work(scratch, number):
            if number == 0:
                long_import(scratch, seconds=1.0)
            else:
                time.sleep(0.1)  # the import has begun
                autosave(scratch, number)

        began = time.monotonic()
        errors = run_writers(self.scratch, work)
        self.assertEqual(errors, [])
        self.assertGreaterEqual(time.monotonic() - began, 1.0)
        self.assertEqual(self.versions(), {n: (ROUNDS, ROUNDS) for n in range(1, WRITERS)})
        self.assertEqual(self.scratch.execute("SELECT COUNT(*) FROM draft WHERE writer = -1")[0][0], 200)


class WithoutBusyTimeoutTestCase(SqliteConcurrencyTestCase):
    options = {**settings.SQLITE_OPTIONS, "timeout": 0}

    def test_it_fails_with_database_is_locked(self):
        def work(scratch, number):
            if number == 0:
                long_import(scratch, seconds=0.5)
            else:
                time.sleep(0.1)
                autosave(scratch, number)

        errors = run_writers(self.scratch, work)
        self.assertTrue(errors)
        self.assertIn("database is locked", errors[0])


class DeferredTransactionsTestCase(SqliteConcurrencyTestCase):
    options = {**settings.SQLITE_OPTIONS, "transaction_mode": "DEFERRED"}

    def test_it_fails_on_a_read_then_write_despite_the_timeout(self):
        errors = run_writers(self.scratch, autosave)
        self.assertTrue(errors)
        self.assertIn("database is locked", errors[0])
