"""Backup and restore of the whole installation: the database and MEDIA_ROOT (uploaded documents, evidence,
exports), with a manifest that lets a restore check what it restored.

A backup is a directory:
- db.sqlite3 (SQLite, a consistent copy made with SQLite's online backup API while the app runs) or db.dump
  (PostgreSQL, `pg_dump -Fc` inside the same REPEATABLE READ snapshot the row counts were read in);
- media.tar, every file under MEDIA_ROOT (written after the database, so every file the database names is in
  it, unless it was deleted in between);
- manifest.json: versions, the applied migrations, the row count of every table, the checksum and size of
  the two archives and of every media file.

`manage.py backup OUT_DIR` and `manage.py restore DIR [--force]` call create() and restore(). docs/operations.md
describes the procedure.
"""

import datetime
import hashlib
import importlib.metadata
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

import django
from django.conf import settings
from django.db import connections, transaction

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
DB_FILES = {"sqlite": "db.sqlite3", "postgresql": "db.dump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why and what to do."""


def sha256_file(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def file_entry(path) -> dict:
    return {"sha256": sha256_file(path), "size": os.path.getsize(path)}


def media_files(root: Path, skip: str | None = None) -> dict[str, dict]:
    """Every regular file under root (relative POSIX path → checksum and size), in path order."""
    files = {}
    if not root.is_dir():
        return files
    for directory, dirnames, filenames in os.walk(root):
        if skip and Path(directory) == root:
            dirnames[:] = [d for d in dirnames if d != skip]
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(directory) / filename
            if path.is_file() and not path.is_symlink():
                files[path.relative_to(root).as_posix()] = file_entry(path)
    return files


class _HashingReader:
    """A file object for tarfile.addfile() that hashes what it hands over, so each file is read once."""

    def __init__(self, f):
        self.f = f
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        block = self.f.read(size)
        self.digest.update(block)
        return block


def write_media_tar(root: Path, tar_path: Path) -> dict[str, dict]:
    files = {}
    with tarfile.open(tar_path, "w", format=tarfile.PAX_FORMAT) as tar:
        for relative in media_files(root):
            path = root / relative
            info = tar.gettarinfo(str(path), arcname=relative)
            with open(path, "rb") as f:
                reader = _HashingReader(f)
                tar.addfile(info, reader)
            files[relative] = {"sha256": reader.digest.hexdigest(), "size": info.size}
    return files


def count_rows(cursor, quote, tables) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor) -> dict[str, list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, id")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def vendor_of(connection) -> str:
    if connection.vendor not in DB_FILES:
        raise BackupError(f"backup supports SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


def pg_env(settings_dict) -> dict:
    """The libpq environment for pg_dump/pg_restore from the DATABASES entry (the password not on argv)."""
    env = os.environ.copy()
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if sslmode := settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def run_pg_tool(args, settings_dict):
    if not shutil.which(args[0]):
        raise BackupError(f"{args[0]} not found: install the PostgreSQL client of the server's major version")
    result = subprocess.run(args, env=pg_env(settings_dict), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed ({result.returncode}): {result.stderr.strip()}")


def _dump_sqlite(connection, out: Path) -> dict:
    if connection.in_atomic_block:
        # the copy would wait for this connection's own transaction for ever
        raise BackupError("a SQLite backup cannot be taken inside a transaction")
    connection.ensure_connection()
    copy = sqlite3.connect(out / DB_FILES["sqlite"])
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        tables = [name for (name,) in cursor.fetchall()]
        counts = count_rows(cursor, connection.ops.quote_name, tables)
        migrations = applied_migrations(cursor)
    finally:
        copy.close()
    return {"server_version": sqlite3.sqlite_version, "tables": counts, "migrations": migrations}


def _dump_postgresql(connection, out: Path) -> dict:
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # the counts and pg_dump see the same snapshot, so they agree while the app keeps writing
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = connection.introspection.table_names(cursor)
        counts = count_rows(cursor, connection.ops.quote_name, tables)
        migrations = applied_migrations(cursor)
        args = [
            "pg_dump",
            "-Fc",
            "--no-password",
            f"--snapshot={snapshot}",
            "-f",
            str(out / DB_FILES["postgresql"]),
        ]
        run_pg_tool([*args, connection.settings_dict["NAME"]], connection.settings_dict)
    return {"server_version": connection.pg_version, "tables": counts, "migrations": migrations}


def create(out: Path, *, using="default", now=None) -> dict:
    """Write a backup of the database and MEDIA_ROOT into the new or empty directory out; return its manifest."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty: give a new directory for each backup")
    out.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    vendor = vendor_of(connection)
    state = _dump_sqlite(connection, out) if vendor == "sqlite" else _dump_postgresql(connection, out)
    media = Path(settings.MEDIA_ROOT)
    files = write_media_tar(media, out / MEDIA_TAR)
    manifest = {
        "format": FORMAT,
        "created": (now or datetime.datetime.now(datetime.UTC)).isoformat(),
        "versions": {
            "luoshi": importlib.metadata.version("luoshi"),
            "django": django.get_version(),
            "python": platform.python_version(),
        },
        "database": {
            "vendor": vendor,
            "server_version": state["server_version"],
            "file": DB_FILES[vendor],
            **file_entry(out / DB_FILES[vendor]),
        },
        "migrations": state["migrations"],
        "tables": state["tables"],
        "media": {"root": str(media), "file": MEDIA_TAR, **file_entry(out / MEDIA_TAR), "files": files},
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest
