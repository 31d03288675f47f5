"""Appending to the history (applied and refused acts) with both hash chains, and reading it back
in the exported form that the hashes are computed over."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import orjson
from sqlmodel import Session, select

from service.actors import Actor
from service.chain import canonical_text, event_hash, global_hash
from service.definitions import keep_definition
from service.persistence.models import Candidate, ChainHead, HistoryEvent

APPLIED = "applied"
REFUSED = "refused"


def recorded_at_text(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds") + "Z"


# The stored columns an event's exported form is made of, in the order `content_of` takes them.
EVENT_COLUMNS = (
    "candidate_id",
    "seq",
    "global_seq",
    "trigger",
    "from_state",
    "to_state",
    "outcome",
    "actor_id",
    "actor_name",
    "actor_role",
    "organization_id",
    "effective_date",
    "recorded_at",
    "evidence",
    "violations",
    "warnings",
    "notes",
    "rule_profile",
    "definition_hash",
    "imported",
    "prev_hash",
    "hash",
    "global_prev_hash",
    "global_hash",
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


def append_event(
    session: Session,
    candidate: Candidate,
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
) -> HistoryEvent:
    """Write one event at the end of the candidate's chain and of the global chain.

    The caller holds the candidate's row (locked, on PostgreSQL); the global head is locked
    last and held to commit, so concurrent writers never fork either chain.
    """
    assert candidate.id is not None
    row = HistoryEvent(
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
    row.hash = event_hash(event_content(row))
    keep_definition(session, definition_hash, at=recorded_at)
    # No autoflush: the candidate's pending changes go out in one UPDATE at commit, not two.
    with session.no_autoflush:
        head = session.exec(select(ChainHead).where(ChainHead.id == 1).with_for_update()).one()
    row.global_seq = head.global_seq + 1
    row.global_prev_hash = head.global_hash
    row.global_hash = global_hash(
        global_prev_hash=head.global_hash, global_seq=row.global_seq, event_hash_hex=row.hash
    )
    head.global_seq, head.global_hash = row.global_seq, row.global_hash
    candidate.last_seq, candidate.chain_head = row.seq, row.hash
    session.add(head)
    session.add(candidate)
    session.add(row)
    return row
