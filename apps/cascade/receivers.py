"""What 承接落实 does when apps below it tell something (connected in apps.py): a plan published gets its
links to its parent plans proposed, in a job queued once the publishing transaction has committed (none for
a plan that carries no parent plan yet: it gets them when one is chosen)."""

from .jobs import queue_suggest
from .models import PlanParent


def suggest_on_publish(sender, plan, actor, **kwargs) -> None:
    if PlanParent.objects.filter(plan=plan).exists():
        queue_suggest(plan, actor)
