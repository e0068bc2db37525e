"""The JSON API: one NinjaAPI, one router per app. Machine clients send `Authorization: Bearer <token>`
(tokens are issued on the 我的令牌 page); the browser may use its session (with CSRF)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.urls import re_path
from django.utils import timezone
from django.utils.log import log_response
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
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


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None  # 422: the messages of each field ("__all__": the whole)


# What any operation may answer besides its own results: 401 (no valid token or session), 403 (seen but not
# allowed), 404 (not visible, or an id that names nothing), 422 (a parameter or body that fails the schema or
# the action's validation). Declared on every operation below, so the description lists each code returned.
ERROR_STATUSES = (401, 403, 404, 422)


class LuoshiAPI(NinjaAPI):
    """The NinjaAPI whose every answer under /api/ is JSON: a method the path does not take is a JSON 405 and
    a path with no operation a JSON 404 (ninja and Django would answer those with text or an HTML page)."""

    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            pattern.callback = self._json_not_allowed(pattern.callback)
        # exempt, as ninja's own views: a POST with a session cookie and no token is a JSON 404 too
        return [*patterns, re_path(r"^.*$", csrf_exempt(self._no_operation), name="no-operation")]

    def _json_not_allowed(self, view):
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code != 405 or response.get("Content-Type", "").startswith("application/json"):
                return response
            allowed = response.get("Allow", "")
            answer = self.create_response(
                request, {"detail": f"此接口不支持 {request.method} 方法（可用：{allowed}）"}, status=405
            )
            answer["Allow"] = allowed
            return answer

        wrapper.csrf_exempt = getattr(view, "csrf_exempt", False)
        return wrapper

    def _no_operation(self, request, *args, **kwargs) -> HttpResponse:
        return self.create_response(request, {"detail": f"接口不存在：{request.path}"}, status=404)

    def validation_error_from_error_contexts(self, error_contexts):
        """ninja drops each error's input; keep one fact of it: null sent for a field that may not be empty
        (in a PATCH too, where only the fields sent change) is type "null", not "this is not a number"."""
        error = super().validation_error_from_error_contexts(error_contexts)
        inputs = [
            (e["input"], e["type"])
            for context in error_contexts
            for e in context.pydantic_validation_error.errors(include_url=False)
        ]
        for detail, (value, kind) in zip(error.errors, inputs, strict=True):
            if value is None and kind != "missing":
                detail["type"] = "null"
        return error

    def declare_errors(self):
        """Add ERROR_STATUSES to every operation's responses (an operation's own declaration of a code wins)."""
        for bound in self._get_bound_routers():
            for path_view in bound.path_operations.values():
                for operation in path_view.operations:
                    for status in ERROR_STATUSES:
                        if status not in operation.response_models:
                            operation.response_models[status] = operation._create_response_model(ErrorOut)


api = LuoshiAPI(
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
api.declare_errors()


@api.exception_handler(Exception)
def server_error(request, exc):
    """A bug is still a 500, logged with its traceback as Django logs one, but answered in JSON."""
    response = api.create_response(
        request, {"detail": "服务器内部错误，请稍后重试或联系系统管理员"}, status=500
    )
    log_response("Internal Server Error: %s", request.path, response=response, request=request, exception=exc)
    return response


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


@api.exception_handler(HttpError)
def http_error(request, exc):
    """ninja's own refusals: a body it cannot parse (400 there) is a 422 like any other bad body here."""
    if exc.status_code == 400:
        errors = {"__all__": [SCHEMA_MESSAGES["json_invalid"]]}
        return api.create_response(request, {"detail": "数据校验失败", "errors": errors}, status=422)
    if exc.status_code == 403:
        return api.create_response(request, {"detail": "CSRF 校验失败，请刷新页面后重试"}, status=403)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


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
    "null": "这个值不能为 null。",  # in the words of the model's own check
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
