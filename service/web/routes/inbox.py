"""待办 (/console/): what waits for the signed-in principal, most urgent first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from service.app import tasks
from service.web.guard import ConsoleRoute
from service.web.pages import render
from service.web.session import ConsoleDep

router = APIRouter(route_class=ConsoleRoute)


@router.get("/", response_class=HTMLResponse)
def inbox(
    request: Request,
    console: ConsoleDep,
    cursor: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None,
) -> HTMLResponse:
    page = tasks.list_tasks(
        console.wiring.engine, console.clock, console.settings, console.user.actor, cursor=cursor
    )
    return render(request, "inbox.html", user=console.user, page=page, nav="inbox")
