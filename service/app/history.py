"""Appending to the history (applied and refused acts) with both hash chains, and reading it back
in the exported form that the hashes are computed over."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, Protocol

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from service.adapters.prepared import Prepared
from service.adapters.tables import ChainHead, HistoryEvent
from service.app.actors import Actor
from service.app.audit.hashes import canonical_text, event_hash, global_hash
from service.app.definitions import keep_definition
from service.workflow.replay import AppliedAct

APPLIED = "applied"
REFUSED = "refused"


def recorded_at_text(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds") + "Z"


@dataclass(slots=True)
class Event:
    """One event as stored: its columns, in the order `content_of` takes them. `chain_event`
    makes it, `seal_event` completes its global link; nothing changes it after."""

    candidate_id: int
    seq: int
    global_seq: int
    trigger: str
    from_state: str | None
    to_state: str | None
    outcome: str
    actor_id: int | None
    actor_name: str
    actor_role: str
    organization_id: int
    effective_date: date
    recorded_at: datetime
    evidence: str  # the JSON columns hold canonical text (service.app.audit.hashes.canonical)
    violations: str
    warnings: str
    notes: str
    rule_profile: str
    definition_hash: str
    imported: bool
    prev_hash: str
    hash: str
    global_prev_hash: str
    global_hash: str

    def values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in EVENT_COLUMNS)


EVENT_COLUMNS = tuple(field.name for field in fields(Event))


def applied_act(row: Any) -> AppliedAct:
    """An applied event (an ORM or Core row) as the workflow replays it."""
    return AppliedAct(
        trigger=row.trigger,
        from_state=row.from_state,
        to_state=row.to_state,
        effective_date=row.effective_date,
        evidence=orjson.loads(row.evidence),
        notes=orjson.loads(row.notes),
    )


def event_content(row: Any, *, raw: bool = False) -> dict[str, Any]:
    """The exported form of an event (an ORM row or a Core row): what its hash covers, plus
    the chain fields. See `content_of`."""
    return content_of(tuple(getattr(row, name) for name in EVENT_COLUMNS), raw=raw)


def content_of(values: Sequence[Any], *, raw: bool = False) -> dict[str, Any]:
    """The exported form from the EVENT_COLUMNS values, in order (the fast path for scans).

    With `raw`, the stored JSON columns are spliced in as they are (`orjson.Fragment`), not
    parsed: they were stored canonical, so hashing and export see the same bytes, faster, and a
    byte edited in storage is a byte changed in what is hashed.
    """
    (
        candidate_id, seq, global_seq, trigger, from_state, to_state, outcome, actor_id,
        actor_name, actor_role, organization_id, effective_date, recorded_at, evidence,
        violations, warnings, notes, rule_profile, definition_hash, imported, prev_hash,
        hash_hex, global_prev_hash, global_hash_hex,
    ) = values  # fmt: skip
    load: Any = orjson.Fragment if raw else orjson.loads
    return {
        "candidate_id": candidate_id,
        "seq": seq,
        "global_seq": global_seq,
        "trigger": trigger,
        "from_state": from_state,
        "to_state": to_state,
        "outcome": outcome,
        "actor": {"id": actor_id, "name": actor_name, "role": actor_role},
        "organization_id": organization_id,
        "effective_date": effective_date.isoformat(),
        "recorded_at": recorded_at_text(recorded_at),
        "evidence": load(evidence),
        "violations": load(violations),
        "warnings": load(warnings),
        "notes": load(notes),
        "rule_profile": rule_profile,
        "definition_hash": definition_hash,
        "imported": imported,
        "prev_hash": prev_hash,
        "hash": hash_hex,
        "global_prev_hash": global_prev_hash,
        "global_hash": global_hash_hex,
    }


class ChainEnd(Protocol):
    """Where a candidate's chain ends: a Candidate, or the columns an act read."""

    @property
    def id(self) -> int | None: ...

    last_seq: int
    chain_head: str


