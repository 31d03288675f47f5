"""Appending to the history (applied and refused acts) with both hash chains, and reading it back
in the exported form that the hashes are computed over."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from service.adapters.tables import Candidate, ChainHead, HistoryEvent
from service.app.actors import Actor
from service.app.audit.hashes import canonical_text, event_hash, global_hash
from service.app.definitions import keep_definition
from service.workflow.replay import AppliedAct

APPLIED = "applied"
REFUSED = "refused"


def recorded_at_text(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds") + "Z"


_EVENTS: sa.Table = HistoryEvent.__table__  # type: ignore[attr-defined]
_HEADS: sa.Table = ChainHead.__table__  # type: ignore[attr-defined]
# What an event stores, in the table's order: every column of `history_event` but its id.
EVENT_COLUMNS = tuple(column.name for column in _EVENTS.columns if not column.primary_key)


class Event(SimpleNamespace):
    """One event being written: an attribute for each of EVENT_COLUMNS (the JSON ones hold
    canonical text). `chain_event` makes it, `seal_event` links and stores it; nothing
    changes it after. Its types are the table's (service.adapters.tables.HistoryEvent)."""


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


def content_of(event: Any, *, raw: bool = False) -> dict[str, Any]:
    """The exported form of an event, what its hash covers plus the chain fields, from its
    columns read by name: an Event, an ORM row or a Core row of EVENT_COLUMNS.

    With `raw`, the stored JSON columns are spliced in as they are (`orjson.Fragment`), not
    parsed: they were stored canonical, so hashing and export see the same bytes, faster, and a
    byte edited in storage is a byte changed in what is hashed.
    """
    load: Any = orjson.Fragment if raw else orjson.loads
    return {
        "candidate_id": event.candidate_id,
        "seq": event.seq,
        "global_seq": event.global_seq,
        "trigger": event.trigger,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "outcome": event.outcome,
        "actor": {"id": event.actor_id, "name": event.actor_name, "role": event.actor_role},
        "organization_id": event.organization_id,
        "effective_date": event.effective_date.isoformat(),
        "recorded_at": recorded_at_text(event.recorded_at),
        "evidence": load(event.evidence),
        "violations": load(event.violations),
        "warnings": load(event.warnings),
        "notes": load(event.notes),
        "rule_profile": event.rule_profile,
        "definition_hash": event.definition_hash,
        "imported": event.imported,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
        "global_prev_hash": event.global_prev_hash,
        "global_hash": event.global_hash,
    }


# The name the audit and the scripts know it by.
event_content = content_of

_INSERT_EVENT = _EVENTS.insert()
# Taking the global head: one statement locks the row, moves the sequence and returns the
# previous hash; sealing writes the new hash. Both are held until commit.
_TAKE_HEAD = (
    _HEADS.update()
    .where(_HEADS.c.id == 1)
    .values(global_seq=_HEADS.c.global_seq + 1)
    .returning(_HEADS.c.global_seq, _HEADS.c.global_hash)
)
_SEAL_HEAD = _HEADS.update().where(_HEADS.c.id == 1).values(global_hash=sa.bindparam("sealed"))
# PostgreSQL: the same three steps as one statement, so the head is held for one round trip
# and the commit rather than four: waiting for the holder's next statement was where the
# queue behind the head spent its time (bench/README.md). The link is computed as
# service.app.audit.hashes.global_hash computes it; the verifier checks every one.
_UNLINKED = [name for name in EVENT_COLUMNS if not name.startswith("global_")]
_APPEND_LINKED = sa.text(
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


def chain_event(
    candidate: Candidate | sa.Row[Any],
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
    """The next event of the candidate's chain, hashed: the caller moves the candidate's chain
    end to it (`last_seq`, `chain_head`). Not yet in the global chain: see `seal_event`."""
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
    event.hash = event_hash(content_of(event, raw=True))
    return event


def seal_event(connection: Connection, event: Event) -> Event:
    """Link `event` into the global chain and store it, in the caller's transaction, which
    the caller commits (the database adds its webhook deliveries: migration 0005).

    The caller holds the candidate's row (locked, on PostgreSQL); the global head is taken
    last and held to commit, so concurrent writers never fork either chain.
    """
    keep_definition(connection, event.definition_hash, at=event.recorded_at)
    if connection.dialect.name == "postgresql":
        linked = connection.execute(
            _APPEND_LINKED, {name: getattr(event, name) for name in _UNLINKED}
        ).one()
        event.global_seq, event.global_prev_hash, event.global_hash = linked
        return event
    global_seq, previous = connection.execute(_TAKE_HEAD).one()
    sealed = global_hash(
        global_prev_hash=previous, global_seq=global_seq, event_hash_hex=event.hash
    )
    connection.execute(_SEAL_HEAD, {"sealed": sealed})
    event.global_seq, event.global_prev_hash, event.global_hash = global_seq, previous, sealed
    connection.execute(_INSERT_EVENT, vars(event))
    return event
