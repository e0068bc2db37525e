"""Retention of report versions: superseded autosaves (apps.portal.prune runs this with the others)."""

from django.db.models import Max, OuterRef, Subquery

from .models import Report, ReportVersion


def superseded_autosaves():
    """Autosave versions (status draft) that are not their report's latest version: the submitted and
    other step versions, and each report's current text, are kept."""
    latest = (
        ReportVersion.objects.filter(report=OuterRef("report"))
        .values("report")
        .annotate(top=Max("version"))
        .values("top")
    )
    return ReportVersion.objects.filter(status=Report.Status.DRAFT).exclude(version=Subquery(latest))