_EVENTS: sa.Table = HistoryEvent.__table__  # type: ignore[attr-defined]
_HEADS: sa.Table = ChainHead.__table__  # type: ignore[attr-defined]
_INSERT_EVENT = Prepared(_EVENTS.insert(), column_keys=EVENT_COLUMNS)
# Taking the global head: one statement locks the row, moves the sequence and returns the
# previous hash; sealing writes the new hash. Both are held until commit.
_TAKE_HEAD = Prepared(
    _HEADS.update()
    .where(_HEADS.c.id == 1)
    .values(global_seq=_HEADS.c.global_seq + 1)
    .returning(_HEADS.c.global_seq, _HEADS.c.global_hash)
)
_SEAL_HEAD = Prepared(
    _HEADS.update().where(_HEADS.c.id == 1).values(global_hash=sa.bindparam("sealed"))
)
# PostgreSQL: the same three steps as one statement, so the head is held for one round trip
# and the commit rather than four: waiting for the holder's next statement was where the
# queue behind the head spent its time (bench/README.md). The link is computed as
# service.app.audit.hashes.global_hash computes it; the verifier checks every one.
_UNLINKED = [name for name in EVENT_COLUMNS if not name.startswith("global_")]
_APPEND_LINKED = Prepared(
    sa.text(
        "WITH head AS (SELECT global_seq, global_hash FROM chain_head WHERE id = 1 FOR UPDATE), "
        "moved AS (UPDATE chain_head SET global_seq = head.global_seq + 1, global_hash = "
        "encode(sha256(convert_to(head.global_hash || ':' || (head.global_seq + 1)::text "
        "|| ':' || CAST(:hash AS text), 'UTF8')), 'hex') "
        "FROM head WHERE chain_head.id = 1 "
        "RETURNING chain_head.global_seq, chain_head.global_hash) "
        f"INSERT INTO history_event ({', '.join(_UNLINKED)}, global_seq, global_prev_hash, "
        f"global_hash) SELECT {', '.join(f':{name}' for name in _UNLINKED)}, moved.global_seq, "
        "head.global_hash, moved.global_hash FROM head, moved "
        "RETURNING global_seq, global_prev_hash, global_hash"
    ).bindparams(
        sa.bindparam("hash", type_=sa.String()),
        *(sa.bindparam(name, type_=_EVENTS.c[name].type) for name in _UNLINKED),
    )
)


def chain_event(
    candidate: ChainEnd,
    *,
    trigger: str,
    from_state: str | None,
    to_state: str | None,
    outcome: str,
    actor: Actor,
    organization_id: int,
    effective_date: date,
    recorded_at: datetime,
    evidence: Mapping[str, Any],
    violations: Sequence[Mapping[str, Any]] = (),
    warnings: Sequence[Mapping[str, Any]] = (),
    notes: Mapping[str, Any] | None = None,
    rule_profile: str,
    definition_hash: str,
    imported: bool = False,
) -> Event:
    """The next event of the candidate's chain, hashed, and the candidate's chain moved to it
    (the caller writes the candidate). Not yet in the global chain: see `seal_event`."""
    assert candidate.id is not None
    event = Event(
        candidate_id=candidate.id,
        seq=candidate.last_seq + 1,
        global_seq=0,
        trigger=trigger,
        from_state=from_state,
        to_state=to_state,
        outcome=outcome,
        actor_id=actor.id,
        actor_name=actor.name,
        actor_role=str(actor.role),
        organization_id=organization_id,
        effective_date=effective_date,
        recorded_at=recorded_at,
        evidence=canonical_text(evidence),
        violations=canonical_text(list(violations)),
        warnings=canonical_text(list(warnings)),
        notes=canonical_text(dict(notes or {})),
        rule_profile=rule_profile,
        definition_hash=definition_hash,
        imported=imported,
        prev_hash=candidate.chain_head,
        hash="",
        global_prev_hash="",
        global_hash="",
    )
    event.hash = event_hash(content_of(event.values(), raw=True))
    candidate.last_seq, candidate.chain_head = event.seq, event.hash
    return event


def seal_event(connection: Connection, event: Event, *, last: bool = False) -> Event:
    """Link `event` into the global chain and store it, in the caller's transaction.

    The caller holds the candidate's row (locked, on PostgreSQL); the global head is taken
    last and held to commit, so concurrent writers never fork either chain. With `last` the
    caller has nothing more to write: on PostgreSQL the COMMIT then goes with the event's
    statement, so the head is held for one round trip and the WAL flush (the caller's own
    commit finds nothing left to do); elsewhere the caller commits as usual.
    """
    keep_definition(connection, event.definition_hash, at=event.recorded_at)
    if connection.dialect.name == "postgresql":
        values = {name: getattr(event, name) for name in _UNLINKED}
        append = _APPEND_LINKED.rows_then_commit if last else _APPEND_LINKED.rows
        ((event.global_seq, event.global_prev_hash, event.global_hash),) = append(
            connection, values
        )
        return event
    ((global_seq, previous),) = _TAKE_HEAD.rows(connection, {})
    sealed = global_hash(
        global_prev_hash=previous, global_seq=global_seq, event_hash_hex=event.hash
    )
    _SEAL_HEAD.run(connection, {"sealed": sealed})
    event.global_seq, event.global_prev_hash, event.global_hash = global_seq, previous, sealed
    _INSERT_EVENT.run(connection, dict(zip(EVENT_COLUMNS, event.values(), strict=True)))
    return event
