"""登录 and 退出: a bearer token exchanged for a server-side session, and the session ended."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from service.app import console_sessions
from service.app.errors import NotAuthenticated, TooManyRequests
from service.web.guard import ConsoleRoute
from service.web.pages import render
from service.web.session import (
    COOKIE,
    HOME_PATH,
    LOGIN_PATH,
    CheckedConsoleDep,
    CsrfRejected,
    SignInRequired,
    get_console,
    wiring_of,
)

router = APIRouter(route_class=ConsoleRoute)

# Before there is a session, the login form's CSRF token is a cookie of its own (double submit).
LOGIN_COOKIE = "recruitflow_login"
_BAD_TOKEN = "访问令牌无效或已停用，请核对后重新输入。"
_TOO_MANY = "登录失败次数过多，请一分钟后再试。"


def _login_form(request: Request, *, error: str | None = None, status_code: int = 200) -> Response:
    check = secrets.token_urlsafe(32)
    page = render(request, "login.html", status_code=status_code, check=check, error=error)
    page.set_cookie(
        LOGIN_COOKIE,
        check,
        httponly=True,
        samesite="strict",
        secure=wiring_of(request).settings.console_cookie_secure,
        path=LOGIN_PATH,
    )
    return page


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request) -> Response:
    """The form; a browser already signed in goes on to 待办."""
    try:
        await get_console(request)
    except SignInRequired:
        return _login_form(request)
    return RedirectResponse(HOME_PATH, status_code=303)


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request, token: Annotated[str, Form()] = "", check: Annotated[str, Form()] = ""
) -> Response:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(check.encode(), expected.encode()):
        raise CsrfRejected
    wiring = wiring_of(request)
    client = request.client.host if request.client is not None else "unknown"
    try:
        actor = await run_in_threadpool(wiring.authenticate, client, token.strip())
    except NotAuthenticated:
        return _login_form(request, error=_BAD_TOKEN, status_code=401)
    except TooManyRequests:
        return _login_form(request, error=_TOO_MANY, status_code=429)
    started = await run_in_threadpool(
        console_sessions.start_session,
        wiring.engine,
        wiring.clock,
        actor,
        minutes=wiring.settings.console_session_minutes,
    )
    response = RedirectResponse(HOME_PATH, status_code=303)
    response.set_cookie(
        COOKIE,
        started.session_id,
        httponly=True,
        samesite="lax",
        secure=wiring.settings.console_cookie_secure,
        path="/console",
    )
    response.delete_cookie(LOGIN_COOKIE, path=LOGIN_PATH)
    return response


@router.post("/logout")
def logout(request: Request, console: CheckedConsoleDep) -> Response:
    console_sessions.end_session(
        console.wiring.engine, console.clock, request.cookies.get(COOKIE, "")
    )
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    response.delete_cookie(COOKIE, path="/console")
    return response
