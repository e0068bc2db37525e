"""The ledger's Chinese substring search over a task's 任务名称, 任务描述 and 编号, backed by an index of the
database in use (the results are those of LIKE '%word%' on each field, case-insensitive). Both keep the
searched text in a table of its own, `plans_task_search`, kept in step by triggers on plans_task, so the
many writes that change only a task's status, light or percent (the tick's, at province scale) never touch
the text index: trigram GIN indexes on plans_task itself made bulk status updates three times slower.

- PostgreSQL: (task_id, plan_id, text) with text = UPPER(title ␠ description ␠ code) — a word has no space,
  so it matches the text exactly when it matches one field — under a pg_trgm GIN index; in one plan's ledger
  the plan's rows are found first on the plan_id index when the word is shorter than a trigram.
- SQLite: an FTS5 table with the trigram tokenizer (external content: the rows of plans_task); a word of
  three characters or more is looked up there, a shorter one falls back to LIKE on the task itself.

`install` (migrations 0011, 0013) creates what the database needs and fills it; `repair` (after every
migrate) puts back the SQLite triggers when a migration rebuilt plans_task — SQLite drops a table's
triggers with it — and rebuilds the index from the table.
"""

from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL

FIELDS = ("title", "description", "code")
MIN_TRIGRAM = 3
TABLE = "plans_task_search"

_TEXT = "UPPER({0}.title || ' ' || {0}.description || ' ' || {0}.code)"
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE TABLE IF NOT EXISTS {TABLE} (task_id bigint PRIMARY KEY, plan_id bigint NOT NULL, text text NOT NULL)",
    f"""CREATE OR REPLACE FUNCTION {TABLE}_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM {TABLE} WHERE task_id = OLD.id;
        ELSE
            INSERT INTO {TABLE} (task_id, plan_id, text) VALUES (NEW.id, NEW.plan_id, {_TEXT.format("NEW")})
            ON CONFLICT (task_id) DO UPDATE SET plan_id = EXCLUDED.plan_id, text = EXCLUDED.text;
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION {TABLE}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN TRUNCATE {TABLE}; RETURN NULL; END $$""",
    f"DROP TRIGGER IF EXISTS {TABLE}_sync ON plans_task",
    f"""CREATE TRIGGER {TABLE}_sync AFTER INSERT OR DELETE OR UPDATE OF title, description, code, plan_id
    ON plans_task FOR EACH ROW EXECUTE FUNCTION {TABLE}_sync()""",
    f"DROP TRIGGER IF EXISTS {TABLE}_truncate ON plans_task",
    f"""CREATE TRIGGER {TABLE}_truncate AFTER TRUNCATE ON plans_task
    FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_truncate()""",
    f"""INSERT INTO {TABLE} (task_id, plan_id, text) SELECT t.id, t.plan_id, {_TEXT.format("t")}
    FROM plans_task t ON CONFLICT (task_id) DO NOTHING""",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_plan ON {TABLE} (plan_id)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_trgm ON {TABLE} USING gin (text gin_trgm_ops)",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_sync ON plans_task",
    f"DROP TRIGGER IF EXISTS {TABLE}_truncate ON plans_task",
    f"DROP FUNCTION IF EXISTS {TABLE}_sync()",
    f"DROP FUNCTION IF EXISTS {TABLE}_truncate()",
    f"DROP TABLE IF EXISTS {TABLE}",
]
# what migration 0011 first made: trigram indexes on plans_task itself (dropped by 0013)
POSTGRESQL_FIRST_INDEXES = [f"DROP INDEX IF EXISTS task_{field}_trgm" for field in FIELDS]

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
    plan's (the ledger's), so only its rows of the search table are read."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        pattern = f"%{connection.ops.prep_for_like_query(word)}%"
        if plan is None:
            sql, params = f"SELECT task_id FROM {TABLE} WHERE text LIKE UPPER(%s)", [pattern]
        else:
            sql = f"SELECT task_id FROM {TABLE} WHERE plan_id = %s AND text LIKE UPPER(%s)"
            params = [plan.pk, pattern]
        return Q(pk__in=RawSQL(sql, params))
    if connection.vendor == "sqlite" and len(word) >= MIN_TRIGRAM:
        phrase = '"' + word.replace('"', '""') + '"'  # the word as text, never as FTS5 query syntax
        return Q(pk__in=RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [phrase]))
    return Q(title__icontains=word) | Q(description__icontains=word) | Q(code__icontains=word)


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


def drop_first_indexes(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in POSTGRESQL_FIRST_INDEXES:
                cursor.execute(sql)


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
