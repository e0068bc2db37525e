"""The ledger's Chinese substring search over a task's 任务名称, 任务描述 and 编号, backed by an index of the
database in use (the results are those of LIKE '%word%', case-insensitive):

- PostgreSQL: pg_trgm GIN indexes on UPPER(title), UPPER(description) and UPPER(code) — the expressions
  Django's icontains compares — so the query stays the ORM's icontains and the LIKE is index-backed. In
  one plan's ledger each field's condition carries the plan, so PostgreSQL intersects each trigram
  bitmap with the plan's (高标准农田 is in 15,000 of 300,000 tasks, 116 of them in the province plan):
  its estimate of a '%…%' match is far too low to do that on its own.
- SQLite: an FTS5 table with the trigram tokenizer (`plans_task_search`, external content: the rows of
  plans_task, kept in step by triggers); a word of three characters or more is looked up there. A trigram
  needs three characters, so a shorter word falls back to LIKE.

`install` (migration 0011) creates what the database needs; `repair` (after every migrate) puts back the
SQLite triggers when a migration rebuilt plans_task — SQLite drops a table's triggers with it — and then
rebuilds the index from the table.
"""

from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL

FIELDS = ("title", "description", "code")
MIN_TRIGRAM = 3
TABLE = "plans_task_search"

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS task_{field}_trgm ON plans_task "
        f"USING gin (UPPER({field}) gin_trgm_ops)"
        for field in FIELDS
    ),
]
POSTGRESQL_DROP = [f"DROP INDEX CONCURRENTLY IF EXISTS task_{field}_trgm" for field in FIELDS]

_COLUMNS = ", ".join(FIELDS)
_NEW = ", ".join(f"new.{field}" for field in FIELDS)
_OLD = ", ".join(f"old.{field}" for field in FIELDS)
_INSERT = f"INSERT INTO {TABLE}(rowid, {_COLUMNS}) VALUES (new.id, {_NEW});"
_DELETE = f"INSERT INTO {TABLE}({TABLE}, rowid, {_COLUMNS}) VALUES ('delete', old.id, {_OLD});"
SQLITE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({_COLUMNS}, content='plans_task', "
    "content_rowid='id', tokenize='trigram')"
)
SQLITE_TRIGGERS = {
    f"{TABLE}_insert": f"AFTER INSERT ON plans_task BEGIN {_INSERT} END",
    f"{TABLE}_delete": f"AFTER DELETE ON plans_task BEGIN {_DELETE} END",
    f"{TABLE}_update": f"AFTER UPDATE OF {_COLUMNS} ON plans_task BEGIN {_DELETE} {_INSERT} END",
}


def text_contains(word: str, using: str = "default", plan=None) -> Q:
    """Tasks whose title, description or code contains `word` (any case); `plan`: the tasks are that
    plan's (the ledger's), which PostgreSQL is told in each field's condition."""
    if connections[using].vendor == "sqlite" and len(word) >= MIN_TRIGRAM:
        phrase = '"' + word.replace('"', '""') + '"'  # the word as text, never as FTS5 query syntax
        return Q(pk__in=RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [phrase]))
    in_plan = {} if plan is None else {"plan": plan}
    return (
        Q(**in_plan, title__icontains=word)
        | Q(**in_plan, description__icontains=word)
        | Q(**in_plan, code__icontains=word)
    )


def install(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in POSTGRESQL:
                cursor.execute(sql)
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(SQLITE_TABLE)
        _create_triggers(connection)


def uninstall(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in POSTGRESQL_DROP:
                cursor.execute(sql)
        elif connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def repair(connection):
    """SQLite: when the search table exists but a trigger is missing, create the triggers and rebuild."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE name LIKE %s", [f"{TABLE}%"])
        present = {name for kind, name in cursor.fetchall() if kind in ("table", "trigger")}
    if TABLE in present and not set(SQLITE_TRIGGERS) <= present:
        _create_triggers(connection)


def _create_triggers(connection):
    with connection.cursor() as cursor:
        for name, body in SQLITE_TRIGGERS.items():
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")
