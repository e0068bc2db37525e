"""Refuse an upload whose request body is over the limit before anything reads it.

Django reads a multipart body whole (into memory or a temporary file) the first time anything touches
``request.POST`` or ``request.FILES`` — and CsrfViewMiddleware does, before the view runs. So the limit is
checked here, on the declared Content-Length, in a middleware placed before CsrfViewMiddleware: a view
marked with ``@upload_limit("IMPORT_MAX_BYTES")`` gets a 413 page instead of its body being read.
"""

from django.conf import settings
from django.shortcuts import render

# Room for the multipart framing and the form's other fields around the file itself.
FORM_OVERHEAD_BYTES = 64 * 1024


def upload_limit(setting: str):
    """Mark a view: its request bodies may be at most settings.<setting> bytes (plus form overhead)."""

    def mark(view):
        view.upload_limit_setting = setting
        return view

    return mark


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}" if size % (1024 * 1024) else str(size // (1024 * 1024))


class UploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        setting = getattr(view_func, "upload_limit_setting", None)
        if setting is None:
            return None
        limit = getattr(settings, setting)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= limit + FORM_OVERHEAD_BYTES:
            return None
        context = {"size": f"{length / (1024 * 1024):.1f}", "limit": _mb(limit), "back": request.path}
        return render(request, "upload_too_large.html", context, status=413)  # the body is left unread
