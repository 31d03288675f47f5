"""The deployment's rule profile, and every workflow definition that decided an act, kept by
content hash so auditors can read the rules that applied to each act even after they change."""

from __future__ import annotations

import threading
import weakref
from dataclasses import replace
from datetime import datetime
from functools import cache
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine, RootTransaction
from sqlalchemy.pool import Pool

from service.adapters.database import UnitOfWork
from service.adapters.tables import WorkflowDefinition
from service.app.errors import NotFound
from service.settings import Settings
from service.workflow import PROFILES, RuleProfile, canonical_json, definition_hash, describe

_TABLE: sa.Table = WorkflowDefinition.__table__  # type: ignore[attr-defined]
# Definitions seen committed in each database (by its engine's pool), so only the first events
# of a process under a definition pay for a lookup.
_stored: weakref.WeakKeyDictionary[Pool, set[str]] = weakref.WeakKeyDictionary()
_stored_guard = threading.Lock()
# Definitions inserted by a transaction not yet committed (not yet "known").
_inserted: weakref.WeakKeyDictionary[RootTransaction, set[str]] = weakref.WeakKeyDictionary()


def deployment_profile(settings: Settings) -> RuleProfile:
    """The rule profile every use case decides under: the named built-in profile, with
    `RECRUITFLOW_REQUIRE_PLAN` resolved into it (so its definition hash covers the setting)."""
    return _resolved(settings.rule_profile, require_plan=settings.require_plan)


@cache
def _resolved(name: str, *, require_plan: bool) -> RuleProfile:
    # One object per setting, so definition_hash's cache finds it by identity on every act.
    profile = PROFILES[name]
    if profile.require_plan == require_plan:
        return profile
    return replace(profile, require_plan=require_plan)


@cache
def current_definitions() -> dict[str, dict[str, Any]]:
    """This release's definitions: every built-in profile, with and without `require_plan`."""
    resolved = (
        _resolved(name, require_plan=require_plan)
        for name in PROFILES
        for require_plan in (False, True)
    )
    return {definition_hash(profile): describe(profile) for profile in resolved}


def keep_definition(connection: Connection, digest: str, *, at: datetime) -> None:
    """Store this release's definition `digest` in the caller's transaction, unless stored: the
    history never names rules the database does not hold. Instances racing to store it insert
    nothing twice (ON CONFLICT DO NOTHING) and never fail the act."""
    body = current_definitions().get(digest)
    pool = connection.engine.pool
    with _stored_guard:
        known = _stored.setdefault(pool, set())
    if body is None or digest in known:
        return
    transaction = connection.get_transaction()
    found = connection.execute(sa.select(_TABLE.c.hash).where(_TABLE.c.hash == digest))
    with _stored_guard:
        inserted = _inserted.setdefault(transaction, set()) if transaction else set()
    if found.first() is not None:
        if digest not in inserted:  # committed by someone, not just pending in this transaction
            with _stored_guard:
                known.add(digest)
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    values = {
        "hash": digest,
        "rule_profile": body["profile"]["name"],
        "body": canonical_json(body),
        "created_at": at,
    }
    connection.execute(dialect.insert(_TABLE).values(**values).on_conflict_do_nothing())
    inserted.add(digest)


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
