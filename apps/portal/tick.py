"""`manage.py tick`: every domain's scheduled step, in order, under one lease so that two servers
ticking at once do not both do the work."""

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


def run(*, today=None) -> dict:
    today = today or timezone.localdate()
    if not cycles.acquire():
        return {"skipped": "another tick holds the lease"}
    try:
        cal = work_calendar()
        result = {
            "cycles_created": cycles.plan_cycles(today, cal),
            "cycles_opened": cycles.open_due_cycles(today),
            "cycles_closed": cycles.close_due_cycles(today),
            "tasks_changed": cycles.refresh_status(today, cal),
            "rectifications_closed": finish_publicity(today),
            "tasks_closed_out": finish_closeout_publicity(today),
            "scores_queued": running_scores(today),
            "projects_relit": relight_projects(today),
            "stats_rows": refresh_stats(today),
            "messages": cycles.remind(today, cal, settings.WARN_WORKDAYS)
            + remind_late_notices(today)
            + remind_rectifications(today, cal, settings.WARN_WORKDAYS)
            + remind_projects(today),
        }
        result["delivered"], result["delivery_failures"] = deliver_pending()
        return result
    finally:
        cycles.release()
