"""Background jobs of the plans app (django-tasks; a worker runs them: `manage.py db_worker`).

A ledger export of more than settings.EXPORT_JOB_ROWS tasks is an ExportJob: the view queues it and
shows its progress; the job writes the file under MEDIA_ROOT (exports/) for the requesting user only."""

import datetime
import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.utils import timezone
from django_tasks import task

from .access import get_plan_for_user
from .excel_export import ExportChanged, write_ledger
from .ledger import ledger_filters, ledger_tasks
from .models import ExportJob

logger = logging.getLogger(__name__)


def start_export(user, plan, query: str, filename: str, total: int) -> ExportJob:
    """Queue the export of `plan`'s ledger as `user` sees it with the filters of `query`."""
    job = ExportJob.objects.create(user=user, plan=plan, query=query, filename=filename, total=total)
    export_ledger_job.enqueue(job.pk)
    job.refresh_from_db()  # the immediate backend has already run it
    return job


@task()
def export_ledger_job(job_id: int) -> None:
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.status != ExportJob.Status.QUEUED:
        return  # already run (e.g. the worker retried it)
    job.status = ExportJob.Status.RUNNING
    job.save(update_fields=["status"])
    name = f"exports/{uuid.uuid4().hex}.xlsx"
    path = Path(settings.MEDIA_ROOT) / name
    try:
        # Checked again: the user may have lost sight of the plan since they asked.
        plan = get_plan_for_user(job.user, job.plan_id)
        tasks = ledger_tasks(job.user, plan, ledger_filters(job.user, plan, QueryDict(job.query)))
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = write_ledger(
            str(path), tasks, progress=lambda n: ExportJob.objects.filter(pk=job.pk).update(done=n)
        )
    except (Http404, PermissionDenied):
        _fail(job, path, "您已无权查看该计划")
        return
    except ExportChanged:  # tasks added, archived or reordered while the file was written
        _fail(job, path, "导出期间台账有变动，请重新导出")
        return
    except Exception:
        logger.exception("ledger export %s failed", job.pk)
        _fail(job, path, "生成文件时出错，请稍后重试")
        raise
    job.status, job.done, job.file.name, job.finished_at = ExportJob.Status.DONE, rows, name, timezone.now()
    job.save(update_fields=["status", "done", "file", "finished_at"])


def _fail(job, path, message):
    path.unlink(missing_ok=True)
    job.status, job.error, job.finished_at = ExportJob.Status.FAILED, message, timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


def prune_exports(days: int) -> int:
    """Remove export jobs created more than `days` days ago, and their files; return how many."""
    old = ExportJob.objects.filter(created_at__lt=timezone.now() - datetime.timedelta(days=days))
    count = 0
    for job in old.iterator():
        if job.file:
            job.file.delete(save=False)  # a file already gone is no error
        job.delete()
        count += 1
    return count
