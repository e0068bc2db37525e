from django.core.management.base import BaseCommand, CommandError

from apps.portal import backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump -Fc) and MEDIA_ROOT into OUT_DIR (new or empty), "
        "with a manifest of versions, migrations, row counts and checksums. Safe while the app runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("out_dir", metavar="OUT_DIR")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        try:
            manifest = backup.create(options["out_dir"], using=options["database"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        database, media = manifest["database"], manifest["media"]
        self.stdout.write(
            f"{database['file']}: {database['vendor']}, {len(manifest['tables'])} tables, "
            f"{sum(manifest['tables'].values())} rows, {database['size']} bytes"
        )
        self.stdout.write(f"{media['file']}: {len(media['files'])} files, {media['size']} bytes")
        self.stdout.write(f"backup written to {options['out_dir']}")
