"""Who may write, read and answer 领导批示.

- 领导 write 批示 on what they see (a task, a progress report, a 督办单, a rectification item) to a unit of their jurisdiction; their
  我的批示 list holds what they wrote.
- Oversight roles read the 批示 of their jurisdiction; the named unit's staff read and answer theirs.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from apps.orgs.access import is_oversight, is_unit_staff_of
from apps.orgs.models import UNIT_ROLES, Role
from apps.plans.access import jurisdiction_ids

from .models import Instruction


def can_instruct(user) -> bool:
    """领导: writes 批示."""
    return user is not None and user.is_authenticated and user.has_role(Role.LEADER)


def visible_instructions(user):
    items = Instruction.objects.all()
    if not user.is_authenticated or user.unit_id is None:
        return items.none()
    if is_oversight(user):
        ids = jurisdiction_ids(user)
        return items if ids is None else items.filter(Q(unit_id__in=ids) | Q(leader=user))
    if user.has_role(*UNIT_ROLES):
        return items.filter(unit__path__startswith=user.unit.path)
    return items.none()


def get_instruction_for_user(user, pk, *, answer=False) -> Instruction:
    item = (
        visible_instructions(user)
        .select_related("leader", "task", "rectification", "report__unit", "notice", "unit", "answered_by")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404("批示不存在")
    if answer and not is_unit_staff_of(user, item.unit):
        raise PermissionDenied("只有承办单位可以报告办理情况")
    return item


def instructions_to_answer(user):
    """我的待办: unanswered 批示 to the user's unit (or one below it), for its reporters and approvers."""
    if (
        not user.is_authenticated
        or user.unit_id is None
        or is_oversight(user)
        or not user.has_role(*UNIT_ROLES)
    ):
        return Instruction.objects.none()
    return Instruction.objects.filter(
        unit__path__startswith=user.unit.path, answered_at__isnull=True
    ).order_by("answer_by", "id")
