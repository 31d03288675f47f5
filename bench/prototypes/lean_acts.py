"""Prototype: `perform_act` on SQLAlchemy Core instead of ORM objects, to measure what the ORM
costs on the hot path. Same checks, same decision, same rows and hashes as service.acts.

One joined read locks the candidate and brings its branch path; the chain head is read under
lock and written with plain statements; the event is inserted from a dict; the results are
light objects with the attributes CandidateOut.of and EventOut.of read.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from datetime import date
from types import SimpleNamespace
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from service import acts as shipped
from service.actors import Actor
from service.acts import ActRefused, ActResult, _authorize
from service.calendars import load_calendar
from service.candidates import load_branch
from service.chain import canonical_text, event_hash, global_hash
from service.clock import Clock
from service.db import _WRITE_OPTION, _write_lock
from service.errors import NotFound, VersionConflict
from service.history import APPLIED, REFUSED, event_content
from service.persistence.models import Candidate, ChainHead, HistoryEvent, Organization
from service.plans import plans_covering
from service.settings import Settings
from service.workflow import (
    TRIGGERS,
    Record,
    RulesNotMet,
    Situation,
    TransitionNotAllowed,
    UnknownTrigger,
    Violation,
    WorkingCalendar,
    coerce,
    decide,
    definition_hash,
    get_profile,
)

CANDIDATE: sa.Table = Candidate.__table__  # type: ignore[attr-defined]
ORGANIZATION: sa.Table = Organization.__table__  # type: ignore[attr-defined]
EVENT: sa.Table = HistoryEvent.__table__  # type: ignore[attr-defined]
HEAD: sa.Table = ChainHead.__table__  # type: ignore[attr-defined]

_READ = (
    sa.select(CANDIDATE, ORGANIZATION.c.path.label("branch_path"))
    .join(ORGANIZATION, ORGANIZATION.c.id == CANDIDATE.c.branch_id)
    .where(CANDIDATE.c.id == sa.bindparam("candidate_id"))
    .with_for_update(of=CANDIDATE)
)
_READ_HEAD = (
    sa.select(HEAD.c.global_seq, HEAD.c.global_hash).where(HEAD.c.id == 1).with_for_update()
)
_WRITE_HEAD = (
    HEAD.update()
    .where(HEAD.c.id == 1)
    .values(global_seq=sa.bindparam("new_seq"), global_hash=sa.bindparam("new_hash"))
)
_INSERT_EVENT = EVENT.insert()
_UPDATE_CANDIDATE = (
    CANDIDATE.update()
    .where(CANDIDATE.c.id == sa.bindparam("candidate_id"))
    .values(
        state=sa.bindparam("new_state"),
        record=sa.bindparam("new_record"),
        branch_id=sa.bindparam("new_branch_id"),
        version=sa.bindparam("new_version"),
        updated_at=sa.bindparam("new_updated_at"),
        last_seq=sa.bindparam("new_last_seq"),
        chain_head=sa.bindparam("new_chain_head"),
    )
)

_shipped_perform_act = shipped.perform_act
_write_engines: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def _write_engine(engine: Engine) -> Engine:
    # Engine.execution_options() builds a new OptionEngine each call; build it once.
    found = _write_engines.get(engine)
    if found is None:
        found = _write_engines[engine] = engine.execution_options(**{_WRITE_OPTION: True})
    return found


class _NoLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *_: object) -> None:
        return None


def _append(
    connection: Connection, candidate: dict[str, Any], fields: dict[str, Any]
) -> SimpleNamespace:
    event = SimpleNamespace(
        candidate_id=candidate["id"],
        seq=candidate["last_seq"] + 1,
        global_seq=0,
        prev_hash=candidate["chain_head"],
        hash="",
        global_prev_hash="",
        global_hash="",
        **fields,
    )
    event.hash = event_hash(event_content(event))
    head = connection.execute(_READ_HEAD).one()
    event.global_seq = head.global_seq + 1
    event.global_prev_hash = head.global_hash
    event.global_hash = global_hash(
        global_prev_hash=head.global_hash, global_seq=event.global_seq, event_hash_hex=event.hash
    )
    connection.execute(_WRITE_HEAD, {"new_seq": event.global_seq, "new_hash": event.global_hash})
    connection.execute(_INSERT_EVENT, vars(event))
    candidate["last_seq"], candidate["chain_head"] = event.seq, event.hash
    return event


def perform_act(
    engine: Engine,
    clock: Clock,
    settings: Settings,
    actor: Actor,
    *,
    candidate_id: int,
    trigger: str,
    evidence: dict[str, Any],
    effective_date: date,
    if_match: int | None = None,
    imported: bool = False,
    idempotency: Any = None,
) -> ActResult:
    if idempotency is not None:
        # Stored idempotent responses are out of the prototype's scope: the shipped path.
        return _shipped_perform_act(
            engine, clock, settings, actor, candidate_id=candidate_id, trigger=trigger,
            evidence=evidence, effective_date=effective_date, if_match=if_match,
            imported=imported, idempotency=idempotency,
        )  # fmt: skip
    if trigger not in TRIGGERS:
        raise UnknownTrigger(trigger)
    profile = get_profile(settings.rule_profile)
    lock: threading.Lock | _NoLock = _write_lock(engine) or _NoLock()
    with lock, _write_engine(engine).connect() as connection:
        transaction = connection.begin()
        row = connection.execute(_READ, {"candidate_id": candidate_id}).one_or_none()
        if row is None:
            raise NotFound(f"candidate {candidate_id} does not exist")
        candidate = dict(row._mapping)
        branch_path = candidate.pop("branch_path")
        _authorize(
            actor,
            trigger,
            SimpleNamespace(branch_id=candidate["branch_id"]),  # type: ignore[arg-type]
            SimpleNamespace(path=branch_path),  # type: ignore[arg-type]
        )
        if if_match is not None and if_match != candidate["version"]:
            raise VersionConflict(
                f"candidate {candidate_id} is at version {candidate['version']}, not {if_match}"
            )
        session: Session | None = None
        record = Record.from_data(orjson.loads(candidate["record"]))
        needs_calendar = trigger == "open_publicity" or (
            record.notice is not None and record.notice.provisional
        )
        if needs_calendar or trigger in ("transfer", "approve_admission"):
            session = Session(bind=connection)
        if trigger == "transfer":
            assert session is not None
            load_branch(session, int(evidence["to_branch_id"]), field="to_branch_id")
        situation = Situation(
            state=candidate["state"],
            trigger=trigger,
            record=record,
            effective_date=effective_date,
            today=clock.today(),
            profile=profile,
            calendar=load_calendar(session) if session and needs_calendar else WorkingCalendar(),
            evidence=coerce(trigger, evidence),
            plans=plans_covering(session, branch_path=branch_path, year=effective_date.year)
            if session and trigger == "approve_admission"
            else (),
            require_plan=settings.require_plan,
        )
        recorded_at = clock.now()

        def fields(
            *,
            to_state: str | None,
            outcome: str,
            violations: Sequence[Violation] = (),
            warnings: Sequence[Violation] = (),
            notes: dict[str, Any] | None = None,
        ) -> dict[str, Any]:
            return {
                "trigger": trigger,
                "from_state": situation.state,
                "to_state": to_state,
                "outcome": outcome,
                "actor_id": actor.id,
                "actor_name": actor.name,
                "actor_role": str(actor.role),
                "organization_id": candidate["branch_id"],
                "effective_date": effective_date,
                "recorded_at": recorded_at,
                "evidence": canonical_text(evidence),
                "violations": canonical_text([v.as_dict() for v in violations]),
                "warnings": canonical_text([w.as_dict() for w in warnings]),
                "notes": canonical_text(notes or {}),
                "rule_profile": profile.name,
                "definition_hash": definition_hash(profile.name),
                "imported": imported,
            }

        try:
            decision = decide(situation)
        except (RulesNotMet, TransitionNotAllowed) as refusal:
            violations = (
                refusal.violations if isinstance(refusal, RulesNotMet) else (refusal.violation,)
            )
            event = _append(
                connection, candidate, fields(to_state=None, outcome=REFUSED, violations=violations)
            )
            connection.execute(_UPDATE_CANDIDATE, _candidate_values(candidate))
            transaction.commit()
            raise ActRefused(refusal, event) from refusal  # type: ignore[arg-type]
        # The event belongs to the branch the act was done in; a transfer moves the candidate after.
        applied = fields(
            to_state=decision.destination,
            outcome=APPLIED,
            warnings=decision.warnings,
            notes=dict(decision.notes),
        )
        candidate["state"] = decision.destination
        candidate["record"] = orjson.dumps(decision.record.to_data()).decode()
        candidate["branch_id"] = decision.record.branch_id
        candidate["version"] += 1
        candidate["updated_at"] = recorded_at
        event = _append(connection, candidate, applied)
        connection.execute(_UPDATE_CANDIDATE, _candidate_values(candidate))
        transaction.commit()
    return ActResult(SimpleNamespace(**candidate), event, decision.record)  # type: ignore[arg-type]


def _candidate_values(candidate: dict[str, Any]) -> dict[str, Any]:
    return {
        "candidate_id": candidate["id"],
        "new_state": candidate["state"],
        "new_record": candidate["record"],
        "new_branch_id": candidate["branch_id"],
        "new_version": candidate["version"],
        "new_updated_at": candidate["updated_at"],
        "new_last_seq": candidate["last_seq"],
        "new_chain_head": candidate["chain_head"],
    }
