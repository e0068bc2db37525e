"""Restore a backup written by apps.portal.backup.create() into the configured database and MEDIA_ROOT.

Nothing is changed until the backup has been checked: the manifest's format, the database kind, the
checksums of the two archives, the migrations (a backup made by a newer version is refused), and that the
target database and MEDIA_ROOT are empty (or --force). The media files are unpacked into a staging
directory inside MEDIA_ROOT and checked file by file before the database is touched; afterwards every
table's row count is compared with the manifest.
"""

import json
import shutil
import sqlite3
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from apps.portal.backup import (
    FORMAT,
    MANIFEST,
    BackupError,
    count_rows,
    file_entry,
    media_files,
    run_pg_tool,
    vendor_of,
)

STAGING = ".restoring"


def read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{source} holds no {MANIFEST}: not a backup") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{MANIFEST} is unreadable: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')!r} is not {FORMAT}")
    return manifest


def check_archives(source: Path, manifest: dict) -> None:
    for entry in (manifest["database"], manifest["media"]):
        path = source / entry["file"]
        if not path.is_file():
            raise BackupError(f"{entry['file']} is missing from the backup")
        if file_entry(path) != {"sha256": entry["sha256"], "size": entry["size"]}:
            raise BackupError(f"{entry['file']} does not match its checksum in the manifest: damaged backup")


def check_migrations(manifest: dict, force: bool) -> list[str]:
    """Refuse a backup with migrations this code does not know; name the ones it still has to apply."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    unknown = sorted(applied - known)
    if unknown and not force:
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            f"the backup has {len(unknown)} migration(s) this version does not know ({names}): "
            f"restore it with luoshi {manifest['versions']['luoshi']} or newer, or use --force"
        )
    pending = sorted(known - applied)
    return [f"{len(pending)} migration(s) newer than the backup: run manage.py migrate"] if pending else []


def check_targets(connection, media: Path, force: bool) -> None:
    if force:
        return
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"the target database {connection.settings_dict['NAME']} is not empty ({len(tables)} tables): "
            "restore into an empty database, or use --force to replace it"
        )
    if media_files(media, skip=STAGING):
        raise BackupError(f"MEDIA_ROOT {media} is not empty: empty it, or use --force to replace it")


def unpack_media(source: Path, manifest: dict, media: Path) -> Path:
    staging = media / STAGING
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    with tarfile.open(source / manifest["media"]["file"]) as tar:
        tar.extractall(staging, filter="data")
    if media_files(staging) != manifest["media"]["files"]:
        shutil.rmtree(staging)
        raise BackupError("the media files unpacked do not match the manifest: damaged backup")
    return staging


def swap_media(staging: Path, media: Path) -> None:
    """Replace MEDIA_ROOT's contents with the staged ones (renames within one file system)."""
    for child in media.iterdir():
        if child == staging:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in staging.iterdir():
        child.rename(media / child.name)
    staging.rmdir()


def _restore_sqlite(connection, path: Path) -> None:
    name = str(connection.settings_dict["NAME"])
    if connection.is_in_memory_db():
        raise BackupError("the target is an in-memory SQLite database")
    connection.close()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = sqlite3.connect(name, timeout=connection.settings_dict.get("OPTIONS", {}).get("timeout", 20))
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def _restore_postgresql(connection, path: Path) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    name = connection.settings_dict["NAME"]
    args = [
        "pg_restore",
        "--no-password",
        "--no-owner",
        "--no-acl",
        "--single-transaction",
        "--exit-on-error",
    ]
    run_pg_tool([*args, "--dbname", name, str(path)], connection.settings_dict)


def check_counts(connection, manifest: dict) -> None:
    connection.close()
    with connection.cursor() as cursor:
        counts = count_rows(cursor, connection.ops.quote_name, manifest["tables"])
    wrong = [f"{t}: {counts[t]} rows, backup {n}" for t, n in manifest["tables"].items() if counts[t] != n]
    if wrong:
        raise BackupError("the restored database differs from the manifest: " + "; ".join(wrong[:5]))


def restore(source: Path, *, using="default", force=False) -> list[str]:
    """Restore the backup in source; return the lines to print. Raises BackupError before changing anything
    when the backup or the target is not right."""
    source = Path(source)
    manifest = read_manifest(source)
    connection = connections[using]
    vendor = vendor_of(connection)
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(f"the backup is of {manifest['database']['vendor']}, the target is {vendor}")
    check_archives(source, manifest)
    notes = check_migrations(manifest, force)
    media = Path(settings.MEDIA_ROOT)
    check_targets(connection, media, force)

    staging = unpack_media(source, manifest, media)
    try:
        db_file = source / manifest["database"]["file"]
        _restore_sqlite(connection, db_file) if vendor == "sqlite" else _restore_postgresql(
            connection, db_file
        )
    except BaseException:
        shutil.rmtree(staging)
        raise
    swap_media(staging, media)
    check_counts(connection, manifest)
    if media_files(media) != manifest["media"]["files"]:
        raise BackupError("MEDIA_ROOT after the restore does not match the manifest")
    rows = sum(manifest["tables"].values())
    return [
        f"restored {vendor} database {connection.settings_dict['NAME']}: {len(manifest['tables'])} tables, "
        f"{rows} rows, as in the manifest",
        f"restored {len(manifest['media']['files'])} media files into {media}, checksums as in the manifest",
        f"backup made {manifest['created']} by luoshi {manifest['versions']['luoshi']}",
        *notes,
    ]
