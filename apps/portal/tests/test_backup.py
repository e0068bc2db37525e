"""`manage.py backup` and `manage.py restore`: a round trip keeps every row of every table and every media
file byte for byte (SQLite always; PostgreSQL when the suite runs on it, restored into a scratch database
created and dropped here); a restore refuses a non-empty target, a damaged backup and one from a newer
version before it changes anything.

The backup is taken in this process from the suite's own database (TransactionTestCase, so the rows are
committed and pg_dump sees them); the restore runs `manage.py restore` in a child process whose
DATABASE_URL and MEDIA_ROOT point at an empty target, as an operator would run it.
"""

import datetime
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import unittest
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings

from apps.audit.models import AuditEvent
from apps.orgs.models import Role, Unit
from apps.plans.models import Plan, Task, TaskUnit
from apps.portal.backup import MANIFEST, MEDIA_TAR, file_entry
from luoshi.test import make_unit, make_user

BASE_DIR = Path(__file__).resolve().parents[3]
SETTINGS_VARS = ("DATABASE_URL", "MEDIA_ROOT", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "LUOSHI_DEMO")
MEDIA = {
    "evidence/2026/12/整改报告.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 40,
    "evidence/2026/12/现场照片 1.jpg": b"\xff\xd8\xff\xe0" + os.urandom(5000),
    "documents/2026/11/讲话.docx": b"PK\x03\x04" + b"\x00" * 100,
    "exports/empty.xlsx": b"",
}


def make_data():
    city = make_unit("定西市", Unit.Kind.CITY)
    fgw = make_unit("市发改委", Unit.Kind.DEPARTMENT, city)
    alice = make_user("alice", fgw, Role.REPORTER)
    plan = Plan.objects.create(
        title="2026年工作要点", year=2026, owner_unit=city, status=Plan.Status.PUBLISHED
    )
    for n in range(1, 31):
        task = Task.objects.create(
            plan=plan,
            code=f"1.{n}",
            title=f"建成高标准农田{n}万亩",
            description='深化要素市场化改革 ‘引号’ "quotes" \n 换行',
            due_date=datetime.date(2026, 12, 31),
            kind=Task.Kind.REFORM,
        )
        TaskUnit.objects.create(task=task, unit=fgw, role=TaskUnit.Role.LEAD)
    AuditEvent.objects.create(
        actor=alice,
        actor_name="alice",
        action=AuditEvent.Action.LOGIN,
        changes={"键": [1, None]},
        ip="10.1.1.1",
    )


def write_media(root: Path):
    for relative, content in MEDIA.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def child_env(**env):
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARS}
    return {**clean, "DJANGO_SETTINGS_MODULE": "luoshi.settings", "LUOSHI_DEMO": "1", **env}


def manage(args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=child_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def rows_of(cursor, vendor, table):
    """Every row of table, in a form both sides give alike: SQLite's stored values, PostgreSQL's row text."""
    if vendor == "postgresql":
        cursor.execute(f'SELECT t::text FROM "{table}" t')
    else:
        cursor.execute(f'SELECT * FROM "{table}"')
    return sorted(cursor.fetchall(), key=repr)


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


class RoundTripMixin:
    def setUp(self):
        super().setUp()
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tmp = Path(tmp.name)
        self.media = self.tmp / "media"
        self.target_media = self.tmp / "restored-media"
        write_media(self.media)
        make_data()

    def back_up(self):
        out = self.tmp / "backup"
        with override_settings(MEDIA_ROOT=str(self.media)):
            call_command("backup", str(out), stdout=io.StringIO())
        return out

    def assert_same_tables(self, target_cursor):
        tables = connection.introspection.table_names()
        self.assertIn("plans_task", tables)
        connection.ensure_connection()
        source = connection.connection.cursor()
        for table in tables:
            rows = rows_of(source, connection.vendor, table)
            self.assertEqual(rows_of(target_cursor, connection.vendor, table), rows, table)
        self.assertEqual(len(rows_of(source, connection.vendor, "plans_task")), 30)
        return tables

    def assert_same_files(self):
        restored = files_of(self.target_media)
        self.assertEqual(set(restored), set(MEDIA))
        self.assertEqual(restored, files_of(self.media))


@unittest.skipUnless(connection.vendor == "sqlite", "the suite runs on PostgreSQL")
class SqliteRoundTripTestCase(RoundTripMixin, TransactionTestCase):
    def test_it_restores_every_row_and_every_file(self):
        out = self.back_up()
        manifest = json.loads((out / MANIFEST).read_text())
        self.assertEqual(manifest["tables"]["plans_task"], 30)
        self.assertEqual(set(manifest["media"]["files"]), set(MEDIA))
        self.assertIn("0001_initial", manifest["migrations"]["plans"])

        target = self.tmp / "restored.sqlite3"
        env = {"DATABASE_URL": f"sqlite:///{target}", "MEDIA_ROOT": str(self.target_media)}
        result = manage(["restore", str(out)], **env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("as in the manifest", result.stdout)

        restored = sqlite3.connect(target, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
        self.addCleanup(restored.close)
        tables = self.assert_same_tables(restored.cursor())
        self.assertEqual(len(tables), len(manifest["tables"]))
        self.assert_same_files()

        # a second restore over the restored database is refused, and --force replaces it
        again = manage(["restore", str(out)], **env)
        self.assertEqual(again.returncode, 1)
        self.assertIn("is not empty", again.stderr)
        forced = manage(["restore", "--force", str(out)], **env)
        self.assertEqual(forced.returncode, 0, forced.stderr)
        self.assert_same_files()


@unittest.skipUnless(connection.vendor == "postgresql", "the suite runs on SQLite")
class PostgresRoundTripTestCase(RoundTripMixin, TransactionTestCase):
    def scratch_database(self):
        name = f"{connection.settings_dict['NAME']}_restore"[:63]
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        self.addCleanup(drop)
        return name

    def test_it_restores_every_row_and_every_file(self):
        out = self.back_up()
        self.assertTrue((out / "db.dump").is_file())
        name = self.scratch_database()
        s = connection.settings_dict
        user = quote(s["USER"] or "") + (":" + quote(s["PASSWORD"]) if s["PASSWORD"] else "")
        url = f"postgres://{user}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"
        result = manage(["restore", str(out)], DATABASE_URL=url, MEDIA_ROOT=str(self.target_media))
        self.assertEqual(result.returncode, 0, result.stderr)

        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as restored:
            self.assert_same_tables(restored.cursor())
        self.assert_same_files()


class RefusalTestCase(TransactionTestCase):
    """Refusals leave the suite's database and MEDIA_ROOT as they were. (A TransactionTestCase: SQLite's
    online backup cannot copy a database while its own connection holds a transaction open.)"""

    def setUp(self):
        make_data()
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tmp = Path(tmp.name)
        self.media = self.tmp / "media"
        write_media(self.media)
        self.out = self.tmp / "backup"
        override = override_settings(MEDIA_ROOT=str(self.media))
        override.enable()
        self.addCleanup(override.disable)
        call_command("backup", str(self.out), stdout=io.StringIO())

    def restore(self, *args):
        with self.assertRaises(CommandError) as raised:
            call_command("restore", str(self.out), *args, stdout=io.StringIO())
        self.assertEqual(Task.objects.count(), 30)
        self.assertEqual(files_of(self.media), MEDIA)
        return str(raised.exception)

    def edit_manifest(self, change):
        manifest = json.loads((self.out / MANIFEST).read_text())
        change(manifest)
        (self.out / MANIFEST).write_text(json.dumps(manifest))

    def test_it_refuses_to_write_into_a_non_empty_directory(self):
        with self.assertRaisesMessage(CommandError, "is not empty"):
            call_command("backup", str(self.out), stdout=io.StringIO())

    def test_it_refuses_a_non_empty_target(self):
        self.assertIn("is not empty", self.restore())

    def test_it_refuses_a_directory_without_a_manifest(self):
        (self.out / MANIFEST).unlink()
        self.assertIn("not a backup", self.restore())

    def test_it_refuses_a_damaged_archive(self):
        with open(self.out / MEDIA_TAR, "r+b") as f:
            f.seek(600)
            f.write(b"X")
        self.assertIn("does not match its checksum", self.restore("--force"))

    def test_it_refuses_a_backup_from_a_newer_version(self):
        self.edit_manifest(lambda m: m["migrations"]["plans"].append("9999_from_the_future"))
        self.assertIn("plans.9999_from_the_future", self.restore())

    def test_it_checks_every_media_file_before_touching_the_database(self):
        # a media.tar whose archive checksum is right but whose file differs from the manifest's entry
        tar_path = self.out / MEDIA_TAR
        with tarfile.open(tar_path, "w") as tar:
            for relative, content in MEDIA.items():
                info = tarfile.TarInfo(relative)
                data = content.replace(b"%PDF", b"%PDX")
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        entry = file_entry(tar_path)
        self.edit_manifest(lambda m: m["media"].update(entry))
        self.assertIn("media files unpacked do not match", self.restore("--force"))
        self.assertFalse((self.media / ".restoring").exists())

    def test_it_writes_a_manifest_with_versions_counts_and_checksums(self):
        manifest = json.loads((self.out / MANIFEST).read_text())
        self.assertEqual(manifest["versions"]["django"].split(".")[0], "5")
        self.assertEqual(manifest["tables"]["plans_task"], 30)
        self.assertEqual(manifest["tables"]["plans_taskunit"], 30)
        database = manifest["database"]
        self.assertEqual(database, {**database, **file_entry(self.out / database["file"])})
        pdf = manifest["media"]["files"]["evidence/2026/12/整改报告.pdf"]
        self.assertEqual(pdf, file_entry(self.media / "evidence/2026/12/整改报告.pdf"))
