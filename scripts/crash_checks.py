"""What must hold in a database after its server was killed: nothing acknowledged lost, every
chain intact, every candidate consistent with its own history, every act applied exactly once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from service.adapters.tables import Candidate, ChainHead, HistoryEvent, IdempotencyRecord
from service.app.actors import Actor, Role
from service.app.audit.hashes import GENESIS, event_hash, global_hash
from service.app.history import APPLIED, applied_act, event_content
from service.workflow import get_profile
from service.workflow.replay import replay

EVENTS = HistoryEvent.__table__  # type: ignore[attr-defined]
CANDIDATES = Candidate.__table__  # type: ignore[attr-defined]
HEAD = ChainHead.__table__  # type: ignore[attr-defined]
KEYS = IdempotencyRecord.__table__  # type: ignore[attr-defined]
CHECKER = Actor(
    id=0, name="crash test", role=Role.admin, organization_id=None, organization_path=None
)


@dataclass(frozen=True, slots=True)
class Acknowledged:
    """An act the client saw answered 200/201: the event the answer named (a registration's
    answer names no hash)."""

    candidate_id: int
    seq: int
    hash: str | None
    trigger: str


def problems(
    engine: Engine, acknowledged: Iterable[Acknowledged], journey: Sequence[str]
) -> list[str]:
    """Everything wrong with the database, as sentences; empty when all holds."""
    found = _chains(engine)
    with engine.connect() as connection:
        found += _acknowledged(connection, acknowledged)
        for candidate in connection.execute(sa.select(CANDIDATES).order_by(CANDIDATES.c.id)):
            events = connection.execute(
                sa.select(EVENTS)
                .where(EVENTS.c.candidate_id == candidate.id)
                .order_by(EVENTS.c.seq)
            ).all()
            found += _consistent(candidate, events, journey)
        found += _stored_answers(connection)
    return found


def _chains(engine: Engine) -> list[str]:
    try:
        from service.app.audit.verify import verify
    except ImportError:  # the audit module is optional here: fall back to a small check
        return _own_chain_check(engine)
    verification = verify(engine, CHECKER)
    return [] if verification.ok else [f"chain broken: {verification.first_broken}"]


def _own_chain_check(engine: Engine) -> list[str]:
    found = []
    previous = GENESIS
    with engine.connect() as connection:
        rows = connection.execute(sa.select(EVENTS).order_by(EVENTS.c.global_seq)).all()
        head = connection.execute(sa.select(HEAD)).one()
    for number, row in enumerate(rows, start=1):
        content = event_content(row)
        expected = global_hash(
            global_prev_hash=previous, global_seq=number, event_hash_hex=row.hash
        )
        if row.global_seq != number or row.global_prev_hash != previous:
            found.append(f"global chain gap or fork at {number}")
        if event_hash(content) != row.hash or row.global_hash != expected:
            found.append(f"event {row.candidate_id}/{row.seq} does not hash to its stored hash")
        previous = row.global_hash
    if (head.global_seq, head.global_hash) != (len(rows), previous):
        found.append("the chain head is not the last event")
    return found


def _acknowledged(connection: Connection, acknowledged: Iterable[Acknowledged]) -> list[str]:
    stored = {
        (row.candidate_id, row.seq): row.hash
        for row in connection.execute(sa.select(EVENTS.c.candidate_id, EVENTS.c.seq, EVENTS.c.hash))
    }
    return [
        f"acknowledged {ack.trigger} {ack.candidate_id}/{ack.seq} is missing or different"
        for ack in acknowledged
        if (ack.candidate_id, ack.seq) not in stored
        or ack.hash not in (None, stored[(ack.candidate_id, ack.seq)])
    ]


def _consistent(
    candidate: sa.Row[tuple[object, ...]],
    events: Sequence[sa.Row[tuple[object, ...]]],
    journey: Sequence[str],
) -> list[str]:
    name = f"candidate {candidate.id}"
    if not events:
        return [f"{name} has no history"]
    last = events[-1]
    found = []
    if [e.seq for e in events] != list(range(1, len(events) + 1)):
        found.append(f"{name}: gaps in seq")
    if (candidate.last_seq, candidate.chain_head) != (last.seq, last.hash):
        found.append(f"{name}: last_seq/chain_head are not its last event")
    applied = [e for e in events if e.outcome == APPLIED]
    if candidate.version != len(applied):
        found.append(f"{name}: version {candidate.version} but {len(applied)} applied events")
    triggers = [e.trigger for e in applied[1:]]
    if len(applied) != len(events) or triggers != list(journey[: len(triggers)]):
        found.append(f"{name}: acts not applied exactly once, in order: {triggers}")
    rebuilt = replay([applied_act(e) for e in applied], profile=get_profile(last.rule_profile))
    if rebuilt is None or rebuilt[0] != candidate.state:
        found.append(f"{name}: state {candidate.state} is not what its history leads to")
    elif rebuilt[1].to_data() != orjson.loads(candidate.record):
        found.append(f"{name}: record differs from the one its history rebuilds")
    return found


def _stored_answers(connection: Connection) -> list[str]:
    """A stored 200 names an event: it must exist, since both were committed together."""
    found = []
    hashes = {row.hash for row in connection.execute(sa.select(EVENTS.c.hash))}
    for key in connection.execute(sa.select(KEYS).where(KEYS.c.state == "done")):
        body = orjson.loads(key.response_body)
        event = body.get("event") if isinstance(body, dict) else None
        if event is not None and event["hash"] not in hashes:
            found.append(f"key {key.key} answered with an event that is not in the history")
    return found
