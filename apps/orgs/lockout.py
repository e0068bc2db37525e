"""Lock-out after failed logins (django-axes), counted two ways (settings.AXES_LOCKOUT_PARAMETERS):
per user name at one address — AXES_FAILURE_LIMIT (5) — and per address across all user names —
LOGIN_IP_FAILURE_LIMIT (40), higher because a whole office may sign in through one address. Axes compares
every count with the one limit, so the address count is scaled to it here; and a success forgets only the
user's own failures, so that a sprayer who knows one password cannot clear the address's count.

Behind the reverse proxy every request comes from the proxy's address, which would make the per-address
count one count for the whole site: `client_ip` (settings.AXES_CLIENT_IP_CALLABLE, and the audit log's
address) then takes the client's address from the X-Forwarded-For the proxy sets (deploy/nginx.conf)."""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

PER_USER, PER_ADDRESS = ["username", "ip_address"], "ip_address"


def client_ip(request) -> str | None:
    """The client's address: with BEHIND_PROXY the last X-Forwarded-For entry (the one our proxy wrote;
    anything before it the client may have made up), else the connection's own address."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rpartition(",")[2].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR")


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        assert settings.AXES_LOCKOUT_PARAMETERS == [PER_USER, PER_ADDRESS]
        per_user, per_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # per_address reaches the limit exactly when it reaches LOGIN_IP_FAILURE_LIMIT
        limit = settings.AXES_FAILURE_LIMIT
        return max(per_user, per_address * limit // settings.LOGIN_IP_FAILURE_LIMIT)

    def reset_user_attempts(self, request, credentials=None) -> int:
        own = self.filter_user_attempts(request, credentials)[0]
        count, _ = own.delete()
        return count
