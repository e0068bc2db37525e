from django.core.management.base import BaseCommand, CommandError

from apps.portal import prune


class Command(BaseCommand):
    help = (
        "Remove read notifications, sent deliveries and superseded autosave versions older than their "
        "retention periods (PRUNE_NOTIFICATION_DAYS, PRUNE_DELIVERY_DAYS, PRUNE_VERSION_DAYS). Audit events "
        f"are kept unless --audit-older-than DAYS (at least {prune.AUDIT_MIN_DAYS}) is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--notifications-older-than", type=int, metavar="DAYS", dest="notification_days")
        parser.add_argument("--deliveries-older-than", type=int, metavar="DAYS", dest="delivery_days")
        parser.add_argument("--versions-older-than", type=int, metavar="DAYS", dest="version_days")
        parser.add_argument(
            "--audit-older-than",
            type=int,
            metavar="DAYS",
            dest="audit_days",
            help=f"also remove audit events older than DAYS; refused below {prune.AUDIT_MIN_DAYS} (网络安全法)",
        )

    def handle(self, *args, **options):
        days = {k: options[k] for k in ("notification_days", "delivery_days", "version_days", "audit_days")}
        for name, value in days.items():
            if value is not None and value < 0:
                raise CommandError(f"{name} must not be negative")
        try:
            result = prune.run(**days)
        except ValueError as error:
            raise CommandError(str(error)) from None
        for line in result.lines():
            self.stdout.write(line)
