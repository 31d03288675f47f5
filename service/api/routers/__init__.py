"""The versioned API router: every `/api/v1` resource is included here.

One module per resource, named as the use case room it calls (`plans` → service.app.plans;
`transitions` → service.app.acts).
"""

from __future__ import annotations

from fastapi import APIRouter

from service.api.routers import (
    audit,
    calendar,
    candidates,
    deadlines,
    dossier,
    ledgers,
    organizations,
    plans,
    principals,
    transitions,
    workflow,
)

api_router = APIRouter(prefix="/api/v1")
# Acts are the hot path, and routes are matched in order.
api_router.include_router(transitions.router)
api_router.include_router(organizations.router)
api_router.include_router(principals.router)
api_router.include_router(candidates.router)
api_router.include_router(workflow.router)
api_router.include_router(plans.router)
api_router.include_router(ledgers.router)
api_router.include_router(dossier.router)
api_router.include_router(deadlines.router)
api_router.include_router(calendar.router)
api_router.include_router(audit.router)
