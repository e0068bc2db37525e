"""Who may see and enter 主要经济指标 — the only module of this app that reads roles.

- 统计局 (Role.STATISTICIAN) and 牵头机关 of a jurisdiction define its indicators, set the annual targets,
  enter and import the figures of every unit in it (the city and its 县区) and the province's figures.
- A unit's 单位填报员 whose unit is a 市 or 县区 enters that unit's own figures only, and sees its own rows.
- The oversight roles (领导, 督查员, 系统管理员, 牵头机关) see every row of their jurisdiction.
- An indicator is seen by the users of the jurisdiction that defined it and of the units below it; what a
  user may not see is a 404, what they see but may not change a 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from apps.orgs.access import is_oversight
from apps.orgs.models import Role, Unit
from apps.plans.access import jurisdiction_ids

from .models import Indicator


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.unit_id is not None


def _statistician(user) -> bool:
    return _signed_in(user) and user.has_role(Role.STATISTICIAN, Role.COORDINATOR)


def _own_unit_reporter(user) -> bool:
    """A 单位填报员 of a 市 or 县区 (the units indicators have figures for)."""
    return (
        _signed_in(user)
        and user.has_role(Role.REPORTER)
        and user.unit.kind in Unit.JURISDICTION_KINDS
        and not is_oversight(user)
    )


def _in_jurisdiction(user, unit_id) -> bool:
    ids = jurisdiction_ids(user)
    return ids is None or unit_id in ids


def can_see_indicators(user) -> bool:
    """The 经济指标 menu entry."""
    return _signed_in(user) and (is_oversight(user) or _statistician(user) or _own_unit_reporter(user))


def can_manage_indicators(user) -> bool:
    """统计局 and 牵头机关: define indicators, set targets, import the 统计局's sheet."""
    return _statistician(user)


def can_manage_indicator(user, indicator) -> bool:
    return _statistician(user) and _in_jurisdiction(user, indicator.owner_unit_id)


def can_enter_for(user, unit, indicator) -> bool:
    """Whether `user` may enter `indicator`'s figures of `unit` (None: the province's figures, which only
    the 统计局/牵头机关 of the indicator's own 辖区 enter)."""
    if unit is None:
        return can_manage_indicator(user, indicator)
    if _statistician(user):
        return _in_jurisdiction(user, unit.pk)
    return _own_unit_reporter(user) and unit.pk == user.unit_id


def can_enter_figures(user) -> bool:
    return _statistician(user) or _own_unit_reporter(user)


def check_can_enter(user, units, indicator) -> None:
    for unit in units:
        if not can_enter_for(user, unit, indicator):
            raise PermissionDenied(f"无权填报“{unit.name if unit else '全省'}”的数据")


def sheet_scope(user, indicators):
    """The unit in whose tree an imported sheet's 地区 are looked up: the widest 辖区 among the indicators'
    owners at or above the user's (a county's coordinator reads the city's names — and is refused them)."""
    own = user.unit.jurisdiction()
    owners = [i.owner_unit for i in indicators if own.path.startswith(i.owner_unit.path)]
    return min(owners, key=lambda u: len(u.path), default=own)


def visible_indicators(user, *, include_archived=False):
    """The indicators of the user's jurisdiction, of the jurisdictions above it and (for a city's users) of
    the 县区 below it."""
    indicators = (
        Indicator.objects.all() if include_archived else Indicator.objects.filter(archived_at__isnull=True)
    )
    if not can_see_indicators(user):
        return indicators.none()
    above = Q(owner_unit_id__in=user.unit.ancestor_ids)
    if _own_unit_reporter(user):
        return indicators.filter(above)
    ids = jurisdiction_ids(user)
    return indicators if ids is None else indicators.filter(above | Q(owner_unit_id__in=ids))


def managed_indicators(user, *, archived=False) -> list:
    """The indicators the user manages (imports, targets), archived ones too when asked."""
    indicators = visible_indicators(user, include_archived=archived).select_related("owner_unit")
    return [i for i in indicators if can_manage_indicator(user, i)]


def sheet_indicators(user) -> list:
    """The indicators a sheet may carry figures of: all the user sees (each row's unit is then checked with
    check_can_enter, so a county's coordinator imports its own county's rows of the city's indicators)."""
    return list(visible_indicators(user).select_related("owner_unit"))


def row_units(user):
    """The units whose rows (targets, figures) the user sees: a reporter its own unit; the others the 市 and
    县区 of their jurisdiction."""
    units = Unit.objects.filter(kind__in=Unit.JURISDICTION_KINDS, archived_at__isnull=True)
    if not can_see_indicators(user):
        return units.none()
    if _own_unit_reporter(user):
        return units.filter(pk=user.unit_id)
    ids = jurisdiction_ids(user)
    return units if ids is None else units.filter(pk__in=ids)


def unit_and_below(units, focus):
    """`units` narrowed to the unit `focus` (an id, or text from a query string) and the units directly below
    it; all of `units` when `focus` is empty or not a number."""
    focus = str(focus or "")
    return units.filter(Q(pk=focus) | Q(parent_id=focus)) if focus.isdigit() else units


def entry_units(user, indicator):
    """The units whose figures of `indicator` the user may enter."""
    units = row_units(user).filter(path__startswith=indicator.owner_unit.path)
    if _statistician(user):
        return units
    return units if _own_unit_reporter(user) else units.none()


def get_indicator_for_user(user, pk, *, action=None) -> Indicator:
    """action: "manage" (edit, targets, import: 统计局/牵头机关 of the indicator's jurisdiction), "enter"
    (figures: anyone who may enter some unit's figures). An archived indicator is seen by its managers only
    (so they can restore it)."""
    indicator = (
        visible_indicators(user, include_archived=True).select_related("owner_unit").filter(pk=pk).first()
    )
    if indicator is None or (indicator.archived_at and not can_manage_indicator(user, indicator)):
        raise Http404("经济指标不存在")
    if action == "manage" and not can_manage_indicator(user, indicator):
        raise PermissionDenied("只有本辖区的统计局或牵头机关可以修改指标、设定目标、导入数据")
    if action == "enter" and not can_enter_figures(user):
        raise PermissionDenied("只有统计局、牵头机关或本单位填报员可以填报指标数据")
    return indicator
