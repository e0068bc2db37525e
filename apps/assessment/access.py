"""Who may see and run 年督考.

- 牵头机关 of a jurisdiction write its schemes, publish them, enter 通报/表彰 and adjustments, run the
  scores and publish the results; 领导 of the jurisdiction rate (分管领导评价) and, with 督查员 and
  系统管理员, read everything in it.
- A unit's staff see the published schemes that assess their unit, their own unit's breakdown and — only
  when the scheme allows it — their group's ranking. Nothing of another unit.
- What a user may not see is a 404; what they see but may not change is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.orgs.access import is_oversight
from apps.orgs.models import UNIT_ROLES, Role
from apps.plans.access import jurisdiction_ids

from .models import Adjustment, Recognition, Scheme, ScoreRun, UnitScore


def _check(allowed, message="没有权限执行此操作"):
    if not allowed:
        raise PermissionDenied(message)


def _in_jurisdiction(user, unit_id) -> bool:
    ids = jurisdiction_ids(user)
    return ids is None or unit_id in ids


def can_see_assessment(user) -> bool:
    """The 考核 menu entry: oversight roles, and unit staff (their own unit's scores)."""
    return user is not None and user.is_authenticated and (is_oversight(user) or _unit_staff(user))


def can_manage_assessment(user) -> bool:
    """牵头机关: writes schemes and runs scores for their jurisdiction."""
    return user is not None and user.is_authenticated and user.has_role(Role.COORDINATOR)


def can_manage_scheme(user, scheme: Scheme) -> bool:
    return can_manage_assessment(user) and _in_jurisdiction(user, scheme.owner_unit_id)


def can_rate(user, scheme: Scheme) -> bool:
    """领导 of the jurisdiction enter the rated points (分管领导评价)."""
    return (
        user.is_authenticated
        and user.has_role(Role.LEADER)
        and _in_jurisdiction(user, scheme.owner_unit_id)
        and scheme.status == Scheme.Status.PUBLISHED
    )


def assessed_unit_ids(scheme: Scheme) -> set[int]:
    return {u for g in scheme.config.get("groups", []) for u in g.get("unit_ids", [])}


def _unit_staff(user) -> bool:
    return user.is_authenticated and user.unit_id is not None and user.has_role(*UNIT_ROLES)


def own_unit_ids(user, scheme: Scheme) -> set[int]:
    """The assessed units the user answers for (their unit and those below it)."""
    if not _unit_staff(user) or is_oversight(user):
        return set()
    ids = set(user.unit.subtree_ids())
    return ids & assessed_unit_ids(scheme)


def visible_schemes(user):
    if not user.is_authenticated or user.unit_id is None:
        return Scheme.objects.none()
    if is_oversight(user):
        ids = jurisdiction_ids(user)
        return Scheme.objects.all() if ids is None else Scheme.objects.filter(owner_unit_id__in=ids)
    if not _unit_staff(user):
        return Scheme.objects.none()
    published = Scheme.objects.exclude(status=Scheme.Status.DRAFT).filter(
        owner_unit_id__in=[*user.unit.ancestor_ids, user.unit_id]
    )
    ids = [s.pk for s in published if own_unit_ids(user, s)]  # a few schemes a year
    return Scheme.objects.filter(pk__in=ids)


def get_scheme_for_user(user, pk, *, manage=False) -> Scheme:
    scheme = visible_schemes(user).select_related("owner_unit").filter(pk=pk).first()
    if scheme is None:
        raise Http404("考核办法不存在")
    if manage:
        _check(can_manage_scheme(user, scheme), "只有本辖区的牵头机关可以操作")
    return scheme


def sees_ranking(user, scheme: Scheme) -> bool:
    return is_oversight(user) or scheme.units_see_ranking


def get_run_for_user(user, pk) -> ScoreRun:
    run = ScoreRun.objects.select_related("scheme").filter(pk=pk).first()
    if run is None or not visible_schemes(user).filter(pk=run.scheme_id).exists():
        raise Http404("计分结果不存在")
    return run


def visible_scores(user, run: ScoreRun):
    """The rows of a run the user may read: all for oversight roles; a unit's own — and its group's when
    the scheme shows units the ranking."""
    scores = UnitScore.objects.filter(run=run)
    if is_oversight(user):
        return scores
    own = own_unit_ids(user, run.scheme)
    if not own:
        return scores.none()
    if run.scheme.units_see_ranking:
        groups = scores.filter(unit_id__in=own).values("group")
        return scores.filter(group__in=groups)
    return scores.filter(unit_id__in=own)


def get_unit_score_for_user(user, run: ScoreRun, unit_id) -> UnitScore:
    """A unit's breakdown: oversight roles, and the unit's own staff (never another unit's, even when the
    ranking is shown)."""
    score = UnitScore.objects.filter(run=run, unit_id=unit_id).select_related("unit").first()
    if score is None:
        raise Http404("该单位不在计分结果中")
    if not (is_oversight(user) or unit_id in own_unit_ids(user, run.scheme)):
        raise Http404("该单位不在计分结果中")
    return score


def visible_recognitions(user):
    if not is_oversight(user):
        return Recognition.objects.none()
    ids = jurisdiction_ids(user)
    return Recognition.objects.all() if ids is None else Recognition.objects.filter(unit_id__in=ids)


def get_recognition_for_user(user, pk) -> Recognition:
    item = visible_recognitions(user).filter(pk=pk).first()
    if item is None:
        raise Http404("记录不存在")
    return item


def can_record_recognition(user, unit) -> bool:
    return can_manage_assessment(user) and _in_jurisdiction(user, unit.pk)


def get_adjustment_for_user(user, pk):
    """An adjustment's files: whoever may read the adjusted unit's breakdown in its scheme."""
    adjustment = Adjustment.objects.select_related("scheme").filter(pk=pk).first()
    if adjustment is None or not visible_schemes(user).filter(pk=adjustment.scheme_id).exists():
        raise Http404("记录不存在")
    if not (is_oversight(user) or adjustment.unit_id in own_unit_ids(user, adjustment.scheme)):
        raise Http404("记录不存在")
    return adjustment


def about_visible_units(user, scheme: Scheme, rows):
    """Rows about units of a scheme (adjustments, 结果运用) as a breakdown shows them: all for oversight
    roles, a unit's staff their own units' only."""
    return rows if is_oversight(user) else rows.filter(unit_id__in=own_unit_ids(user, scheme))
