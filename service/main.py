"""The application factory: `create_app(settings)` wires settings, engine, clock and routes."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

from anyio import to_thread
from fastapi import FastAPI
from fastapi.routing import APIRoute
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from service.adapters.clock import Clock, SystemClock
from service.adapters.database import WalCheckpointer, is_sqlite, make_engine
from service.adapters.logs import configure_logging
from service.api.auth import ActorCache, AuthFailureLimiter
from service.api.deps import Services
from service.api.errors import install_error_handlers
from service.api.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from service.api.openapi import install_openapi
from service.api.routers import PREFIX, ROUTERS, health
from service.app import principals
from service.settings import Settings

DESCRIPTION = """\
The member-development pipeline (发展党员) as an auditable, rule-checked state machine.

Authenticate with `Authorization: Bearer <token>`. Every error is `application/problem+json`
with a stable `type`.
"""


def _operation_id(route: APIRoute) -> str:
    return route.name


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    engine: Engine | None = None,
) -> FastAPI:
    """Without arguments (uvicorn's `--factory`), settings come from the environment."""
    settings = settings if settings is not None else Settings()
    configure_logging(settings.log_level)
    owns_engine = engine is None
    if engine is None:
        engine = make_engine(
            settings.database_url,
            background_checkpoints=True,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            pool_timeout=settings.db_pool_timeout,
        )
    clock = clock if clock is not None else SystemClock()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if is_sqlite(engine):
            # The `def` routes take turns on one thread: SQLite writes one at a time and Python
            # runs one thread at a time, and sqlite3 hands the GIL over around every row it
            # reads, so threads reading at once spent their time passing it: four clients got
            # fewer history pages/s than one (bench/micro_history.py).
            to_thread.current_default_thread_limiter().total_tokens = 1
        checkpointer = WalCheckpointer(engine) if owns_engine and is_sqlite(engine) else None
        if checkpointer is not None:
            checkpointer.start()
        if settings.admin_token is not None:
            token = settings.admin_token.get_secret_value()
            await run_in_threadpool(principals.ensure_admin, engine, clock, token)
        yield
        if checkpointer is not None:
            await run_in_threadpool(checkpointer.stop)
        if owns_engine:
            engine.dispose()

    app = FastAPI(
        title="recruitflow",
        version=version("recruitflow"),
        description=DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
    )
    app.state.services = Services(settings, engine, clock)
    app.state.auth_limiter = AuthFailureLimiter(settings.auth_failure_limit)
    app.state.actor_cache = ActorCache()
    install_error_handlers(app)
    install_openapi(app)
    # The last added middleware runs first: request ids must cover the body-size refusals.
    app.add_middleware(BodySizeLimitMiddleware, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(RequestContextMiddleware)
    for router in ROUTERS:
        app.include_router(router, prefix=PREFIX)
    app.include_router(health.router)
    return app


def create_served_app() -> FastAPI:
    """The app as `recruitflow serve` runs it (uvicorn's `--factory`, once per worker).

    Everything built at startup (routes, schemas, the Machine, compiled statements) lives as
    long as the process: frozen out of the garbage collector's sight, so a full collection
    no longer walks it in the middle of a request (the tail latency in bench/README.md).
    """
    app = create_app()
    gc.collect()
    gc.freeze()
    return app
