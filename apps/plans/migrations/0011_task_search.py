"""The ledger's substring search index, for the database in use (apps.plans.search.install): on SQLite an FTS5
trigram table kept in step by triggers; on PostgreSQL a pg_trgm-indexed table kept in step by triggers
(migration 0013 moved it there from trigram indexes on plans_task itself)."""

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
