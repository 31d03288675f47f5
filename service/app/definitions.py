"""The deployment's rule profiles (the schedule in force), and every workflow definition that
decided an act, kept by content hash so auditors can read the rules that applied to each act
even after they change."""

from __future__ import annotations

import threading
import weakref
from dataclasses import replace
from datetime import date, datetime
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
from service.app.profiles import BUILT_IN, InForce, in_force, load_profile, parse_schedule
from service.settings import Settings
from service.workflow import RuleProfile, canonical_json, definition_hash, describe
from service.workflow.profile_data import ProfileInvalid, profile_from_mapping

_TABLE: sa.Table = WorkflowDefinition.__table__  # type: ignore[attr-defined]
# Definitions seen committed in each database (by its engine's pool), so only the first events
# of a process under a definition pay for a lookup.
_stored: weakref.WeakKeyDictionary[Pool, set[str]] = weakref.WeakKeyDictionary()
_stored_guard = threading.Lock()
# Definitions of the profiles loaded from files by this process, stored like the built-in ones.
_loaded: dict[str, dict[str, Any]] = {}
# Definitions inserted by a transaction not yet committed (not yet "known").
_inserted: weakref.WeakKeyDictionary[RootTransaction, set[str]] = weakref.WeakKeyDictionary()


def deployment_schedule(settings: Settings) -> tuple[InForce, ...]:
    """The profiles in force, each from its date: `RECRUITFLOW_RULE_PROFILES`, else the one
    `RECRUITFLOW_RULE_PROFILE`; `RECRUITFLOW_REQUIRE_PLAN` resolved into each (so its definition
    hash covers the setting). A file that does not load raises ProfileInvalid."""
    return _schedule(
        settings.rule_profiles or settings.rule_profile, require_plan=settings.require_plan
    )


def deployment_profile(settings: Settings, *, on: date) -> RuleProfile:
    """The rule profile that decides an act dated `on` (explain and deadlines: today)."""
    return in_force(deployment_schedule(settings), on).profile


@cache
def _schedule(text: str, *, require_plan: bool) -> tuple[InForce, ...]:
    schedule = tuple(
        InForce(since, ref, _resolved(ref, require_plan=require_plan))
        for since, ref in parse_schedule(text)
    )
    for entry in schedule:
        digest = definition_hash(entry.profile)
        if digest not in current_definitions():
            with _stored_guard:
                _loaded.setdefault(digest, describe(entry.profile))
    return schedule


@cache
def _resolved(ref: str, *, require_plan: bool) -> RuleProfile:
    # One object per setting, so definition_hash's cache finds it by identity on every act; a
    # file is read once per process (a changed file takes a restart, like any setting).
    profile = load_profile(ref)
    if profile.require_plan != require_plan:
        profile = replace(profile, require_plan=require_plan)
    return profile


@cache
def current_definitions() -> dict[str, dict[str, Any]]:
    """This release's definitions: every built-in profile, with and without `require_plan`."""
    resolved = (
        _resolved(name, require_plan=require_plan)
        for name in BUILT_IN
        for require_plan in (False, True)
    )
    return {definition_hash(profile): describe(profile) for profile in resolved}


def _served(digest: str) -> dict[str, Any] | None:
    found = current_definitions().get(digest)
    if found is None:
        with _stored_guard:
            found = _loaded.get(digest)
    return found


def keep_definition(connection: Connection, digest: str, *, at: datetime) -> None:
    """Store the definition `digest` (a built-in profile's, or one this process loaded from a
    file) in the caller's transaction, unless stored: the history never names rules the database
    does not hold. Instances racing to store it insert
    nothing twice (ON CONFLICT DO NOTHING) and never fail the act."""
    body = _served(digest)
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
    current = _served(digest)
    if current is not None:
        return current
    with UnitOfWork(engine) as uow:
        stored = uow.session.get(WorkflowDefinition, digest)
    if stored is None:
        raise NotFound(
            f"no workflow definition has the hash {digest}",
            detail_zh="没有与此哈希值对应的工作流程定义",
        )
    body: dict[str, Any] = orjson.loads(stored.body)
    return body


def profile_by_hash(engine: Engine, digest: str) -> RuleProfile:
    """The resolved profile of the definition `digest`, to replay acts it decided; a definition
    stored before profiles carried every setting is read as the built-in profile it names."""
    body = definition_by_hash(engine, digest)
    try:
        return profile_from_mapping(body["profile"], source=f"definition {digest}")
    except ProfileInvalid:
        name = body["profile"].get("name")
        if name not in BUILT_IN:
            raise
        return _resolved(name, require_plan=bool(body["profile"].get("require_plan", False)))
