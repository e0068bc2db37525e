"""The ledger's substring search index, for the database in use (apps.plans.search): pg_trgm GIN indexes on
PostgreSQL (built CONCURRENTLY, so not in a transaction and without blocking writes to the task table),
an FTS5 trigram table kept in step by triggers on SQLite."""

from django.db import migrations

from apps.plans import search


def forwards(apps, schema_editor):
    search.install(schema_editor.connection)


def backwards(apps, schema_editor):
    search.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("plans", "0010_task_live_by_plan")]

    operations = [migrations.RunPython(forwards, backwards)]
