"""What every signed-in user has: their API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import actions
from ..forms import TokenForm


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    raw = None
    if form.is_valid():
        _, raw = actions.issue_token(request.user, form.cleaned_data["name"])
        form = TokenForm()
    items = request.user.api_tokens.filter(revoked_at__isnull=True)
    context = {"form": form, "tokens": items, "raw": raw, "token_days": settings.API_TOKEN_DAYS}
    return render(request, "orgs/tokens.html", context)


@require_POST
@login_required
def token_revoke(request, pk):
    token = request.user.api_tokens.filter(pk=pk, revoked_at__isnull=True).first()
    if token is None:
        raise Http404("令牌不存在")
    actions.revoke_token(token, actor=request.user)
    messages.success(request, f"令牌“{token.name}”已作废")
    return redirect("tokens")
