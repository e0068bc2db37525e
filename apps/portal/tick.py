"""`manage.py tick`: every domain's scheduled step, in order, under one lease so that two servers
ticking at once do not both do the work. The lease is renewed as the run goes (before each step, and inside
the long ones); a run that finds it taken by another server stops where it is."""

import contextlib
import logging
from collections import defaultdict

from django.conf import settings
from django.utils import timezone

from apps.assessment.tick import running_scores
from apps.cycles import tick as cycles
from apps.cycles.calendar import work_calendar
from apps.dashboard.stats import refresh_if_due as refresh_stats
from apps.notify.delivery import deliver_pending
from apps.projects.lights import relight as relight_projects
from apps.projects.reminders import remind_overdue as remind_projects
from apps.supervision.actions import finish_closeout_publicity
from apps.supervision.actions_inspections import finish_publicity
from apps.supervision.messages import remind_late_notices
from apps.supervision.reminders import remind_rectifications

log = logging.getLogger(__name__)


def steps(today, cal, keep):
    """(step, the result it counts into, what it does), in the order they run."""
    warn = settings.WARN_WORKDAYS
    return [
        ("plan_cycles", "cycles_created", lambda: cycles.plan_cycles(today, cal)),
        ("open_cycles", "cycles_opened", lambda: cycles.open_due_cycles(today)),
        ("close_cycles", "cycles_closed", lambda: cycles.close_due_cycles(today)),
        ("refresh_status", "tasks_changed", lambda: cycles.refresh_status(today, cal, keep=keep)),
        ("finish_publicity", "rectifications_closed", lambda: finish_publicity(today)),
        ("finish_closeouts", "tasks_closed_out", lambda: finish_closeout_publicity(today)),
        ("running_scores", "scores_queued", lambda: running_scores(today)),
        ("relight_projects", "projects_relit", lambda: relight_projects(today)),
        ("queue_stats", "stats_queued", lambda: refresh_stats(today)),
        ("remind_cycles", "messages", lambda: cycles.remind(today, cal, warn)),
        ("remind_notices", "messages", lambda: remind_late_notices(today)),
        ("remind_rectifications", "messages", lambda: remind_rectifications(today, cal, warn)),
        ("remind_projects", "messages", lambda: remind_projects(today)),
        ("deliver", "delivered", lambda: deliver_pending(keep=keep)),
    ]


def run(*, today=None, step=None) -> dict:
    """One tick. `step(name)`: a context manager around each step (the benchmark times them with it)."""
    today = today or timezone.localdate()
    lease = cycles.take()
    if lease is None:
        return {"skipped": "another tick holds the lease"}
    result = defaultdict(int)
    try:
        cal = work_calendar()
        for name, key, work in steps(today, cal, lease.keep):
            lease.keep()
            with step(name) if step else contextlib.nullcontext():
                value = work()
            if key == "delivered":
                result["delivered"], result["delivery_failures"] = value
            else:
                result[key] += value
    except cycles.LeaseLost:
        log.warning("tick stopped: another runner took the lease")
        result["stopped"] = "another tick took the lease"
    finally:
        lease.release()
    return dict(result)
