"""督办 and 销号 move to apps.supervision, messages to apps.notify, evidence to apps.evidence. Only the
migration state moves: the tables keep their names and their rows (each model sets db_table)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cycles", "0005_evidence_owner_report_cancelled")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Delivery"),
                migrations.DeleteModel(name="Channel"),
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="Evidence"),
                migrations.DeleteModel(name="Notice"),
                migrations.DeleteModel(name="CloseOut"),
            ],
            database_operations=[],
        )
    ]
