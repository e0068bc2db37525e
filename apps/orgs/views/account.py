"""What every signed-in user has: their API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..forms import TokenForm
from ..models import ApiToken


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    raw = None
    if form.is_valid():
        _, raw = ApiToken.issue(request.user, form.cleaned_data["name"])
        form = TokenForm()
    items = request.user.api_tokens.filter(revoked_at__isnull=True)
    return render(request, "orgs/tokens.html", {"form": form, "tokens": items, "raw": raw})


@require_POST
@login_required
def token_revoke(request, pk):
    token = request.user.api_tokens.filter(pk=pk, revoked_at__isnull=True).first()
    if token is None:
        raise Http404("令牌不存在")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    messages.success(request, f"令牌“{token.name}”已作废")
    return redirect("tokens")
