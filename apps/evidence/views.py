from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from .models import Evidence
from .owners import check_access


@login_required
def evidence_download(request, pk):
    evidence = Evidence.objects.filter(pk=pk).select_related("owner_type").first()
    if evidence is None:
        raise Http404
    check_access(request.user, evidence)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)
