"""Notice (督办单) and CloseOut (销号), moved from apps.cycles: state only, the tables stay."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from lib.migrations import move_content_types



def closed_out_days(apps, schema_editor):
    """Each task's 销号 day, from its approved application, kept on the task for the status rules."""
    Task = apps.get_model("plans", "Task")
    CloseOut = apps.get_model("supervision", "CloseOut")
    for task_id, decided_at in CloseOut.objects.filter(status="approved").values_list("task_id", "decided_at"):
        Task.objects.filter(pk=task_id).update(closed_out_on=django.utils.timezone.localdate(decided_at) if decided_at else None)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cycles", "0006_move_to_notify_evidence_supervision"),
        ('orgs', '0003_unit_path_by_order'), ('plans', '0005_task_progress_note_closed_out_on'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CloseOut',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('note', models.TextField(verbose_name='完成情况说明')),
                        ('shortfall_reason', models.TextField(blank=True, verbose_name='未完成说明')),
                        ('status', models.CharField(choices=[('applied', '待审核'), ('approved', '已销号'), ('rejected', '未通过')], default='applied', max_length=10)),
                        ('applied_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('comment', models.TextField(blank=True, verbose_name='审核意见')),
                        ('applied_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('task', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='closeouts', to='plans.task', verbose_name='任务')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='orgs.unit', verbose_name='单位')),
                    ],
                    options={
                        'db_table': 'cycles_closeout',
                        'ordering': ['-applied_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Notice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('level', models.PositiveSmallIntegerField(choices=[(1, '提醒'), (2, '催办'), (3, '督办'), (4, '通报')], verbose_name='级别')),
                        ('reason', models.TextField(verbose_name='督办事由')),
                        ('reply_by', models.DateField(verbose_name='回复期限')),
                        ('issued_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('reply', models.TextField(blank=True, verbose_name='办理情况')),
                        ('replied_at', models.DateTimeField(blank=True, null=True)),
                        ('closed_at', models.DateTimeField(blank=True, null=True)),
                        ('issued_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('replied_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('task', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='notices', to='plans.task', verbose_name='任务')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='notices', to='orgs.unit', verbose_name='单位')),
                    ],
                    options={
                        'db_table': 'cycles_notice',
                        'ordering': ['-issued_at'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(*move_content_types("cycles", "supervision", ['notice', 'closeout'])),
        migrations.RunPython(closed_out_days, migrations.RunPython.noop),
    ]
