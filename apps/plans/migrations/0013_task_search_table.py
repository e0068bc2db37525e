"""The search text in a table of its own on PostgreSQL too (apps.plans.search): the trigram indexes 0011 first
put on plans_task itself made every status update of a task rewrite them."""

from django.db import migrations

from apps.plans import search


def forwards(apps, schema_editor):
    search.drop_first_indexes(schema_editor.connection)
    search.install(schema_editor.connection)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("plans", "0012_task_live_by_plan_area")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
