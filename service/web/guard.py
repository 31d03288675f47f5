"""The one place where what a console route raised becomes a Chinese page (the API's
problem+json stays the API's), a missing session a trip to the login form, and a 403 of a
signed-in principal an access.denied in the security log, as the API's are."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from service.adapters.database import DatabaseUnavailable
from service.app.console_sessions import SignedIn
from service.app.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    ServiceError,
    TooManyRequests,
    VersionConflict,
)
from service.app.security import log_access_denied
from service.web.pages import error_page
from service.web.session import LOGIN_PATH, CsrfRejected, SignInRequired, wiring_of
from service.workflow import UnknownTrigger
from service.workflow.words import PROBLEMS

# (status, title, message) by what went wrong, titled as the API titles its problems; the first
# matching class wins.
_ERRORS: tuple[tuple[type[Exception], int, str, str], ...] = (
    (CsrfRejected, 403, "请求已拒绝", "表单已过期或不是从本系统提交的，请返回后重新操作。"),
    (NotFound, 404, PROBLEMS["not-found"].zh, "要查看的内容不存在。"),
    (UnknownTrigger, 404, PROBLEMS["unknown-trigger"].zh, "没有这项办理事项。"),
    (RequestValidationError, 404, PROBLEMS["not-found"].zh, "地址有误，要查看的内容不存在。"),
    (PermissionDenied, 403, PROBLEMS["forbidden"].zh, "您的账号无权查看或办理此项。"),
    (TooManyRequests, 429, PROBLEMS["too-many-requests"].zh, "失败次数过多，请一分钟后再试。"),
    (
        VersionConflict,
        409,
        PROBLEMS["version-conflict"].zh,
        "表单打开后，此人已有新的办理记录（也可能是这张表单已经提交过）。"
        "请回到人员页面查看后再办理。",
    ),
    (InvalidInput, 422, PROBLEMS["invalid-input"].zh, "填写的内容无法办理，请返回检查。"),
    (DatabaseUnavailable, 503, PROBLEMS["service-unavailable"].zh, "请稍后再试。"),
    (ServiceError, 400, "无法办理", "请求无法办理。"),
)

_CAUGHT = tuple(kind for kind, *_ in _ERRORS)


async def _log_refusal(request: Request, error: PermissionDenied | CsrfRejected) -> None:
    """Refusals before sign-in (the login form's own check) have nobody to name: not logged."""
    user = getattr(request.state, "signed_in", None)
    if not isinstance(user, SignedIn):
        return
    wiring = wiring_of(request)
    await run_in_threadpool(
        log_access_denied,
        wiring.engine,
        wiring.clock,
        user.actor,
        method=request.method,
        path=request.url.path,
        reason=error.reason if isinstance(error, CsrfRejected) else error.detail,
    )


class ConsoleRoute(APIRoute):
    """Every console route is one: give it as `route_class` to each console router."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except SignInRequired:
                return RedirectResponse(LOGIN_PATH, status_code=303)
            except _CAUGHT as error:
                if isinstance(error, PermissionDenied | CsrfRejected):
                    await _log_refusal(request, error)
                status, title, message = next(
                    (status, title, message)
                    for kind, status, title, message in _ERRORS
                    if isinstance(error, kind)
                )
                return error_page(request, status, title, message)

        return guarded
