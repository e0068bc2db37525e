"""Evidence, moved from apps.cycles: state only, the table stays."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from lib.migrations import move_content_types



class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cycles", "0006_move_to_notify_evidence_supervision"),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Evidence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('owner_id', models.PositiveBigIntegerField()),
                        ('file', models.FileField(upload_to='evidence/%Y/%m/')),
                        ('name', models.CharField(max_length=255, verbose_name='文件名')),
                        ('kind', models.CharField(max_length=10)),
                        ('size', models.PositiveIntegerField()),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                        ('owner_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='contenttypes.contenttype')),
                        ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'cycles_evidence',
                        'indexes': [models.Index(fields=['owner_type', 'owner_id'], name='evidence_owner_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(*move_content_types("cycles", "evidence", ['evidence'])),
    ]
