"""Re-computing the chains from the database: every candidate chain under an organisation, event
by event from its content, and the global chain over every event up to the chain head.

The global chain is checked over the stored hashes of all events (they reveal nothing), so an
auditor of one committee still notices a chain deleted elsewhere; only events in scope are
re-hashed from their content. A head noted earlier (`GET /audit/head`) must still be on the
chain: then nothing before it changed.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from service.adapters.database import UnitOfWork
from service.app.actors import Actor
from service.app.audit.chains import Break, CandidateChains, GlobalChain
from service.app.audit.events import EVENT_VALUES, EVENTS, organizations_under, require_auditor
from service.app.audit.export import CANDIDATES, HEAD
from service.app.audit.rows import partitions, stored_events
from service.app.history import content_of
from service.app.organizations import resolve_scope


@dataclass(frozen=True, slots=True)
class Head:
    global_seq: int
    global_hash: str


@dataclass(frozen=True, slots=True)
class Verification:
    organization_id: int | None
    events_checked: int
    candidates_checked: int
    global_events_checked: int
    head: Head
    first_broken: Break | None

    @property
    def ok(self) -> bool:
        return self.first_broken is None


def chain_head(engine: Engine, actor: Actor) -> Head:
    require_auditor(actor)
    with UnitOfWork(engine) as uow:
        row = uow.session.connection().execute(sa.select(HEAD.c.global_seq, HEAD.c.global_hash))
        head = row.one()
    return Head(head.global_seq, head.global_hash)


def verify(
    engine: Engine, actor: Actor, *, organization_id: int | None = None, noted: Head | None = None
) -> Verification:
    require_auditor(actor)
    with UnitOfWork(engine, snapshot=True) as uow:
        connection = uow.connection
        organization = resolve_scope(uow.session, actor, organization_id)
        path = organization.path if organization is not None else None
        checked, in_scope, first = _candidate_chains(connection, path)
        head = connection.execute(sa.select(HEAD.c.global_seq, HEAD.c.global_hash)).one()
        global_checked, global_first = _global_chain(
            connection, Head(head.global_seq, head.global_hash), noted
        )
    if global_first is not None and global_first.candidate_id not in in_scope:
        # An event outside the caller's organisation: say where in the global chain only.
        global_first = Break(
            global_first.reason, global_first.detail, global_seq=global_first.global_seq
        )
    return Verification(
        organization_id=organization.id if organization is not None else None,
        events_checked=checked,
        candidates_checked=len(in_scope),
        global_events_checked=global_checked,
        head=Head(head.global_seq, head.global_hash),
        first_broken=first or global_first,
    )


def _candidate_chains(
    connection: Connection, path: str | None
) -> tuple[int, set[int], Break | None]:
    """Events re-hashed, candidates checked, and the first break, candidate by candidate.

    The candidates and their events are read side by side, both in index order (a join would
    make PostgreSQL sort every event)."""
    candidates = sa.select(CANDIDATES.c.id, CANDIDATES.c.last_seq, CANDIDATES.c.chain_head)
    events = sa.select(*EVENT_VALUES)
    if path is not None:
        under = organizations_under(path)
        touched = sa.union(
            sa.select(CANDIDATES.c.id).where(CANDIDATES.c.branch_id.in_(under)),
            sa.select(EVENTS.c.candidate_id).where(EVENTS.c.organization_id.in_(under)),
        )
        candidates = candidates.where(CANDIDATES.c.id.in_(touched))
        events = events.where(EVENTS.c.candidate_id.in_(touched))
    rows = itertools.chain.from_iterable(
        stored_events(connection, events.order_by(EVENTS.c.candidate_id, EVENTS.c.seq))
    )
    row = next(rows, None)
    chains = CandidateChains()
    checked, seen, first = 0, set[int](), None
    for batch in partitions(connection, candidates.order_by(CANDIDATES.c.id)):
        for candidate_id, last_seq, chain_head in batch:
            seen.add(candidate_id)
            while row is not None and row.candidate_id <= candidate_id:
                if row.candidate_id == candidate_id:
                    checked += 1
                    first = first or chains.event(content_of(row, raw=True))
                row = next(rows, None)
            first = first or chains.end(candidate_id, last_seq=last_seq, chain_head=chain_head)
    return checked, seen, first


def _global_chain(
    connection: Connection, head: Head, noted: Head | None
) -> tuple[int, Break | None]:
    chain = GlobalChain(noted=(noted.global_seq, noted.global_hash) if noted is not None else None)
    statement = sa.select(
        EVENTS.c.global_seq,
        EVENTS.c.hash,
        EVENTS.c.global_prev_hash,
        EVENTS.c.global_hash,
        EVENTS.c.candidate_id,
        EVENTS.c.seq,
    ).order_by(EVENTS.c.global_seq)
    first, checked = None, 0
    for rows in partitions(connection, statement):
        checked += len(rows)
        fault = chain.events(rows)
        first = first or fault
    ended = chain.end(head_seq=head.global_seq, head_hash=head.global_hash, complete=True)
    return checked, first or ended
