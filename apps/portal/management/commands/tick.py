import datetime

from django.core.management.base import BaseCommand

from apps.portal import tick


class Command(BaseCommand):
    help = (
        "Open and close reporting cycles, derive task status and warnings, send reminders and deliver queued "
        "messages. Idempotent; safe to run every few minutes from cron or a systemd timer on several servers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="run as if today were this date (YYYY-MM-DD)"
        )

    def handle(self, *args, today=None, **options):
        result = tick.run(today=today)
        self.stdout.write(" ".join(f"{k}={v}" for k, v in result.items()))
