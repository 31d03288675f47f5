"""Use cases for acts on a candidate: perform one (applied or refused, always in the history),
explain what is possible now, and read the history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, Protocol

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork
from service.adapters.prepared import Prepared
from service.adapters.tables import Candidate, HistoryEvent, Organization
from service.app.access import can_act_as_reviewer, can_act_as_secretary
from service.app.actors import Actor
from service.app.calendar import load_calendar
from service.app.candidates import load_branch, readable_candidate
from service.app.definitions import deployment_profile
from service.app.errors import NotFound, PermissionDenied, VersionConflict
from service.app.history import (
    APPLIED,
    EVENT_COLUMNS,
    REFUSED,
    ChainEnd,
    Event,
    chain_event,
    content_of,
    seal_event,
)
from service.app.idempotency import Claim
from service.app.plans import plans_covering
from service.settings import Settings
from service.workflow import (
    ACTS,
    REVIEWER,
    TRIGGERS,
    Decision,
    Explanation,
    Record,
    RuleProfile,
    RulesNotMet,
    Situation,
    TransitionNotAllowed,
    UnknownTrigger,
    WorkingCalendar,
    coerce,
    decide,
    definition_hash,
    explain,
)

ACTOR_OF_TRIGGER: dict[str, str] = {act.trigger: act.actor for act in ACTS}


@dataclass(slots=True)
class CandidateRow:
    """A candidate's columns as an act reads and rewrites them (no ORM identity)."""

    id: int
    branch_id: int
    name: str
    gender: str
    ethnicity: str | None
    birth_date: date
    id_number: str | None
    education: str | None
    work_unit: str | None
    phone: str | None
    application_date: date
    state: str
    version: int
    record: str
    last_seq: int
    chain_head: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ActResult:
    candidate: CandidateRow
    event: Event
    record: Record


class ActRefused(Exception):
    """A workflow refusal that has been written to the history as event `event`."""

    def __init__(self, refusal: RulesNotMet | TransitionNotAllowed, event: Event) -> None:
        super().__init__(str(refusal))
        self.refusal = refusal
        self.event = event


def _authorize(actor: Actor, trigger: str, branch_id: int, branch_path: str) -> None:
    if ACTOR_OF_TRIGGER[trigger] == REVIEWER:
        if not can_act_as_reviewer(actor, branch_path):
            raise PermissionDenied(f"{trigger} is for a reviewer of a committee above the branch")
    elif not can_act_as_secretary(actor, branch_id):
        raise PermissionDenied(f"{trigger} is for the secretary of the candidate's branch")


# The hot path runs these prebuilt statements on the unit of work's connection: no ORM unit
# of work, no statement built per act.
_CANDIDATES: sa.Table = Candidate.__table__  # type: ignore[attr-defined]
_ORGANIZATIONS: sa.Table = Organization.__table__  # type: ignore[attr-defined]
_CANDIDATE_COLUMNS = tuple(field.name for field in fields(CandidateRow))
_LOCK_CANDIDATE = Prepared(
    sa.select(*(_CANDIDATES.c[name] for name in _CANDIDATE_COLUMNS), _ORGANIZATIONS.c.path)
    .join(_ORGANIZATIONS, _ORGANIZATIONS.c.id == _CANDIDATES.c.branch_id)
    .where(_CANDIDATES.c.id == sa.bindparam("candidate_id"))
    .with_for_update(of=_CANDIDATES)
)
_MOVED = ("state", "record", "branch_id", "version", "updated_at", "last_seq", "chain_head")
_SAVE_CANDIDATE = Prepared(
    _CANDIDATES.update()
    .where(_CANDIDATES.c.id == sa.bindparam("candidate_id"))
    .values({name: sa.bindparam(f"new_{name}", type_=_CANDIDATES.c[name].type) for name in _MOVED})
)


