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
from service.api.auth import (
    ActorCache,
    AuthFailureLimiter,
    authenticate_cached,
    authenticate_request,
)
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
    # Dependencies that only read app state run on the event loop; a thread is taken only
    # when the token must be looked up in the database.
    client = request.client.host if request.client is not None else "unknown"
    token = credentials.credentials if credentials is not None else None
    state = request.app.state
    engine = _services(request).engine
    limiter: AuthFailureLimiter = state.auth_limiter
    cache: ActorCache = state.actor_cache
    actor = authenticate_cached(limiter, cache, client=client, token=token)
    if actor is not None:
        return actor
    return await run_in_threadpool(
        authenticate_request, engine, limiter, cache, client=client, token=token
    )


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
