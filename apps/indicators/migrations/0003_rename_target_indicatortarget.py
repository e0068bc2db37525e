from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    """The annual target's model is IndicatorTarget: its audit rows' object type ("indicatortarget") no longer
    collides with plans.Target's ("target") in the audit log."""

    dependencies = [
        ("indicators", "0002_actual_peer_rank_actual_peers"),
        ("orgs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RenameModel(old_name="Target", new_name="IndicatorTarget")]
