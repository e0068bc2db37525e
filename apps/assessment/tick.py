"""The 年督考 step of `tick`: 月考季评 — when a month (or quarter) of a published scheme's year has ended, its
running score as of that period's last day is queued, once."""

import datetime

from django.db import transaction

from apps.audit import actions as audit
from apps.audit.models import AuditEvent

from .jobs import score_run_job
from .models import Scheme, ScoreRun


def last_period_end(running: str, today: datetime.date) -> datetime.date:
    """The last day of the latest month (or quarter) that ended before `today`."""
    first_of_month = today.replace(day=1)
    if running == Scheme.Running.QUARTER:
        first_of_month = first_of_month.replace(month=(today.month - 1) // 3 * 3 + 1)
    return first_of_month - datetime.timedelta(days=1)


def running_scores(today: datetime.date) -> int:
    queued = 0
    schemes = Scheme.objects.filter(
        status=Scheme.Status.PUBLISHED, results_published_at__isnull=True, year__gte=today.year - 1
    )
    for scheme in schemes:
        as_of = last_period_end(scheme.running, today)
        if as_of.year != scheme.year or scheme.runs.filter(as_of=as_of, final=False).exists():
            continue
        with transaction.atomic():
            run = ScoreRun.objects.create(scheme=scheme, as_of=as_of, requested_by=scheme.created_by)
            audit.record(
                None, AuditEvent.Action.CREATE, run, {"as_of": [None, str(as_of)]}, actor_name="tick"
            )
            transaction.on_commit(lambda pk=run.pk: score_run_job.enqueue(pk))
        queued += 1
    return queued
