"""The versioned API: every `/api/v1` resource's router, in the order they are matched.

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
    subscriptions,
    tasks,
    transitions,
    workflow,
)

PREFIX = "/api/v1"
# Included by create_app one by one under PREFIX, so a request walks one inclusion, not two;
# acts are the hot path, and routes are matched in order.
ROUTERS: tuple[APIRouter, ...] = (
    transitions.router,
    organizations.router,
    principals.router,
    candidates.router,
    workflow.router,
    plans.router,
    ledgers.router,
    dossier.router,
    deadlines.router,
    calendar.router,
    audit.router,
    tasks.router,
    subscriptions.router,
)
