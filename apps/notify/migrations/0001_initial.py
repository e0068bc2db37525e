"""Channel, Notification and Delivery, moved from apps.cycles: state only, the tables stay."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from lib.migrations import move_content_types



class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cycles", "0006_move_to_notify_evidence_supervision"),
        ('orgs', '0003_unit_path_by_order'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Channel',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('email', '电子邮件'), ('dingtalk', '钉钉机器人'), ('wecom', '企业微信机器人')], max_length=10, verbose_name='渠道')),
                        ('address', models.CharField(max_length=500, verbose_name='邮箱或 Webhook 地址')),
                        ('enabled', models.BooleanField(default=True, verbose_name='启用')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='channels', to='orgs.unit', verbose_name='单位')),
                    ],
                    options={
                        'db_table': 'cycles_channel',
                    },
                ),
                migrations.CreateModel(
                    name='Delivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=120)),
                        ('subject', models.CharField(max_length=200)),
                        ('text', models.TextField()),
                        ('status', models.CharField(choices=[('pending', '待发送'), ('sent', '已发送'), ('failed', '发送失败')], default='pending', max_length=10)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('last_error', models.TextField(blank=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('channel', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='notify.channel')),
                    ],
                    options={
                        'db_table': 'cycles_delivery',
                        'indexes': [models.Index(fields=['status', 'next_attempt_at'], name='cycles_deli_status_9c9beb_idx')],
                        'constraints': [models.UniqueConstraint(fields=('channel', 'key'), name='deliver_once')],
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=120)),
                        ('text', models.CharField(max_length=500)),
                        ('link', models.CharField(blank=True, max_length=200)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'cycles_notification',
                        'ordering': ['-created_at'],
                        'constraints': [models.UniqueConstraint(fields=('user', 'key'), name='notify_once')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(*move_content_types("cycles", "notify", ['channel', 'notification', 'delivery'])),
    ]
