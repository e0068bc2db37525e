"""Who may download an owner's evidence: each app that owns evidence registers a check for its model
(from its AppConfig.ready), so this app never imports the apps above it."""

from django.http import Http404

_checks = {}


def register(model, check) -> None:
    """`check(user, owner_id)` raises Http404 / PermissionDenied unless `user` may see the owner."""
    _checks[model._meta.label_lower] = check


def check_access(user, evidence) -> None:
    check = _checks.get(evidence.owner_type.app_label + "." + evidence.owner_type.model)
    if check is None:
        raise Http404
    check(user, evidence.owner_id)