def _lock_candidate(connection: Connection, candidate_id: int) -> tuple[CandidateRow, str]:
    """The candidate, locked for this transaction, with its branch's path (one round trip)."""
    found = _LOCK_CANDIDATE.rows(connection, {"candidate_id": candidate_id})
    if not found:
        raise NotFound(f"candidate {candidate_id} does not exist")
    *columns, branch_path = found[0]
    return CandidateRow(*columns), branch_path


def _save_candidate(connection: Connection, candidate: CandidateRow) -> None:
    values = {f"new_{name}": getattr(candidate, name) for name in _MOVED}
    _SAVE_CANDIDATE.run(connection, {"candidate_id": candidate.id, **values})


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
    idempotency: Claim | None = None,
    wait: bool = True,
) -> ActResult:
    """Decide and persist one act in one transaction; a refusal is persisted, then raised.

    With `wait=False`, WriterBusy is raised, before anything is read or written, when the
    database's write lock is taken (see service.adapters.database.UnitOfWork).

    With `idempotency`, the response to the outcome is stored in that same transaction.
    The candidate is written before the global chain head is taken, so the only statements
    run while holding it are the head's and the event's.
    """
    if trigger not in TRIGGERS:
        raise UnknownTrigger(trigger)
    profile = deployment_profile(settings)
    with UnitOfWork(engine, write=True) as uow:
        connection = uow.connection
        candidate, branch_path = _lock_candidate(connection, candidate_id)
        _authorize(actor, trigger, candidate.branch_id, branch_path)
        if if_match is not None and if_match != candidate.version:
            raise VersionConflict(
                f"candidate {candidate_id} is at version {candidate.version}, not {if_match}"
            )
        if trigger == "transfer":
            load_branch(uow.session, int(evidence["to_branch_id"]), field="to_branch_id")
        record = Record.from_data(orjson.loads(candidate.record))
        needs_calendar = trigger == "open_publicity" or (
            record.notice is not None and record.notice.provisional
        )
        situation = Situation(
            state=candidate.state,
            trigger=trigger,
            record=record,
            effective_date=effective_date,
            today=clock.today(),
            profile=profile,
            calendar=load_calendar(uow.session) if needs_calendar else WorkingCalendar(),
            evidence=coerce(trigger, evidence),
            plans=plans_covering(uow.session, branch_path=branch_path, year=effective_date.year)
            if trigger == "approve_admission"
            else (),
        )
        context = ActContext(
            actor=actor,
            trigger=trigger,
            evidence=evidence,
            effective_date=effective_date,
            recorded_at=clock.now(),
            rule_profile=profile,
            imported=imported,
        )

        try:
            decision = decide(situation)
        except (RulesNotMet, TransitionNotAllowed) as refusal:
            violations = (
                refusal.violations if isinstance(refusal, RulesNotMet) else (refusal.violation,)
            )
            event = context.event(
                candidate,
                from_state=candidate.state,
                to_state=None,
                outcome=REFUSED,
                violations=[violation.as_dict() for violation in violations],
            )
            _save_candidate(connection, candidate)
            sealed = seal_event(connection, event, last=idempotency is None)
            refused = ActRefused(refusal, sealed)
            if idempotency is not None:
                idempotency.complete(uow.session, refused)
            uow.commit()
            raise refused from refusal
        event = apply_decision(candidate, decision, context)
        _save_candidate(connection, candidate)
        sealed = seal_event(connection, event, last=idempotency is None)
        result = ActResult(candidate, sealed, decision.record)
        if idempotency is not None:
            idempotency.complete(uow.session, result)
        uow.commit()
    return result


