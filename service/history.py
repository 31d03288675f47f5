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


def event_content(row: HistoryEvent) -> dict[str, Any]:
    """The exported form of an event: what its hash covers, plus the chain fields."""
    return {
        "candidate_id": row.candidate_id,
        "seq": row.seq,
        "global_seq": row.global_seq,
        "trigger": row.trigger,
        "from_state": row.from_state,
        "to_state": row.to_state,
        "outcome": row.outcome,
        "actor": {"id": row.actor_id, "name": row.actor_name, "role": row.actor_role},
        "organization_id": row.organization_id,
        "effective_date": row.effective_date.isoformat(),
        "recorded_at": recorded_at_text(row.recorded_at),
        "evidence": orjson.loads(row.evidence),
        "violations": orjson.loads(row.violations),
        "warnings": orjson.loads(row.warnings),
        "notes": orjson.loads(row.notes),
        "rule_profile": row.rule_profile,
        "definition_hash": row.definition_hash,
        "imported": row.imported,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
        "global_prev_hash": row.global_prev_hash,
        "global_hash": row.global_hash,
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
