"""Idempotency keys: a retried request is answered from the stored response, never applied twice.

A request carrying `Idempotency-Key` goes through three steps, keyed by (principal, key):

1. **Claim**, in a short transaction of its own that commits before any work starts: an
   `in_flight` row is inserted, so a concurrent retry sees it (409 `idempotency-in-flight`); an
   existing `done` row is answered as stored (same request hash) or refused (422
   `idempotency-key-reused`). Two claims racing on PostgreSQL meet at the primary key: the
   loser's insert fails and it reads the winner's row.
2. **Complete**, inside the act's own transaction, just before it commits: the use case hands
   its outcome (an applied act, or a refusal about to be committed) to `Claim.complete`, which
   renders the response and turns the row `done` with that status and body. The act, its
   history event and its stored response commit together or not at all, so a crash can never
   leave an applied act without its answer, nor an answer without its act.
   The update is conditional (`state = in_flight AND created_at = claimed_at`): if the claim
   was meanwhile taken over, it matches no row, and the act is rolled back.
3. **Release**, when the request fails in a way that commits nothing (403, 404, 412, 422 …):
   the `in_flight` row is deleted, so the client may correct and resend under the same key.

A process killed between claim and complete leaves an `in_flight` row and no effect; after
`IN_FLIGHT_LEASE` a retry takes the claim over (the conditional update above keeps a slow
original from completing too). Rows are kept for `RETENTION` (24 h), then purged: a principal's
expired rows whenever it claims a new key, everything expired by `recruitflow idempotency purge`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork
from service.adapters.tables import IdempotencyRecord
from service.app.audit.hashes import canonical
from service.app.errors import IdempotencyConflict

IN_FLIGHT = "in_flight"
DONE = "done"
RETENTION = timedelta(hours=24)
IN_FLIGHT_LEASE = timedelta(seconds=10)

_TABLE = IdempotencyRecord.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status_code: int
    body: str


Render = Callable[[Any], StoredResponse]


@dataclass(slots=True)
class Claim:
    """This request's hold on a key; `response` is what `complete` stored (once committed)."""

    principal_id: int
    key: str
    claimed_at: datetime
    render: Render
    response: StoredResponse | None = field(default=None)

    def complete(self, session: Session, outcome: Any) -> None:
        """Store the response to `outcome` in the caller's (not yet committed) transaction."""
        response = self.render(outcome)
        result = session.connection().execute(
            sa.update(_TABLE)
            .where(
                _TABLE.c.principal_id == self.principal_id,
                _TABLE.c.key == self.key,
                _TABLE.c.state == IN_FLIGHT,
                _TABLE.c.created_at == self.claimed_at,
            )
            .values(state=DONE, status_code=response.status_code, response_body=response.body)
        )
        if result.rowcount != 1:
            raise IdempotencyConflict(
                "another request took this Idempotency-Key over; retry it", in_flight=True
            )
        self.response = response


def request_hash(*, method: str, path: str, body: Any) -> str:
    """What makes two requests "the same": method, path and the canonical JSON of the body."""
    return hashlib.sha256(canonical({"method": method, "path": path, "body": body})).hexdigest()


def claim(
    engine: Engine,
    clock: Clock,
    *,
    principal_id: int,
    key: str,
    request_hash: str,
    render: Render,
) -> Claim | StoredResponse:
    """The claim to pass to the use case, or the stored response of an earlier identical request."""
    for _attempt in range(3):
        try:
            return _claim_once(engine, clock, principal_id, key, request_hash, render)
        except IntegrityError:
            continue  # a concurrent request inserted the key first: look again
    raise IdempotencyConflict("a request with this Idempotency-Key is in flight", in_flight=True)


def _claim_once(
    engine: Engine, clock: Clock, principal_id: int, key: str, fingerprint: str, render: Render
) -> Claim | StoredResponse:
    now = clock.now()
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        row = session.exec(
            select(IdempotencyRecord)
            .where(IdempotencyRecord.principal_id == principal_id, IdempotencyRecord.key == key)
            .with_for_update()
        ).one_or_none()
        if row is None:
            session.add(
                IdempotencyRecord(
                    principal_id=principal_id,
                    key=key,
                    request_hash=fingerprint,
                    state=IN_FLIGHT,
                    created_at=now,
                )
            )
            _purge(session, now - RETENTION, principal_id=principal_id)
            uow.commit()
            return Claim(principal_id, key, now, render)
        expired = row.created_at <= now - RETENTION
        if not expired and row.request_hash != fingerprint:
            raise IdempotencyConflict(
                "this Idempotency-Key was used for a different request", in_flight=False
            )
        if not expired and row.state == DONE:
            return StoredResponse(row.status_code or 0, row.response_body or "")
        if not expired and row.created_at > now - IN_FLIGHT_LEASE:
            raise IdempotencyConflict(
                "a request with this Idempotency-Key is in flight", in_flight=True
            )
        # An expired key, or one whose request died without completing: start afresh.
        row.request_hash, row.state, row.created_at = fingerprint, IN_FLIGHT, now
        row.status_code, row.response_body = None, None
        session.add(row)
        uow.commit()
    return Claim(principal_id, key, now, render)


def release(engine: Engine, claim: Claim) -> None:
    """Give the key back after a failure that committed nothing."""
    with UnitOfWork(engine, write=True) as uow:
        uow.session.connection().execute(
            sa.delete(_TABLE).where(
                _TABLE.c.principal_id == claim.principal_id,
                _TABLE.c.key == claim.key,
                _TABLE.c.state == IN_FLIGHT,
                _TABLE.c.created_at == claim.claimed_at,
            )
        )
        uow.commit()


def purge_expired(engine: Engine, clock: Clock, *, retention: timedelta = RETENTION) -> int:
    """Delete every key older than `retention` (never less than 24 h); the number deleted."""
    with UnitOfWork(engine, write=True) as uow:
        deleted = _purge(uow.session, clock.now() - max(retention, RETENTION))
        uow.commit()
    return deleted


def _purge(session: Session, cutoff: datetime, *, principal_id: int | None = None) -> int:
    statement = sa.delete(_TABLE).where(col(IdempotencyRecord.created_at) < cutoff)
    if principal_id is not None:
        statement = statement.where(_TABLE.c.principal_id == principal_id)
    result = session.connection().execute(statement)
    return int(result.rowcount)
