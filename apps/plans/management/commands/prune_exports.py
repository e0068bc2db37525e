from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.plans.jobs import prune_exports


class Command(BaseCommand):
    help = "Remove background ledger exports (the job and its file) older than EXPORT_KEEP_DAYS days."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, metavar="DAYS", dest="days")

    def handle(self, *args, **options):
        days = settings.EXPORT_KEEP_DAYS if options["days"] is None else options["days"]
        if days < 0:
            raise CommandError("--older-than must not be negative")
        self.stdout.write(f"删除导出文件 {prune_exports(days)} 个（{days} 天以前）")
