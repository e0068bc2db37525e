"""The JSON API: one NinjaAPI, one router per app. Machine clients send `Authorization: Bearer <token>`
(tokens are issued on the 我的令牌 page); the browser may use its session (with CSRF)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError
from ninja.security import HttpBearer, django_auth

from apps.assessment.api import router as assessment_router
from apps.cascade.api import router as cascade_router
from apps.cases.api import router as cases_router
from apps.cycles.api import router as cycles_router
from apps.indicators.api import router as indicators_router
from apps.orgs.api import router as orgs_router
from apps.orgs.models import ApiToken
from apps.plans.api import router as plans_router
from apps.projects.api import router as projects_router
from apps.supervision.api import router as supervision_router
from apps.supervision.api_inspections import router as inspections_router
from apps.supervision.api_instructions import router as instructions_router
from apps.supervision.api_procedure import router as procedure_router
from apps.supervision.api_rectification import router as rectification_router


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = (
            ApiToken.objects.select_related("user", "user__unit")
            .filter(digest=ApiToken.hash(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        if found.is_expired:
            expired = timezone.localtime(found.expires_at).strftime("%Y-%m-%d")
            raise AuthenticationError(message=f"令牌已于 {expired} 过期，请在“API 令牌”页面生成新令牌")
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 300:
            found.last_used_at = now
            found.save(update_fields=["last_used_at"])
        request.user = found.user
        return found.user


api = NinjaAPI(
    title="luoshi 落实 API",
    version="1",
    description="单位、计划、任务、量化指标。权限与网页一致：看不到的数据返回 404。",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)
api.add_router("/units", orgs_router)
api.add_router("/", plans_router)
api.add_router("/", cascade_router)
api.add_router("/", cycles_router)
api.add_router("/", supervision_router)
api.add_router("/", rectification_router)
api.add_router("/", inspections_router)
api.add_router("/", procedure_router)
api.add_router("/", instructions_router)
api.add_router("/", cases_router)
api.add_router("/", projects_router)
api.add_router("/", indicators_router)
api.add_router("/", assessment_router)


@api.exception_handler(Http404)
def not_found(request, exc):
    message = str(exc)
    return api.create_response(
        request,
        {
            "detail": message
            if message and "matches the given query" not in message
            else "数据不存在或无权访问"
        },
        status=404,
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    message = exc.message if exc.message != "Unauthorized" else "未登录，或令牌无效、已作废"
    return api.create_response(request, {"detail": message}, status=401)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "没有权限执行此操作"}, status=403)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "数据校验失败", "errors": errors}, status=422)


SCHEMA_MESSAGES = {
    "missing": "此字段为必填项。",
    "int_parsing": "请输入整数。",
    "int_type": "请输入整数。",
    "decimal_parsing": "请输入数字。",
    "decimal_type": "请输入数字。",
    "float_parsing": "请输入数字。",
    "date_parsing": "日期格式应为 2026-04-30。",
    "date_from_datetime_parsing": "日期格式应为 2026-04-30。",
    "date_type": "日期格式应为 2026-04-30。",
    "enum": "不是可选的值。",
    "literal_error": "不是可选的值。",
    "string_type": "请输入文本。",
    "list_type": "请输入列表。",
    "bool_parsing": "请输入 true 或 false。",
    "json_invalid": "请求体不是有效的 JSON。",
}


@api.exception_handler(SchemaError)
def invalid_schema(request, exc):
    """Request bodies and parameters that don't fit the schema: the same shape and language as above."""
    errors = {}
    for error in exc.errors:
        loc = [str(p) for p in error.get("loc", ())]
        while loc and loc[0] in ("body", "data", "query", "path", "payload", "form", "file"):
            loc = loc[1:]
        errors.setdefault(".".join(loc) or "__all__", []).append(
            SCHEMA_MESSAGES.get(error.get("type"), "格式不正确。")
        )
    return api.create_response(request, {"detail": "数据校验失败", "errors": errors}, status=422)
