"""Refusals for lack of permission (403): answered like every error, and written to the
security log (service.app.security.log_access_denied, which the console's refusals use too)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from service.api.deps import Services
from service.api.errors import problem_response
from service.app.actors import Actor
from service.app.errors import PermissionDenied
from service.app.security import log_access_denied


async def _handle_denied(request: Request, exc: Exception) -> Response:
    actor = getattr(request.state, "actor", None)
    if isinstance(actor, Actor) and isinstance(exc, PermissionDenied):
        services: Services = request.app.state.services
        await run_in_threadpool(
            log_access_denied,
            services.engine,
            services.clock,
            actor,
            method=request.method,
            path=request.url.path,
            reason=exc.detail,
        )
    return problem_response(request, exc)


def install_denial_log(app: FastAPI) -> None:
    """After install_error_handlers: this handler takes PermissionDenied over."""
    app.add_exception_handler(PermissionDenied, _handle_denied)
