"""Refusals for lack of permission (403): answered like every error, and written to the
security log with who asked, for what method and path, and when."""

from __future__ import annotations

import structlog
from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from service.adapters.database import DatabaseUnavailable
from service.api.deps import Services
from service.api.errors import problem_response
from service.app.actors import Actor
from service.app.errors import PermissionDenied
from service.app.security import ACCESS_DENIED, log_security_event

logger = structlog.get_logger("recruitflow.denials")


def _log_denial(services: Services, actor: Actor, request: Request, reason: str) -> None:
    # The request's own unit of work was rolled back with the refusal: this one is its own.
    try:
        log_security_event(
            services.engine,
            services.clock,
            ACCESS_DENIED,
            principal_id=actor.id,
            organization_id=actor.organization_id,
            method=request.method,
            path=request.url.path,
            detail={"reason": reason, "role": str(actor.role)},
        )
    except DatabaseUnavailable:
        logger.warning("security_event_not_written", kind=ACCESS_DENIED, principal=actor.id)


async def _handle_denied(request: Request, exc: Exception) -> Response:
    actor = getattr(request.state, "actor", None)
    if isinstance(actor, Actor) and isinstance(exc, PermissionDenied):
        services: Services = request.app.state.services
        await run_in_threadpool(_log_denial, services, actor, request, exc.detail)
    return problem_response(request, exc)


def install_denial_log(app: FastAPI) -> None:
    """After install_error_handlers: this handler takes PermissionDenied over."""
    app.add_exception_handler(PermissionDenied, _handle_denied)
