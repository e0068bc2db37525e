"""Who may ask for and decide a 延期申请: the unit responsible asks (a rectification item's lead unit, the
unit a 督办单 went to, a task's lead unit); the issuing side decides (the item's issuing jurisdiction, the
notice's issuer side, the task's plan coordinators). Everyone who sees the subject sees its requests."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.orgs.access import is_unit_staff_of
from apps.plans.access import can_manage_plan, visible_tasks

from .access import can_issue_notice, lead_unit_of, visible_notices
from .access_inspections import can_supervise_for, visible_rectifications
from .models import Extension, Notice, Rectification


def can_ask_extension(user, subject) -> bool:
    if isinstance(subject, Rectification):
        return is_unit_staff_of(user, subject.lead_unit)
    if isinstance(subject, Notice):
        return is_unit_staff_of(user, subject.unit)
    return lead_unit_of(user, subject) is not None


def can_decide_extension(user, subject) -> bool:
    if isinstance(subject, Rectification):
        return can_supervise_for(user, subject.owner_unit)
    if isinstance(subject, Notice):
        return can_issue_notice(user, subject.task)
    return can_manage_plan(user, subject.plan)


def _visible(user, extension) -> bool:
    if extension.item_id:
        return visible_rectifications(user).filter(pk=extension.item_id).exists()
    if extension.notice_id:
        return visible_notices(user).filter(pk=extension.notice_id).exists()
    return visible_tasks(user).filter(pk=extension.task_id).exists()


def get_extension_for_user(user, pk, *, decide=False) -> Extension:
    extension = (
        Extension.objects.select_related("item__owner_unit", "notice__task__plan", "task__plan")
        .filter(pk=pk)
        .first()
    )
    if extension is None or not _visible(user, extension):
        raise Http404("延期申请不存在")
    if decide and not can_decide_extension(user, extension.subject):
        raise PermissionDenied("只有交办方可以审批延期申请")
    return extension
