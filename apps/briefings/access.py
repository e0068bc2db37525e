"""Who may see and write 督查通报. Kept simple, on the plans' own rules (apps.plans.access):

- 牵头机关 who may manage a plan (its jurisdiction's coordinators) generate, edit and publish its 通报,
  and see its drafts;
- everyone who sees the plan — the oversight roles of its jurisdiction, and unit staff of the units with
  tasks in it (published plans only) — reads its published 通报;
- a draft the user may not manage, or a 通报 of a plan the user does not see, is a 404; a visible
  通报 the user may not change is a 403;
- a background generation job is seen by the user who started it alone.

A 通报 of all plans of a jurisdiction (Briefing.scope, a 市/县区) follows the same rules over the
jurisdiction: the coordinators whose jurisdiction covers it generate, edit and publish it (a coordinator's
own is their 市/县区, `briefing_scope`); the oversight roles whose jurisdiction covers it, and the unit staff
of the units in it, read it once published.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from apps.orgs.models import UNIT_ROLES, Unit
from apps.plans.access import (
    can_manage_plan,
    can_manage_plans,
    get_plan_for_user,
    jurisdiction_ids,
    visible_plans,
)

from .models import Briefing, BriefingJob, BriefingTemplate


def can_manage_briefings(user, plan) -> bool:
    return can_manage_plan(user, plan)


def _covers(user, scope_id) -> bool:
    ids = jurisdiction_ids(user)
    return ids is None or scope_id in ids


def can_manage_scope(user, scope) -> bool:
    """Generate, edit and publish the 通报 of all plans of the jurisdiction `scope`."""
    return can_manage_plans(user) and _covers(user, scope.pk)


def can_manage_briefing(user, briefing) -> bool:
    if briefing.plan_id:
        return can_manage_briefings(user, briefing.plan)
    return can_manage_scope(user, briefing.scope)


def briefing_scope(user):
    """The jurisdiction whose all-plans 通报 the user generates (a coordinator's 市/县区), or None."""
    if not can_manage_plans(user):
        return None
    return user.unit.jurisdiction()


def _scopes_read(user) -> Q:
    """The jurisdiction 通报 the user may read once published, as a filter on Briefing."""
    if not user.is_authenticated or user.unit_id is None:
        return Q(pk__in=[])
    if user.is_oversight:
        ids = jurisdiction_ids(user)
        return Q(scope__isnull=False) if ids is None else Q(scope_id__in=ids)
    if user.has_role(*UNIT_ROLES):
        return Q(scope_id__in=user.unit.ancestor_ids)
    return Q(pk__in=[])


def _scopes_managed(user) -> Q:
    if not can_manage_plans(user):
        return Q(pk__in=[])
    ids = jurisdiction_ids(user)
    return Q(scope__isnull=False) if ids is None else Q(scope_id__in=ids)


def get_scope_for_briefings(user, pk) -> Unit:
    """The jurisdiction of an all-plans 通报 the user generates: their own 市/县区 or one it covers."""
    try:
        scope = Unit.objects.filter(pk=int(pk), kind__in=Unit.JURISDICTION_KINDS).first()
    except (
        TypeError,
        ValueError,
    ):  # none posted (a user without a jurisdiction of their own), or not a number
        scope = None
    if scope is None or not can_manage_scope(user, scope):
        raise PermissionDenied("只有本辖区牵头机关可以生成全部计划的通报")
    return scope


def can_see_briefings(user) -> bool:
    """The 通报 menu entry: anyone who sees a plan."""
    return user is not None and user.is_authenticated and user.unit_id is not None


def visible_briefings(user, plan=None):
    """The 通报 the user may read: published ones of the plans they see, and drafts of those they manage;
    without `plan`, the jurisdiction 通报 too (published ones they read, drafts of those they manage)."""
    plans = visible_plans(user)
    if plan is not None:
        plans = plans.filter(pk=plan.pk)
    related = ("plan", "scope", "owner_unit")
    briefings = Briefing.objects.filter(plan__in=plans).select_related(*related)
    if plan is not None and can_manage_briefings(user, plan):
        return briefings
    published = briefings.filter(status=Briefing.Status.PUBLISHED)
    if plan is not None:
        return published
    published = Briefing.objects.filter(
        Q(plan__in=plans) | _scopes_read(user), status=Briefing.Status.PUBLISHED
    ).select_related(*related)
    if not can_manage_plans(user):
        return published
    managed = [p.pk for p in plans.select_related("owner_unit") if can_manage_plan(user, p)]
    drafts = Briefing.objects.filter(Q(plan_id__in=managed) | _scopes_managed(user)).select_related(*related)
    return published | drafts


def briefing_plans(user):
    """The plans whose 通报 page the user may open (those they see)."""
    return visible_plans(user).select_related("owner_unit")


def get_plan_for_briefings(user, pk, *, manage=False):
    plan = get_plan_for_user(user, pk)
    if manage and not can_manage_briefings(user, plan):
        raise PermissionDenied("只有本辖区牵头机关可以生成和发布通报")
    return plan


def _reads(user, briefing) -> bool:
    if briefing.plan_id:
        return visible_plans(user).filter(pk=briefing.plan_id).exists()
    return Briefing.objects.filter(_scopes_read(user) | _scopes_managed(user), pk=briefing.pk).exists()


def get_briefing_for_user(user, pk, *, manage=False) -> Briefing:
    try:
        briefing = Briefing.objects.select_related("plan", "scope", "owner_unit", "published_by").get(pk=pk)
    except Briefing.DoesNotExist:
        raise Http404("通报不存在") from None
    if not _reads(user, briefing):
        raise Http404("通报不存在")
    manager = can_manage_briefing(user, briefing)
    if briefing.status == Briefing.Status.DRAFT and not manager:
        raise Http404("通报不存在")
    if manage and not manager:
        raise PermissionDenied("只有本辖区牵头机关可以修改和发布通报")
    return briefing


def get_briefing_job_for_user(user, pk) -> BriefingJob:
    """A generation job is its requester's only: anyone else gets a 404."""
    try:
        return BriefingJob.objects.select_related("plan", "scope", "briefing").get(pk=pk, user=user)
    except BriefingJob.DoesNotExist:
        raise Http404("任务不存在") from None


def get_template_scope(user) -> Unit:
    """The issuing unit whose Word templates the user keeps: a coordinator's 市/县区."""
    scope = briefing_scope(user)
    if scope is None:
        raise PermissionDenied("只有牵头机关可以管理通报模板")
    return scope


def get_template_for_user(user, pk) -> BriefingTemplate:
    """An uploaded template, for the coordinators whose jurisdiction covers its unit (others: 404)."""
    template = BriefingTemplate.objects.select_related("owner_unit").filter(pk=pk).first()
    if template is None or not can_manage_scope(user, template.owner_unit):
        raise Http404("模板不存在")
    return template
