"""Who may see, write and review 典型经验 — the only module of this app that reads roles.

- Unit staff (单位填报员, 单位审核人) write cases for their unit (or a unit below it), edit them while
  草稿 or 退回修改, submit them, and see every case of their unit in any status — never another unit's.
- 牵头机关 and 督查员 of a jurisdiction review the cases its units submit (采纳 / 退回修改 / 不予采纳),
  record promotions and feature accepted ones, and turn a good-practice 督查发现 of an inspection they
  organise into a draft case for the finding's unit. They see every case of the jurisdiction except the
  units' own drafts (those they started from a finding they do see).
- 领导 and 系统管理员 read the accepted cases of their jurisdiction.
- Anyone else sees nothing. What a user may not see is a 404; what they see but may not change is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from apps.notify.outbox import unit_users
from apps.orgs.access import is_oversight, is_unit_staff, is_unit_staff_of
from apps.orgs.models import UNIT_ROLES, Unit
from apps.plans.access import jurisdiction_ids, visible_tasks
from apps.supervision.access_inspections import (
    can_supervise,
    can_supervise_for,
    get_finding_for_user,
    issuing_offices,
)

from .models import Case


def _in_jurisdiction(user, unit) -> bool:
    ids = jurisdiction_ids(user)
    return ids is None or unit.pk in ids


def can_see_cases(user) -> bool:
    """The 典型经验 menu entry: unit staff and the oversight roles."""
    return user is not None and user.is_authenticated and (is_oversight(user) or is_unit_staff(user))


def can_write_cases(user) -> bool:
    """Unit staff write cases for their unit."""
    return is_unit_staff(user)


def can_review_cases(user) -> bool:
    """牵头机关 / 督查员: review, promote and feature the cases of their jurisdiction."""
    return can_supervise(user)


def can_review_case(user, case) -> bool:
    return can_review_cases(user) and _in_jurisdiction(user, case.unit)


def can_edit_case(user, case) -> bool:
    return case.editable and is_unit_staff_of(user, case.unit) and not is_oversight(user)


def sees_all_statuses(user) -> bool:
    """Whether the status filter means anything: leaders and administrators see accepted cases only."""
    return is_unit_staff(user) or can_review_cases(user)


def visible_cases(user):
    cases = Case.objects.all()
    if user is None or not user.is_authenticated or user.unit_id is None:
        return cases.none()
    if is_oversight(user):
        ids = jurisdiction_ids(user)
        if ids is not None:
            cases = cases.filter(unit_id__in=ids)
        if can_review_cases(user):
            return cases.filter(~Q(status=Case.Status.DRAFT) | Q(created_by=user))
        return cases.filter(status=Case.Status.ACCEPTED)
    if is_unit_staff(user):
        return cases.filter(unit__path__startswith=user.unit.path)
    return cases.none()


def case_units(user):
    """The units a unit's staff may write a case for: their own and those below it."""
    return user.unit.subtree() if is_unit_staff(user) else Unit.objects.none()


def case_tasks(user):
    """The tasks a case of this user may be linked to: those the user sees."""
    return visible_tasks(user)


def _check(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def get_case_for_user(user, pk, *, action=None) -> Case:
    """action: "edit" (edit, submit: the unit's staff), "review" (审核, 推广, 精选: the jurisdiction's
    牵头机关/督查员). Whether the case's status allows the step is the action function's to say."""
    case = (
        visible_cases(user)
        .select_related("unit", "finding", "finding__inspection", "created_by", "reviewed_by")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404("典型经验不存在")
    if action == "edit":
        _check(
            is_unit_staff_of(user, case.unit) and not is_oversight(user), "只有报送单位可以修改、报送典型经验"
        )
    elif action == "review":
        _check(can_review_case(user, case), "只有本辖区的牵头机关或督查员可以审核、推广典型经验")
    return case


def get_finding_for_case(user, pk):
    """A 督查发现 to turn into a case: seen by the user, of an inspection their jurisdiction organises."""
    finding = get_finding_for_user(user, pk)
    _check(
        can_supervise_for(user, finding.inspection.owner_unit),
        "只有组织督查的牵头机关或督查员可以转为典型经验",
    )
    return finding


# ---- who is told ----


def reviewers_of(unit) -> list:
    """The active 牵头机关 and 督查员 who review `unit`'s cases (its jurisdiction's)."""
    return issuing_offices([unit])[unit.pk]


def writers_of(unit) -> list:
    """The active reporters and approvers of `unit`: told of a review or of a draft made for them."""
    return unit_users([unit.pk], *UNIT_ROLES)
