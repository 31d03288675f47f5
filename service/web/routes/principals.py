"""账号管理 (/console/principals, admins): the principals with their state, 吊销 with a reason and
换发令牌 (the new token shown once), through the same use cases as the API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.responses import Response

from service.app import organizations, principal_lifecycle
from service.app.errors import LastActiveAdmin, StateConflict
from service.app.principal_lifecycle import STATUS_ZH, PrincipalQuery
from service.web.guard import ConsoleRoute
from service.web.pages import render
from service.web.session import CheckedConsoleDep, Console, ConsoleDep

router = APIRouter(route_class=ConsoleRoute)
PRINCIPALS_PATH = "/console/principals"
_LAST_ADMIN = "这是最后一个有效的系统管理员账号，不能吊销。"
_NOT_ACTIVE = "该账号已吊销或已过期。"


def _page(
    request: Request,
    console: Console,
    *,
    cursor: int | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    engine, actor = console.wiring.engine, console.user.actor
    page = principal_lifecycle.list_principals(
        engine, console.clock, actor, PrincipalQuery(), after=cursor
    )
    names = {item.id: item.name for item in organizations.list_organizations(engine, actor)}
    return render(
        request,
        "principals.html",
        status_code=status_code,
        user=console.user,
        nav="principals",
        page=page,
        organizations=names,
        status_labels=STATUS_ZH,
        error=error,
    )


@router.get("/principals", response_class=HTMLResponse)
def principals(
    request: Request,
    console: ConsoleDep,
    cursor: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None,
) -> HTMLResponse:
    return _page(request, console, cursor=cursor)


@router.post("/principals/{principal_id}/revoke", response_class=HTMLResponse)
def revoke(
    request: Request,
    console: CheckedConsoleDep,
    principal_id: int,
    reason: Annotated[str, Form()] = "",
) -> Response:
    try:
        principal_lifecycle.revoke_principal(
            console.wiring.engine,
            console.clock,
            console.user.actor,
            principal_id,
            reason=reason.strip()[:200] or "未说明",
        )
    except StateConflict as conflict:
        message = _LAST_ADMIN if isinstance(conflict, LastActiveAdmin) else _NOT_ACTIVE
        return _page(request, console, error=message, status_code=409)
    return RedirectResponse(PRINCIPALS_PATH, status_code=303)


@router.post("/principals/{principal_id}/rotate", response_class=HTMLResponse)
def rotate(request: Request, console: CheckedConsoleDep, principal_id: int) -> Response:
    try:
        rotated = principal_lifecycle.rotate_principal(
            console.wiring.engine, console.clock, console.user.actor, principal_id
        )
    except StateConflict:
        return _page(request, console, error=_NOT_ACTIVE, status_code=409)
    return render(
        request,
        "principal_token.html",
        user=console.user,
        nav="principals",
        rotated=rotated,
        own=rotated.principal.id == console.user.actor.id,
    )
