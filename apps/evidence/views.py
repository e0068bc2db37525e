from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from lib.filetypes import CONTENT_TYPES, served_name

from .models import Evidence
from .owners import check_access


@login_required
def evidence_download(request, pk):
    """Always a download, typed by the file's detected kind rather than the name it was uploaded under,
    so a PDF uploaded as poly.html arrives as poly.pdf, application/pdf, and is never rendered as a page."""
    evidence = Evidence.objects.filter(pk=pk).select_related("owner_type").first()
    if evidence is None:
        raise Http404
    check_access(request.user, evidence)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=served_name(evidence.name, evidence.kind),
        content_type=CONTENT_TYPES.get(evidence.kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
