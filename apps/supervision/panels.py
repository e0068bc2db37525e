"""The supervision panel of the task page (apps.portal composes the page)."""

from django.utils import timezone

from . import rules
from .access import can_issue_notice, lead_unit_of, visible_closeouts, visible_notices
from .access_extensions import can_ask_extension, can_decide_extension
from .access_instructions import can_instruct, visible_instructions
from .forms_procedure import ExtensionForm
from .models import CloseOut


def task_panel(user, task, today=None) -> dict:
    """Context for `supervision/_task_supervision.html` on the task page: `{"supervision": {...}}`."""
    today = today or timezone.localdate()
    notices = list(visible_notices(user).filter(task=task).select_related("unit", "issued_by"))
    for notice in notices:
        notice.task = task  # its plan's ladder colours them
    closeouts = list(visible_closeouts(user, task).select_related("unit", "applied_by", "decided_by"))
    pending = any(c.status in CloseOut.PENDING for c in closeouts)
    closed_out = any(c.status == CloseOut.Status.APPROVED for c in closeouts)
    can_ask = can_ask_extension(user, task)
    return {
        "supervision": {
            "task": task,
            "notices": rules.annotate(notices, today),
            "closeouts": closeouts,
            "can_issue_notice": can_issue_notice(user, task),
            "can_apply_closeout": lead_unit_of(user, task) is not None and not (pending or closed_out),
            "can_instruct": can_instruct(user),
            "instructions": list(
                visible_instructions(user)
                .filter(task=task)
                .select_related("leader", "unit")
                .order_by("-issued_at")
            ),
            "extensions": list(task.extensions.select_related("asked_by")),
            "can_ask_extension": can_ask
            and task.due_date is not None
            and today <= task.due_date
            and not (task.is_archived or task.closed_out_on),
            "can_decide_extension": can_decide_extension(user, task),
            "extension_form": ExtensionForm() if can_ask else None,
            "today": today,
        }
    }
