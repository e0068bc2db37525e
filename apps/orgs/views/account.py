"""What every signed-in user has: their API tokens and their password."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lib.forms import render_form

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


@login_required
def password_change(request):
    """修改密码: the old password, then the new one twice, checked against the password policy."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if form.is_valid():
        actions.change_password(request.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, "密码已修改。您的 API 令牌已全部作废，如有需要请重新生成。")
        return redirect("home")
    intro = "修改后本账号的 API 令牌全部作废，其他设备上的登录需要重新登录。"
    return render_form(request, form, title="修改密码", cancel_url="/", submit="修改密码", intro=intro)
