"""Liveness and readiness probes for orchestrators and load balancers (no authentication)."""

from __future__ import annotations

from typing import Literal

import structlog
from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError

from service.adapters.migrations import current_is_head
from service.api.deps import EngineDep
from service.api.errors import NotReady, problem_responses

router = APIRouter(tags=["operations"])
logger = structlog.get_logger("recruitflow.health")


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    status: Literal["ready"] = "ready"


@router.get("/healthz")
def healthz() -> Health:
    """The process is up (says nothing about the database)."""
    return Health()


@router.get("/readyz", responses=problem_responses(NotReady))
def readyz(engine: EngineDep) -> Readiness:
    """The database answers and its schema is at the latest migration."""
    try:
        at_head = current_is_head(engine)
    except SQLAlchemyError as exc:
        logger.warning("database_unreachable", error_type=type(exc).__name__)
        raise NotReady("the database does not answer") from exc
    if not at_head:
        raise NotReady(
            "the database schema is not at the latest migration: run `recruitflow migrate`"
        )
    return Readiness()
