"""The versioned API router: every `/api/v1` resource is included here."""

from __future__ import annotations

from fastapi import APIRouter

from service.api.routers import candidates, organizations, principals, transitions, workflow

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(organizations.router)
api_router.include_router(principals.router)
api_router.include_router(candidates.router)
api_router.include_router(transitions.router)
api_router.include_router(workflow.router)
