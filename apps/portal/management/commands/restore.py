from django.core.management.base import BaseCommand, CommandError

from apps.portal.backup import BackupError
from apps.portal.restore import restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup` into the configured database and MEDIA_ROOT. Refuses a "
        "non-empty target unless --force; checks the manifest first and the row counts and files afterwards. "
        "Stop the app servers and workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="DIR")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a non-empty database and MEDIA_ROOT, and accept a backup from a newer version",
        )

    def handle(self, *args, **options):
        try:
            lines = restore(options["source"], using=options["database"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        for line in lines:
            self.stdout.write(line)
