"""The service app with prototyped optimisations applied from outside service/, for uvicorn's
`--factory`. `BENCH_PROTOTYPE` lists them, comma-separated:

- `lean-acts`: service.acts.perform_act replaced by the Core version (lean_acts.py);
- `async-deps`: the dependencies that only read app.state run on the event loop (`async def`)
  instead of one threadpool hand-off each;
- `actor-cache`: the bearer token's actor remembered for a minute (no database read per request);

Dependencies are swapped inside the `Depends` markers of service/api/deps.py before the routers
are imported, as if deps.py declared them so: `app.dependency_overrides` would instead make
FastAPI re-analyse every overridden signature on every request.
- `fast-codec`: the record codec compiled once per dataclass (fast_codec.py);
- `threads-N`: the threadpool limited to N threads (anyio's default is 40);
- `no-pre-ping`: PostgreSQL connections handed out without the `SELECT 1` that
  `pool_pre_ping=True` sends at every checkout (two per act: authentication and the act).

Serve-level options (uvloop + httptools, log level) are environment, not code: see compare.py.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Callable
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from service import acts
from service.actors import Actor
from service.api import deps
from service.api.auth import AuthFailureLimiter, authenticate_request
from service.clock import Clock
from service.settings import Settings

ACTOR_TTL_SECONDS = 60.0


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


async def _clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


async def _limiter(request: Request) -> AuthFailureLimiter:
    limiter: AuthFailureLimiter = request.app.state.auth_limiter
    return limiter


def _cached_actor() -> Callable[..., Any]:
    cache: dict[str, tuple[float, Actor]] = {}

    async def get_actor(request: Request, credentials: deps.BearerDep) -> Actor:
        token = credentials.credentials if credentials is not None else None
        key = hashlib.sha256(token.encode()).hexdigest() if token else ""
        hit = cache.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        client = request.client.host if request.client is not None else "unknown"
        actor: Actor = await run_in_threadpool(
            authenticate_request,
            request.app.state.engine,
            request.app.state.auth_limiter,
            client=client,
            token=token,
        )
        cache[key] = (time.monotonic() + ACTOR_TTL_SECONDS, actor)
        return actor

    return get_actor


class _ThreadLimit:
    """Sets the threadpool size on the first request (it must be set inside the event loop)."""

    def __init__(self, app: ASGIApp, threads: int) -> None:
        self.app, self.threads, self.done = app, threads, False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.done:
            anyio.to_thread.current_default_thread_limiter().total_tokens = self.threads
            self.done = True
        await self.app(scope, receive, send)


def _swap(alias: Any, dependency: Callable[..., Any]) -> None:
    marker = alias.__metadata__[0]
    object.__setattr__(marker, "dependency", dependency)


def create_app() -> FastAPI:
    if "service.main" in sys.modules:
        raise RuntimeError("the routers are built already; the prototype must import them itself")
    flags = {flag for flag in os.environ.get("BENCH_PROTOTYPE", "").split(",") if flag}
    if "lean-acts" in flags:
        from bench.prototypes import lean_acts

        acts.perform_act = lean_acts.perform_act
    if "fast-codec" in flags:
        from bench.prototypes import fast_codec

        fast_codec.install()
    if "async-deps" in flags:
        _swap(deps.SettingsDep, _settings)
        _swap(deps.EngineDep, _engine)
        _swap(deps.ClockDep, _clock)
        _swap(deps.AuthLimiterDep, _limiter)
    if "actor-cache" in flags:
        _swap(deps.ActorDep, _cached_actor())
    from service.main import create_app as create_service_app

    engine = None
    if "no-pre-ping" in flags:
        from service.db import make_engine
        from service.settings import Settings

        engine = make_engine(Settings().database_url)
        engine.pool._pre_ping = False
    app = create_service_app(engine=engine)
    for flag in flags:
        if flag.startswith("threads-"):
            app.add_middleware(_ThreadLimit, threads=int(flag.removeprefix("threads-")))
    return app
