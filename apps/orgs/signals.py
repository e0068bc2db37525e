from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from apps.audit.actions import record
from apps.audit.models import AuditEvent

from .lockout import client_ip


def _ip(request):
    return client_ip(request) if request is not None else None


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    record(user, AuditEvent.Action.LOGIN, user, ip=_ip(request))


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(user, AuditEvent.Action.LOGOUT, user, ip=_ip(request))


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    name = str(credentials.get("username", ""))[:150]
    record(None, AuditEvent.Action.LOGIN_FAILED, object_type="user", actor_name=name, ip=_ip(request))
