"""Who may see and write 督查通报. Kept simple, on the plans' own rules (apps.plans.access):

- 牵头机关 who may manage a plan (its jurisdiction's coordinators) generate, edit and publish its 通报,
  and see its drafts;
- everyone who sees the plan — the oversight roles of its jurisdiction, and unit staff of the units with
  tasks in it (published plans only) — reads its published 通报;
- a draft the user may not manage, or a 通报 of a plan the user does not see, is a 404; a visible
  通报 the user may not change is a 403;
- a background generation job is seen by the user who started it alone.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.plans.access import can_manage_plan, can_manage_plans, get_plan_for_user, visible_plans

from .models import Briefing, BriefingJob


def can_manage_briefings(user, plan) -> bool:
    return can_manage_plan(user, plan)


def can_see_briefings(user) -> bool:
    """The 通报 menu entry: anyone who sees a plan."""
    return user is not None and user.is_authenticated and user.unit_id is not None


def visible_briefings(user, plan=None):
    """The 通报 the user may read: published ones of the plans they see, and drafts of those they manage."""
    plans = visible_plans(user)
    if plan is not None:
        plans = plans.filter(pk=plan.pk)
    briefings = Briefing.objects.filter(plan__in=plans).select_related("plan", "owner_unit")
    if plan is not None and can_manage_briefings(user, plan):
        return briefings
    published = briefings.filter(status=Briefing.Status.PUBLISHED)
    if plan is not None or not can_manage_plans(user):
        return published
    managed = [p.pk for p in plans.select_related("owner_unit") if can_manage_plan(user, p)]
    return briefings.filter(status=Briefing.Status.PUBLISHED) | briefings.filter(plan_id__in=managed)


def briefing_plans(user):
    """The plans whose 通报 page the user may open (those they see)."""
    return visible_plans(user).select_related("owner_unit")


def get_plan_for_briefings(user, pk, *, manage=False):
    plan = get_plan_for_user(user, pk)
    if manage and not can_manage_briefings(user, plan):
        raise PermissionDenied("只有本辖区牵头机关可以生成和发布通报")
    return plan


def get_briefing_for_user(user, pk, *, manage=False) -> Briefing:
    try:
        briefing = Briefing.objects.select_related("plan", "owner_unit", "published_by").get(pk=pk)
    except Briefing.DoesNotExist:
        raise Http404("通报不存在") from None
    if not visible_plans(user).filter(pk=briefing.plan_id).exists():
        raise Http404("通报不存在")
    manager = can_manage_briefings(user, briefing.plan)
    if briefing.status == Briefing.Status.DRAFT and not manager:
        raise Http404("通报不存在")
    if manage and not manager:
        raise PermissionDenied("只有本辖区牵头机关可以修改和发布通报")
    return briefing


def get_briefing_job_for_user(user, pk) -> BriefingJob:
    """A generation job is its requester's only: anyone else gets a 404."""
    try:
        return BriefingJob.objects.select_related("plan", "briefing").get(pk=pk, user=user)
    except BriefingJob.DoesNotExist:
        raise Http404("任务不存在") from None
