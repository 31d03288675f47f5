"""Every workflow definition that decided an act, kept by content hash so auditors can read the
rules that applied to each act even after the rules change."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from service.clock import Clock
from service.db import UnitOfWork
from service.errors import NotFound
from service.persistence.models import WorkflowDefinition
from service.workflow import PROFILES, canonical_json, definition_hash, describe


def current_definitions() -> dict[str, dict[str, Any]]:
    return {definition_hash(name): describe(profile) for name, profile in PROFILES.items()}


def store_current_definitions(engine: Engine, clock: Clock) -> None:
    """Keep this release's definitions (one per profile); called at start-up, idempotent."""
    for digest, body in current_definitions().items():
        try:
            with UnitOfWork(engine, write=True) as uow:
                if uow.session.get(WorkflowDefinition, digest) is None:
                    uow.session.add(
                        WorkflowDefinition(
                            hash=digest,
                            rule_profile=body["profile"]["name"],
                            body=canonical_json(body),
                            created_at=clock.now(),
                        )
                    )
                    uow.commit()
        except IntegrityError:
            pass  # another instance starting at the same time stored it first


def definition_by_hash(engine: Engine, digest: str) -> dict[str, Any]:
    current = current_definitions().get(digest)
    if current is not None:
        return current
    with UnitOfWork(engine) as uow:
        stored = uow.session.get(WorkflowDefinition, digest)
    if stored is None:
        raise NotFound(f"no workflow definition has the hash {digest}")
    body: dict[str, Any] = orjson.loads(stored.body)
    return body
