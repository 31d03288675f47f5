"""FastAPI dependencies, as `Annotated` aliases ending in `Dep`, over what `create_app` stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from service.adapters.clock import Clock
from service.adapters.database import DatabaseUnavailable
from service.api.auth import Attempt, Authenticator
from service.app.actors import Actor
from service.app.errors import NotAuthenticated, TooManyRequests
from service.settings import Settings

# The exceptions every authenticated route can raise, for `problem_responses` (looking the
# caller up takes a connection).
AUTH_ERRORS = (NotAuthenticated, TooManyRequests, DatabaseUnavailable)

_bearer = HTTPBearer(
    auto_error=False,
    description="A token issued by `POST /api/v1/principals` or `recruitflow principal create`.",
)


@dataclass(frozen=True, slots=True)
class Services:
    """What create_app put in app state for the routes."""

    settings: Settings
    engine: Engine
    clock: Clock


async def get_settings(request: Request) -> Settings:
    return _services(request).settings


async def get_engine(request: Request) -> Engine:
    return _services(request).engine


async def get_clock(request: Request) -> Clock:
    return _services(request).clock


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
ClockDep = Annotated[Clock, Depends(get_clock)]
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def get_actor(request: Request, credentials: BearerDep) -> Actor:
    # Every request reads the auth epoch, so that a revocation anywhere is honoured by the
    # very next request here: on the event loop for a cached token on SQLite, else on a thread.
    client = request.client.host if request.client is not None else "unknown"
    token = credentials.credentials if credentials is not None else None
    authenticator: Authenticator = request.app.state.authenticator
    actor = authenticator.authenticate_cached(client, token)
    if actor is None:
        attempt = Attempt(client, request.method, request.url.path)
        actor = await run_in_threadpool(authenticator.authenticate, attempt, token)
    request.state.actor = actor
    return actor


ActorDep = Annotated[Actor, Depends(get_actor)]


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling, with what create_app stored: all an act needs, from one dependency (each
    dependency costs a request some µs to solve)."""

    actor: Actor
    services: Services


async def get_caller(request: Request, credentials: BearerDep) -> Caller:
    return Caller(await get_actor(request, credentials), _services(request))


CallerDep = Annotated[Caller, Depends(get_caller)]