class MovableCandidate(ChainEnd, Protocol):
    """What an act moves: a Candidate, or the columns the act read (CandidateRow)."""

    branch_id: int
    state: str
    record: str
    version: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ActContext:
    """Who did what, with which evidence, on which dates: what every event of an act carries."""

    actor: Actor
    trigger: str
    evidence: dict[str, Any]
    effective_date: date
    recorded_at: datetime
    rule_profile: RuleProfile
    imported: bool = False

    def event(
        self,
        candidate: MovableCandidate,
        *,
        from_state: str,
        to_state: str | None,
        outcome: str,
        violations: Sequence[dict[str, Any]] = (),
        warnings: Sequence[dict[str, Any]] = (),
        notes: dict[str, Any] | None = None,
    ) -> Event:
        """The act's event at the end of the candidate's chain, to be sealed (`seal_event`)."""
        return chain_event(
            candidate,
            trigger=self.trigger,
            from_state=from_state,
            to_state=to_state,
            outcome=outcome,
            actor=self.actor,
            organization_id=candidate.branch_id,
            effective_date=self.effective_date,
            recorded_at=self.recorded_at,
            evidence=self.evidence,
            violations=violations,
            warnings=warnings,
            notes=notes,
            rule_profile=self.rule_profile.name,
            definition_hash=definition_hash(self.rule_profile),
            imported=self.imported,
        )


def apply_decision(candidate: MovableCandidate, decision: Decision, context: ActContext) -> Event:
    """Move the candidate as decided (the caller writes it) and return the applied event, to
    be sealed in the caller's transaction."""
    candidate.state = decision.destination
    candidate.record = orjson.dumps(decision.record.to_data()).decode()
    candidate.version += 1
    candidate.updated_at = context.recorded_at
    # The event belongs to the branch the act was done in; a transfer moves the candidate after.
    event = context.event(
        candidate,
        from_state=decision.source,
        to_state=decision.destination,
        outcome=APPLIED,
        warnings=[warning.as_dict() for warning in decision.warnings],
        notes=dict(decision.notes),
    )
    candidate.branch_id = decision.record.branch_id
    return event


def explain_candidate(
    engine: Engine, clock: Clock, settings: Settings, actor: Actor, candidate_id: int
) -> tuple[Candidate, tuple[Explanation, ...]]:
    """Every trigger of the candidate's state, judged today by the same guards."""
    profile = deployment_profile(settings)
    with UnitOfWork(engine) as uow:
        candidate, branch = readable_candidate(uow.session, actor, candidate_id)
        today = clock.today()
        situation = Situation(
            state=candidate.state,
            trigger="",
            record=Record.from_data(orjson.loads(candidate.record)),
            effective_date=today,
            today=today,
            profile=profile,
            calendar=load_calendar(uow.session),
            plans=plans_covering(uow.session, branch_path=branch.path, year=today.year),
        )
    return candidate, explain(situation)


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """Events in their exported form, stored JSON spliced in as is (ready for orjson)."""

    items: list[dict[str, Any]]
    next_cursor: str | None


_EVENTS: sa.Table = HistoryEvent.__table__  # type: ignore[attr-defined]
_HISTORY_PAGE = (
    sa.select(*(_EVENTS.c[name] for name in EVENT_COLUMNS))
    .where(
        _EVENTS.c.candidate_id == sa.bindparam("candidate_id"),
        _EVENTS.c.seq > sa.bindparam("after_seq"),
    )
    .order_by(_EVENTS.c.seq)
    .limit(sa.bindparam("rows"))
)


def candidate_history(
    engine: Engine, actor: Actor, candidate_id: int, *, after_seq: int = 0, limit: int = 100
) -> HistoryPage:
    """The candidate's events in order, `limit` a page, from after `after_seq`."""
    with UnitOfWork(engine) as uow:
        readable_candidate(uow.session, actor, candidate_id)
        rows = (
            uow.session.connection()
            .execute(
                _HISTORY_PAGE,
                {"candidate_id": candidate_id, "after_seq": after_seq, "rows": limit + 1},
            )
            .all()
        )
    items = [content_of(row, raw=True) for row in rows[:limit]]
    more = len(rows) > limit
    return HistoryPage(items, str(items[-1]["seq"]) if more and items else None)
