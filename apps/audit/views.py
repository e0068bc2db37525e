from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from apps.orgs.access import require_admin

from .models import AuditEvent


@login_required
def audit_log(request):
    """系统管理员: every recorded event, logins included, newest first."""
    require_admin(request.user)
    events = AuditEvent.objects.select_related("actor")
    action = request.GET.get("action", "")
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(
        request, "audit/log.html", {"page": page, "actions": AuditEvent.Action.choices, "action": action}
    )
