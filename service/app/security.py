"""The security log: sign-in failures, refusals and changes to who may do what, appended to a
hash chain of its own (each event's hash over its content, linked as the history's global chain
is, with the same functions; a database guard refuses updates and deletes)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, Required, TypedDict, Unpack

import orjson
import sqlalchemy as sa
import structlog
from sqlalchemy.engine import Connection, Engine

from service.adapters.clock import Clock
from service.adapters.database import DatabaseUnavailable, UnitOfWork
from service.adapters.tables import SecurityEvent, SecurityHead
from service.app.actors import Actor
from service.app.audit.hashes import canonical, canonical_text, global_hash
from service.app.history import recorded_at_text

_logger = structlog.get_logger("recruitflow.security")

AUTH_FAILED = "auth.failed"
ACCESS_DENIED = "access.denied"
PRINCIPAL_CREATED = "principal.created"
PRINCIPAL_REVOKED = "principal.revoked"
PRINCIPAL_ROTATED = "principal.rotated"
PRINCIPAL_EXPIRED = "principal.expired"
SUBSCRIPTION_CREATED = "subscription.created"
SUBSCRIPTION_DELETED = "subscription.deleted"
PLAN_CHANGED = "plan.changed"
CALENDAR_CHANGED = "calendar.changed"
KINDS = (
    AUTH_FAILED,
    ACCESS_DENIED,
    PRINCIPAL_CREATED,
    PRINCIPAL_REVOKED,
    PRINCIPAL_ROTATED,
    PRINCIPAL_EXPIRED,
    SUBSCRIPTION_CREATED,
    SUBSCRIPTION_DELETED,
    PLAN_CHANGED,
    CALENDAR_CHANGED,
)

# The fields an event's hash covers, in its exported form.
HASHED_FIELDS = (
    "seq",
    "kind",
    "principal_id",
    "actor_id",
    "organization_id",
    "method",
    "path",
    "detail",
    "recorded_at",
)

SECURITY_EVENTS: sa.Table = SecurityEvent.__table__  # type: ignore[attr-defined]
SECURITY_HEAD: sa.Table = SecurityHead.__table__  # type: ignore[attr-defined]
SECURITY_COLUMNS = tuple(column for column in SECURITY_EVENTS.columns if not column.primary_key)
_TAKE_HEAD = (
    SECURITY_HEAD.update()
    .where(SECURITY_HEAD.c.id == 1)
    .values(seq=SECURITY_HEAD.c.seq + 1)
    .returning(SECURITY_HEAD.c.seq, SECURITY_HEAD.c.chain_hash)
)
_SEAL_HEAD = (
    SECURITY_HEAD.update().where(SECURITY_HEAD.c.id == 1).values(chain_hash=sa.bindparam("sealed"))
)
_INSERT = SECURITY_EVENTS.insert()


def security_content(event: Any, *, raw: bool = False) -> dict[str, Any]:
    """The exported form of a stored event (a Core row of SECURITY_COLUMNS, read by name).

    With `raw`, the stored detail is spliced in as stored (it was stored canonical), so a byte
    edited in storage is a byte changed in what is hashed."""
    load: Any = orjson.Fragment if raw else orjson.loads
    return {
        "seq": event.seq,
        "kind": event.kind,
        "principal_id": event.principal_id,
        "actor_id": event.actor_id,
        "organization_id": event.organization_id,
        "method": event.method,
        "path": event.path,
        "detail": load(event.detail),
        "recorded_at": recorded_at_text(event.recorded_at),
        "hash": event.hash,
        "prev_hash": event.prev_hash,
        "chain_hash": event.chain_hash,
    }


def security_hash(content: Mapping[str, Any]) -> str:
    payload = {name: content[name] for name in HASHED_FIELDS}
    return hashlib.sha256(canonical(payload)).hexdigest()


def record_security_event(
    connection: Connection,
    clock: Clock,
    kind: str,
    *,
    principal_id: int | None,
    organization_id: int | None,
    actor_id: int | None = None,
    method: str | None = None,
    path: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> int:
    """Append one event in the caller's transaction (the caller commits); its seq.

    `principal_id` is whom the event concerns (the caller, for refusals and changes they
    made); `actor_id` who acted when that is someone else (the admin who revoked); the event
    is visible to auditors of `organization_id` and above (None: admins only). The log's head
    is taken last and held to commit, like the history's: take it after every other lock.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown security event kind {kind!r}")
    seq, previous = connection.execute(_TAKE_HEAD).one()
    row: dict[str, Any] = {
        "seq": seq,
        "kind": kind,
        "principal_id": principal_id,
        "actor_id": actor_id,
        "organization_id": organization_id,
        "method": method,
        "path": path[:400] if path is not None else None,
        "detail": canonical_text(dict(detail or {})),
        "recorded_at": clock.now(),
        "prev_hash": previous,
    }
    content = {**row, "recorded_at": recorded_at_text(row["recorded_at"])}
    content["detail"] = orjson.Fragment(row["detail"])
    row["hash"] = security_hash(content)
    row["chain_hash"] = global_hash(
        global_prev_hash=previous, global_seq=seq, event_hash_hex=row["hash"]
    )
    connection.execute(_SEAL_HEAD, {"sealed": row["chain_hash"]})
    connection.execute(_INSERT, row)
    return int(seq)


class EventFields(TypedDict, total=False):
    """What `log_security_event` passes on to `record_security_event`."""

    principal_id: Required[int | None]
    organization_id: Required[int | None]
    actor_id: int | None
    method: str | None
    path: str | None
    detail: Mapping[str, Any] | None


def log_security_event(
    engine: Engine, clock: Clock, kind: str, **fields: Unpack[EventFields]
) -> int:
    """`record_security_event` in a unit of work of its own, for a request that fails (a
    refusal, a failed sign-in) and so commits nothing itself."""
    with UnitOfWork(engine, write=True) as uow:
        seq = record_security_event(uow.connection, clock, kind, **fields)
        uow.commit()
    return seq


def log_access_denied(
    engine: Engine, clock: Clock, actor: Actor, *, method: str, path: str, reason: str
) -> None:
    """A 403, the API's or the console's: who asked, for what method and path, and why. The
    request's own unit of work was rolled back with the refusal, so this one is its own; with
    the database down the refusal is still answered, and the lost event logged instead."""
    try:
        log_security_event(
            engine,
            clock,
            ACCESS_DENIED,
            principal_id=actor.id,
            organization_id=actor.organization_id,
            method=method,
            path=path,
            detail={"reason": reason, "role": str(actor.role)},
        )
    except DatabaseUnavailable:
        _logger.warning("security_event_not_written", kind=ACCESS_DENIED, principal=actor.id)
