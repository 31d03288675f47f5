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
from service.adapters.database import InlineReader, WalCheckpointer, is_sqlite, make_engine
from service.adapters.jwks import fetch_json
from service.adapters.logs import configure_logging
from service.adapters.webhook_sender import HttpxSender
from service.api.auth import ActorCache, Attempt, Authenticator, AuthFailureLimiter
from service.api.denials import install_denial_log
from service.api.deps import Services
from service.api.docs import install_docs
from service.api.dossier_page import render_dossier
from service.api.errors import install_error_handlers
from service.api.evidence import evidence_model, evidence_of
from service.api.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from service.api.openapi import install_openapi
from service.api.query import QUERY_CHECK, QUERY_CHECK_RESPONSES
from service.api.routers import PREFIX, ROUTERS, health
from service.api.schemas import CandidateIn
from service.app import principals
from service.app.actors import Actor
from service.app.oidc import OidcVerifier
from service.app.webhooks.worker import DeliveryWorker
from service.settings import Settings
from service.web import ConsoleWiring, install_console

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
    background: bool = False,
) -> FastAPI:
    """Without arguments (uvicorn's `--factory`), settings come from the environment. With
    `background` (`recruitflow serve`), webhooks are delivered and reminders emitted on a
    thread of the app's, unless RECRUITFLOW_BACKGROUND_WORKER is false."""
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
        sender = HttpxSender() if background and settings.background_worker else None
        worker = DeliveryWorker(engine, clock, settings, sender) if sender is not None else None
        if worker is not None:
            worker.start()
        yield
        if worker is not None and sender is not None:
            await run_in_threadpool(worker.stop)
            sender.close()
        app.state.authenticator.close()
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
        docs_url=None,
        redoc_url=None,
    )
    app.state.services = Services(settings, engine, clock)
    app.state.authenticator = Authenticator(
        engine,
        clock,
        AuthFailureLimiter(settings.auth_failure_limit),
        ActorCache(),
        _oidc_verifier(settings, clock),
        InlineReader.for_engine(engine),
    )
    install_error_handlers(app)
    install_denial_log(app)
    install_openapi(app)
    install_docs(app)
    # The last added middleware runs first: request ids must cover the body-size refusals.
    app.add_middleware(BodySizeLimitMiddleware, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(RequestContextMiddleware)
    for router in ROUTERS:
        app.include_router(
            router, prefix=PREFIX, dependencies=QUERY_CHECK, responses=QUERY_CHECK_RESPONSES
        )
    app.include_router(health.router, dependencies=QUERY_CHECK, responses=QUERY_CHECK_RESPONSES)
    _install_console(app, settings, engine, clock)
    return app


def _install_console(app: FastAPI, settings: Settings, engine: Engine, clock: Clock) -> None:
    """The console, given what it shares with the API: the token check, the request models
    and the printable dossier."""
    authenticator: Authenticator = app.state.authenticator

    def authenticate(client: str, token: str) -> Actor:
        return authenticator.authenticate(Attempt(client, "POST", "/console/login"), token)

    install_console(
        app,
        ConsoleWiring(
            settings=settings,
            engine=engine,
            clock=clock,
            authenticate=authenticate,
            evidence_model=evidence_model,
            evidence_of=evidence_of,
            candidate_model=CandidateIn,
            render_dossier=lambda found, at: render_dossier(found, generated_at=at),
        ),
    )


def _oidc_verifier(settings: Settings, clock: Clock) -> OidcVerifier | None:
    """Single sign-on, when an issuer and an audience are configured."""
    if settings.oidc_issuer is None or settings.oidc_audience is None:
        return None
    return OidcVerifier(
        issuer=settings.oidc_issuer,
        audience=settings.oidc_audience,
        jwks_url=settings.oidc_jwks_url,
        fetch_json=fetch_json,
        clock=clock,
    )


def create_served_app() -> FastAPI:
    """The app as `recruitflow serve` runs it (uvicorn's `--factory`, once per worker).

    Everything built at startup (routes, schemas, the Machine, compiled statements) lives as
    long as the process: frozen out of the garbage collector's sight, so a full collection
    no longer walks it in the middle of a request (the tail latency in bench/README.md).
    """
    app = create_app(background=True)
    gc.collect()
    gc.freeze()
    return app
