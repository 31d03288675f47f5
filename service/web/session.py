"""Who is signed in: the session cookie read into a `SignedIn`, checked again on every request,
and the CSRF token every changing form must carry."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from service.adapters.clock import Clock
from service.app import console_sessions
from service.app.console_sessions import SignedIn
from service.settings import Settings
from service.web.wiring import ConsoleWiring

COOKIE = "recruitflow_console"
LOGIN_PATH = "/console/login"
HOME_PATH = "/console/"
CSRF_FIELD = "csrf_token"


class SignInRequired(Exception):
    """No live session: the page sends the browser to the login form."""


class CsrfRejected(Exception):
    """A changing request without this session's CSRF token: `reason` says what was wrong with
    it, for the security log."""

    def __init__(self, reason: str = "the CSRF token is missing") -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Console:
    """What a console route needs from the app: the wiring and who is signed in."""

    wiring: ConsoleWiring
    user: SignedIn

    @property
    def settings(self) -> Settings:
        return self.wiring.settings

    @property
    def clock(self) -> Clock:
        return self.wiring.clock


def wiring_of(request: Request) -> ConsoleWiring:
    wiring: ConsoleWiring = request.app.state.console
    return wiring


async def get_console(request: Request) -> Console:
    wiring = wiring_of(request)
    session_id = request.cookies.get(COOKIE)
    if not session_id:
        raise SignInRequired
    user = await run_in_threadpool(
        console_sessions.signed_in,
        wiring.engine,
        wiring.clock,
        session_id,
        minutes=wiring.settings.console_session_minutes,
    )
    if user is None:
        raise SignInRequired
    request.state.signed_in = user
    return Console(wiring, user)


ConsoleDep = Annotated[Console, Depends(get_console)]


async def get_checked_console(request: Request, console: ConsoleDep) -> Console:
    """The console for a POST that carries this session's CSRF token in its form, else 403."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    if not isinstance(sent, str) or not sent:
        raise CsrfRejected
    if not hmac.compare_digest(sent.encode(), console.user.csrf_token.encode()):
        raise CsrfRejected("the CSRF token is invalid")
    return console


CheckedConsoleDep = Annotated[Console, Depends(get_checked_console)]
