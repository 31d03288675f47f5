"""A database with one candidate holding a very long history (1,000,000 events by default):
the world through the use cases, then the events written in bulk with valid hash chains.

The events go in with raw SQL (SQLite executemany, PostgreSQL COPY) in one transaction; the
append-only triggers forbid only UPDATE and DELETE. Each event is hashed exactly as
service.app.history.chain_event and seal_event would (same content, same functions), both chains
link up, and the candidate's and the global chain heads are moved to the last event, so a
verifier accepts it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from service.adapters.clock import FixedClock
from service.app.actors import Role
from service.app.audit.hashes import canonical_text, event_hash, global_hash
from service.app.candidates import NewCandidate, create_candidate
from service.app.history import EVENT_COLUMNS, recorded_at_text
from service.app.organizations import OrganizationKind, create_organization
from service.app.principals import register_principal
from service.settings import Settings
from service.workflow import definition_hash, get_profile

COLUMNS = EVENT_COLUMNS
BATCH = 20_000

# What the long history repeats: a secretary recording the activist's assessments and trainings.
_ACTS = (
    ("record_assessment", {"period": "2024H1", "summary": "表现良好，按期参加组织生活和学习"}),
    ("assign_mentors", {"mentors": [{"name": "李四", "member_id": "M001"}, {"name": "周八"}]}),
    ("record_assessment", {"period": "2024H2", "summary": "思想汇报及时，群众评价好"}),
)


@dataclass(frozen=True)
class LongHistory:
    candidate_id: int
    events: int
    secretary_token: str
    auditor_token: str
    admin_token: str


def _events(
    *,
    candidate_id: int,
    organization_id: int,
    actor_id: int,
    first_seq: int,
    prev_hash: str,
    global_seq: int,
    global_head: str,
    count: int,
    profile: str,
) -> Iterator[tuple[object, ...]]:
    digest = definition_hash(get_profile(profile))
    started = datetime(2024, 1, 1, 8, 0, 0)
    acts = itertools.cycle(_ACTS)
    for offset in range(count):
        trigger, evidence = next(acts)
        seq, global_seq = first_seq + offset, global_seq + 1
        recorded_at = started + timedelta(microseconds=offset * 1000)
        effective = date(2024, 1, 1)
        content = {
            "candidate_id": candidate_id,
            "seq": seq,
            "trigger": trigger,
            "from_state": "activist",
            "to_state": "activist",
            "outcome": "applied",
            "actor": {"id": actor_id, "name": "王书记", "role": "secretary"},
            "organization_id": organization_id,
            "effective_date": effective.isoformat(),
            "recorded_at": recorded_at_text(recorded_at),
            "evidence": evidence,
            "violations": [],
            "warnings": [],
            "notes": {},
            "rule_profile": profile,
            "definition_hash": digest,
            "imported": False,
            "prev_hash": prev_hash,
        }
        hash_hex = event_hash(content)
        new_global = global_hash(
            global_prev_hash=global_head, global_seq=global_seq, event_hash_hex=hash_hex
        )
        yield (
            candidate_id, seq, global_seq, trigger, "activist", "activist", "applied", actor_id,
            "王书记", "secretary", organization_id, effective, recorded_at,
            canonical_text(evidence), "[]", "[]", "{}", profile, digest, False, prev_hash,
            hash_hex, global_head, new_global,
        )  # fmt: skip
        prev_hash, global_head = hash_hex, new_global


def seed_long_history(engine: Engine, settings: Settings, *, events: int) -> LongHistory:
    clock = FixedClock.on(date(2023, 12, 31))
    admin = register_principal(engine, clock, name="admin", role=Role.admin, organization_id=None)
    committee = create_organization(
        engine, clock, admin.actor, name="县直工委", kind=OrganizationKind.committee, parent_id=None
    )
    branch = create_organization(
        engine,
        clock,
        admin.actor,
        name="财政局党支部",
        kind=OrganizationKind.branch,
        parent_id=committee.id,
    )
    assert committee.id is not None
    assert branch.id is not None
    secretary = register_principal(
        engine, clock, name="王书记", role=Role.secretary, organization_id=branch.id
    )
    auditor = register_principal(
        engine, clock, name="刘审计", role=Role.auditor, organization_id=committee.id
    )
    candidate, first = create_candidate(
        engine,
        clock,
        settings,
        secretary.actor,
        NewCandidate(
            branch_id=branch.id, name="张三丰", gender="male", birth_date=date(1995, 5, 20),
            application_date=date(2023, 3, 1),
        ),
    )  # fmt: skip
    assert candidate.id is not None
    rows = _events(
        candidate_id=candidate.id,
        organization_id=branch.id,
        actor_id=secretary.actor.id,
        first_seq=first.seq + 1,
        prev_hash=first.hash,
        global_seq=first.global_seq,
        global_head=first.global_hash,
        count=events,
        profile=settings.rule_profile,
    )
    last = _write(engine, rows)
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE candidate SET last_seq = :seq, chain_head = :hash WHERE id = :id"),
            {"seq": last[1], "hash": last[21], "id": candidate.id},
        )
        connection.execute(
            sa.text("UPDATE chain_head SET global_seq = :seq, global_hash = :hash WHERE id = 1"),
            {"seq": last[2], "hash": last[23]},
        )
        if engine.dialect.name == "postgresql":
            connection.execute(sa.text("ANALYZE history_event"))
    return LongHistory(candidate.id, events + 1, secretary.token, auditor.token, admin.token)


def _write(engine: Engine, rows: Iterator[tuple[object, ...]]) -> tuple[object, ...]:
    last: tuple[object, ...] = ()
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "postgresql":
            columns = ", ".join(COLUMNS)
            with cursor.copy(f"COPY history_event ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    last = row
        else:
            cursor.execute("BEGIN")
            placeholders = ", ".join("?" * len(COLUMNS))
            statement = f"INSERT INTO history_event ({', '.join(COLUMNS)}) VALUES ({placeholders})"
            while batch := list(itertools.islice(rows, BATCH)):
                cursor.executemany(statement, batch)
                last = batch[-1]
        raw.commit()
    finally:
        raw.close()
    return last
