"""Evidence gets one generic owner (a report or a 销号 application today; inspections later) in place of
its two foreign keys; reports gain the status 已撤销 (their task was archived); each task keeps its lead
unit's latest accepted progress (最新进展) for the ledger. Every row is kept."""

import django.db.models.deletion
from django.db import migrations, models

STATUSES = [
    ("pending", "待填报"),
    ("draft", "草稿"),
    ("submitted", "待单位审核"),
    ("approved", "待牵头机关审核"),
    ("accepted", "已采纳"),
    ("returned", "已退回"),
    ("cancelled", "已撤销"),
]


def owners_from_foreign_keys(apps, schema_editor):
    Evidence = apps.get_model("cycles", "Evidence")
    ContentType = apps.get_model("contenttypes", "ContentType")
    rows = Evidence.objects.all()
    if not rows.exists():
        return
    report, _ = ContentType.objects.get_or_create(app_label="cycles", model="report")
    closeout, _ = ContentType.objects.get_or_create(app_label="cycles", model="closeout")
    rows.filter(report__isnull=False).update(owner_type=report, owner_id=models.F("report_id"))
    rows.filter(report__isnull=True).update(owner_type=closeout, owner_id=models.F("closeout_id"))


def foreign_keys_from_owners(apps, schema_editor):
    Evidence = apps.get_model("cycles", "Evidence")
    for row in Evidence.objects.select_related("owner_type"):
        if row.owner_type.model == "report":
            row.report_id = row.owner_id
        else:
            row.closeout_id = row.owner_id
        row.save(update_fields=["report", "closeout"])


def latest_progress(apps, schema_editor):
    Task = apps.get_model("plans", "Task")
    Report = apps.get_model("cycles", "Report")
    latest = (
        Report.objects.filter(task=models.OuterRef("pk"), status="accepted", is_lead=True)
        .exclude(narrative="")
        .order_by("-cycle__period_end", "-id")
        .values("narrative")[:1]
    )
    reported = Report.objects.filter(status="accepted", is_lead=True).exclude(narrative="")
    Task.objects.filter(pk__in=reported.values("task_id")).update(progress_note=models.Subquery(latest))


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("cycles", "0004_closeout_shortfall_reason"),
        ("plans", "0005_task_progress_note_closed_out_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="owner_type",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, to="contenttypes.contenttype"
            ),
        ),
        migrations.AddField(
            model_name="evidence", name="owner_id", field=models.PositiveBigIntegerField(null=True)
        ),
        migrations.RunPython(owners_from_foreign_keys, foreign_keys_from_owners),
        migrations.RemoveField(model_name="evidence", name="closeout"),
        migrations.RemoveField(model_name="evidence", name="report"),
        migrations.AlterField(
            model_name="evidence",
            name="owner_type",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to="contenttypes.contenttype"),
        ),
        migrations.AlterField(
            model_name="evidence", name="owner_id", field=models.PositiveBigIntegerField()
        ),
        migrations.AddIndex(
            model_name="evidence",
            index=models.Index(fields=["owner_type", "owner_id"], name="evidence_owner_idx"),
        ),
        migrations.AlterField(
            model_name="report",
            name="status",
            field=models.CharField(choices=STATUSES, default="pending", max_length=10),
        ),
        migrations.AlterField(
            model_name="reportversion",
            name="status",
            field=models.CharField(choices=STATUSES, max_length=10),
        ),
        migrations.RunPython(latest_progress, migrations.RunPython.noop),
    ]
