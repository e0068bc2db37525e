"""The page side of the 销号 steps a task's application and a rectification item share."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from ..forms_procedure import ObjectionForm


def record_objection(request, obj, record, *, upheld_message: str) -> None:
    """An objection raised during 公示, recorded with its handling through `record` (the subject's action);
    the outcome as a message, for the caller's redirect."""
    form = ObjectionForm(request.POST)
    upheld = request.POST.get("decision") == "upheld"
    if not form.is_valid():
        messages.error(request, "请填写异议内容及处理意见")
        return
    try:
        record(obj, text=form.cleaned_data["text"], upheld=upheld, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, upheld_message if upheld else "异议已记录，公示继续")
