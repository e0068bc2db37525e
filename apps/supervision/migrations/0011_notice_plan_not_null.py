"""Notice.plan, filled by 0010, becomes NOT NULL; the index of 我的待办's open notices by plan."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0010_notice_plan"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notice",
            name="plan",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="plans.plan"
            ),
        ),
        migrations.AddIndex(
            model_name="notice",
            index=models.Index(
                condition=models.Q(closed_at__isnull=True),
                fields=["plan", "reply_by", "id"],
                name="notice_open_by_plan",
            ),
        ),
    ]
