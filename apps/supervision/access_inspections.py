"""Who may see and run 督查 (inspections, findings, conclusions) and the 整改台账.

- 牵头机关 and 督查员 of a jurisdiction run its inspections (create, record findings, conclude) and keep its
  整改台账 (create items, verify, 销号); a team member records findings in the inspections they are on.
- 领导 and 系统管理员 read everything in their jurisdiction.
- Unit staff (单位填报员, 单位审核人) see only their own unit's (and sub-units') findings, conclusions and
  rectification items — never another unit's — and answer for them: 异议, progress, 销号 application.
- What a user may not see is a 404; what they see but may not change is a 403.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from apps.orgs.access import is_oversight, is_unit_staff_of
from apps.orgs.models import UNIT_ROLES, Role, Unit, User
from apps.plans.access import jurisdiction_ids, jurisdiction_units

from .models import Conclusion, Finding, Inspection, Recheck, Rectification


def can_supervise(user) -> bool:
    """牵头机关 or 督查员: runs inspections and keeps the 整改台账 of their jurisdiction."""
    return user is not None and user.is_authenticated and user.has_role(Role.COORDINATOR, Role.INSPECTOR)


def _in_jurisdiction(user, unit_id) -> bool:
    ids = jurisdiction_ids(user)
    return ids is None or unit_id in ids


def can_supervise_for(user, owner_unit) -> bool:
    """May run inspections / keep the ledger issued by `owner_unit`."""
    return can_supervise(user) and owner_unit is not None and _in_jurisdiction(user, owner_unit.pk)


def supervised_units(user):
    """The units an inspection or a rectification item of this user may be issued by or address."""
    return jurisdiction_units(user)


def _unit_staff(user) -> bool:
    return user.is_authenticated and user.unit_id is not None and user.has_role(*UNIT_ROLES)


def visible_inspections(user):
    inspections = Inspection.objects.all()
    if not user.is_authenticated or user.unit_id is None:
        return inspections.none()
    if is_oversight(user):
        ids = jurisdiction_ids(user)
        return inspections if ids is None else inspections.filter(owner_unit_id__in=ids)
    if _unit_staff(user):  # the inspections that looked at their unit
        return inspections.filter(units__path__startswith=user.unit.path).distinct()
    return inspections.none()


def visible_findings(user):
    findings = Finding.objects.all()
    if is_oversight(user):
        return findings.filter(inspection__in=visible_inspections(user))
    if _unit_staff(user):
        return findings.filter(unit__path__startswith=user.unit.path)
    return findings.none()


def visible_rectifications(user):
    items = Rectification.objects.all()
    if not user.is_authenticated or user.unit_id is None:
        return items.none()
    if is_oversight(user):
        ids = jurisdiction_ids(user)
        if ids is None:
            return items
        return items.filter(Q(owner_unit_id__in=ids) | Q(lead_unit_id__in=ids))
    if _unit_staff(user):
        path = user.unit.path
        co = Rectification.co_units.through.objects.filter(unit__path__startswith=path).values(
            "rectification_id"
        )
        return items.filter(Q(lead_unit__path__startswith=path) | Q(pk__in=co))
    return items.none()


def _check(allowed, message="没有权限执行此操作"):
    if not allowed:
        raise PermissionDenied(message)


def get_inspection_for_user(user, pk, *, action=None) -> Inspection:
    """action: "manage" (edit, conclude: the jurisdiction's 牵头机关/督查员), "record" (add findings: also a
    team member)."""
    inspection = visible_inspections(user).select_related("owner_unit", "created_by").filter(pk=pk).first()
    if inspection is None:
        raise Http404("督查不存在")
    if action == "manage":
        _check(can_supervise_for(user, inspection.owner_unit), "只有组织督查的牵头机关或督查员可以操作")
    elif action == "record":
        _check(can_record_findings(user, inspection), "只有督查组成员可以记录督查发现")
    return inspection


def can_record_findings(user, inspection) -> bool:
    if inspection.status != Inspection.Status.UNDERWAY:
        return False
    return can_supervise_for(user, inspection.owner_unit) or (
        can_supervise(user) and inspection.team.filter(pk=user.pk).exists()
    )


def get_finding_for_user(user, pk) -> Finding:
    finding = visible_findings(user).select_related("inspection", "unit", "task").filter(pk=pk).first()
    if finding is None:
        raise Http404("督查发现不存在")
    return finding


def get_conclusion_for_user(user, pk, *, action=None) -> Conclusion:
    """action: "object" (the unit's staff lodge an 异议), "review" (the organising office decides)."""
    conclusion = (
        Conclusion.objects.select_related("inspection", "inspection__owner_unit", "unit")
        .filter(pk=pk)
        .first()
    )
    visible = conclusion is not None and (
        (is_oversight(user) and visible_inspections(user).filter(pk=conclusion.inspection_id).exists())
        or is_unit_staff_of(user, conclusion.unit)
    )
    if not visible:
        raise Http404("督查结论不存在")
    if action == "object":
        _check(is_unit_staff_of(user, conclusion.unit), "只有被督查单位可以提出异议")
    elif action == "review":
        _check(can_supervise_for(user, conclusion.inspection.owner_unit), "只有组织督查的单位可以复核")
    return conclusion


def get_rectification_for_user(user, pk, *, action=None) -> Rectification:
    """action: "manage" (edit, verify, 销号: the issuing jurisdiction's 牵头机关/督查员), "report" (progress
    and the 销号 application: the lead unit's staff)."""
    item = (
        visible_rectifications(user)
        .select_related("owner_unit", "lead_unit", "finding", "created_by")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404("整改事项不存在")
    if action == "manage":
        _check(can_supervise_for(user, item.owner_unit), "只有交办单位的牵头机关或督查员可以操作")
    elif action == "report":
        _check(is_unit_staff_of(user, item.lead_unit), "只有牵头单位可以报送整改进展")
    return item


def rectifications_to_report(user):
    """我的待办: open items led by the user's unit (or one below it) — 按月交账 until 已完成."""
    if not _unit_staff(user) or is_oversight(user):
        return Rectification.objects.none()
    return Rectification.objects.filter(
        lead_unit__path__startswith=user.unit.path,
        status__in=[Rectification.Status.NOT_STARTED, Rectification.Status.IN_PROGRESS],
    )


def issuing_offices(units) -> dict:
    """Who keeps the 整改台账 each of `units` issues: the active 牵头机关 and 督查员 whose jurisdiction is
    the unit's, by unit id. Two queries however many units and users: the accounts, the 市/县区 levels."""
    units = list(units)
    staff = [
        user
        for user in User.objects.filter(is_active=True, unit__isnull=False)
        .filter(Q(roles__icontains=f'"{Role.COORDINATOR}"') | Q(roles__icontains=f'"{Role.INSPECTOR}"'))
        .select_related("unit")
        if user.has_role(Role.COORDINATOR, Role.INSPECTOR)  # the JSON text match narrows; this decides
    ]
    chains = [u.unit.ancestor_ids for u in staff] + [unit.ancestor_ids for unit in units]
    levels = set(
        Unit.objects.filter(
            id__in={i for chain in chains for i in chain}, kind__in=Unit.JURISDICTION_KINDS
        ).values_list("id", flat=True)
    )

    def jurisdiction_id(chain):  # as Unit.jurisdiction()
        return next((i for i in reversed(chain) if i in levels), chain[0])

    by_jurisdiction = defaultdict(list)
    for user in staff:
        by_jurisdiction[jurisdiction_id(user.unit.ancestor_ids)].append(user)
    return {unit.pk: by_jurisdiction[jurisdiction_id(unit.ancestor_ids)] for unit in units}


def rectifications_to_accept(user):
    """我的待办: items of the user's jurisdiction waiting for 核查 or 审核 by a 牵头机关/督查员."""
    if not can_supervise(user):
        return Rectification.objects.none()
    ids = jurisdiction_ids(user)
    items = Rectification.objects.filter(
        status__in=[Rectification.Status.AWAITING, Rectification.Status.VERIFIED]
    )
    return items if ids is None else items.filter(owner_unit_id__in=ids)


def visible_rechecks(user):
    """回头看 samples: read by the oversight roles of the organising jurisdiction; units see the outcome on
    their own items, not the sample."""
    if not is_oversight(user):
        return Recheck.objects.none()
    ids = jurisdiction_ids(user)
    return Recheck.objects.all() if ids is None else Recheck.objects.filter(owner_unit_id__in=ids)


def get_recheck_for_user(user, pk, *, manage=False) -> Recheck:
    recheck = visible_rechecks(user).select_related("owner_unit", "drawn_by").filter(pk=pk).first()
    if recheck is None:
        raise Http404("回头看不存在")
    if manage:
        _check(can_supervise_for(user, recheck.owner_unit), "只有组织单位的牵头机关或督查员可以核查")
    return recheck


# ---- for the 督查 pages ----


def can_see_inspections(user) -> bool:
    """The 督查 menu entry: the oversight roles and unit staff."""
    return user is not None and user.is_authenticated and (is_oversight(user) or _unit_staff(user))


def team_candidates(user):
    """Who may be on an inspection team: the 督查员 and 牵头机关 of the user's jurisdiction."""
    units = jurisdiction_units(user)
    people = User.objects.filter(is_active=True, unit__in=units).order_by("unit__path", "username")
    ids = [u.pk for u in people if u.has_role(Role.COORDINATOR, Role.INSPECTOR)]
    return User.objects.filter(pk__in=ids).select_related("unit").order_by("unit__path", "username")


def sees_all_findings(user, inspection) -> bool:
    """The organising jurisdiction's oversight roles see every unit's findings; unit staff only their own."""
    return is_oversight(user) and visible_inspections(user).filter(pk=inspection.pk).exists()
