"""What 承接落实 does when apps below it tell something (connected in apps.py): a plan published gets its
links to its parent plans proposed, in a job queued once the publishing transaction has committed."""

from .jobs import queue_suggest


def suggest_on_publish(sender, plan, actor, **kwargs) -> None:
    queue_suggest(plan, actor)
