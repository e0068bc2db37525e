"""Background job of 承接落实 (django-tasks, run by `manage.py db_worker`): the suggestions for a lower plan,
made when it is published (receivers.py) or a published plan is given a new parent plan — matching a plan of
hundreds of tasks against its parents takes a second or two, too long to keep the request waiting."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task

from apps.plans.models import Plan

from . import actions
from .models import PlanParent


@task()
def suggest_job(plan_id: int, actor_id: int) -> int:
    """Propose the links of a published plan to each of its parent plans; nothing for a plan without one
    (or archived, or back to draft since). Returns the number of proposals."""
    plan = Plan.objects.filter(pk=plan_id, archived_at__isnull=True, status=Plan.Status.PUBLISHED).first()
    if plan is None or not PlanParent.objects.filter(plan=plan).exists():
        return 0
    actor = get_user_model().objects.get(pk=actor_id)
    return actions.suggest(plan, actor=actor)


def queue_suggest(plan, actor) -> bool:
    """Queue the suggestions of a published `plan` once the current transaction has committed (the job reads
    its rows); a draft gets its suggestions when it is published. Returns whether a job was queued."""
    if plan.status != Plan.Status.PUBLISHED:
        return False
    transaction.on_commit(lambda: suggest_job.enqueue(plan.pk, actor.pk))
    return True
