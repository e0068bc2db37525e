"""Notice.plan: the task's plan kept on the 督办单, so that a coordinator's open notices are found by plan
instead of through every task of the plan: added and filled from the task here, NOT NULL and indexed in 0011
(a migration of its own: on PostgreSQL the filled rows' deferred foreign-key checks would stop an ALTER TABLE
in the same transaction)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_plan(apps, schema_editor):
    Notice = apps.get_model("supervision", "Notice")
    Task = apps.get_model("plans", "Task")
    Notice.objects.update(plan_id=Subquery(Task.objects.filter(pk=OuterRef("task_id")).values("plan_id")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0014_drop_plan_leader_index"),
        ("supervision", "0009_rectification_accountability"),
    ]

    operations = [
        migrations.AddField(
            model_name="notice",
            name="plan",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="plans.plan",
            ),
        ),
        migrations.RunPython(fill_plan, migrations.RunPython.noop),
    ]
