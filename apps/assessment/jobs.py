"""The scoring job (django-tasks): gather the ledger's facts for a scheme as of a day, score them with the
pure rules, store one UnitScore per unit. The pages read the stored run, never the ledger."""

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import scoring
from .gather import gather
from .models import ScoreRun, UnitScore
from .summary import summarise

logger = logging.getLogger(__name__)


@task()
def score_run_job(run_id: int) -> None:
    run = ScoreRun.objects.select_related("scheme").get(pk=run_id)
    if run.status != ScoreRun.Status.QUEUED:
        return  # already run (the worker retried it)
    ScoreRun.objects.filter(pk=run.pk).update(status=ScoreRun.Status.RUNNING)
    try:
        compute(run)
    except Exception:
        logger.exception("score run %s failed", run.pk)
        ScoreRun.objects.filter(pk=run.pk).update(
            status=ScoreRun.Status.FAILED,
            error="计分时出错，请检查考核规则后重试",
            finished_at=timezone.now(),
        )
        raise


def compute(run: ScoreRun) -> ScoreRun:
    """Score `run` and store its rows (replacing any). Deterministic: the same data gives the same rows."""
    facts = gather(run.scheme, run.as_of)
    result = scoring.score(
        facts.scheme, facts.tasks, facts.events, facts.ratings, facts.adjustments, facts.unit_names
    )
    plain = result.to_dict()["units"]  # JSON-ready, in the same order as result.units
    rows = [
        UnitScore(
            run=run,
            unit_id=unit.unit_id,
            group=unit.group,
            eligible=unit.eligible,
            total=unit.total if unit.eligible else None,
            grade=unit.grade or "",
            rank=unit.rank,
            vetoed=unit.vetoed,
            breakdown=breakdown,
            summary=summarise(breakdown, unit.grade or ""),
        )
        for unit, breakdown in zip(result.units, plain, strict=True)
    ]
    with transaction.atomic():
        UnitScore.objects.filter(run=run).delete()
        UnitScore.objects.bulk_create(rows, batch_size=500)
        run.status, run.finished_at, run.unit_count = ScoreRun.Status.DONE, timezone.now(), len(rows)
        run.save(update_fields=["status", "finished_at", "unit_count"])
    return run
