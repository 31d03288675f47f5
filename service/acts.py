"""Use cases for acts on a candidate: perform one (applied or refused, always in the history),
explain what is possible now, and read the history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from service.access import can_act_as_reviewer, can_act_as_secretary
from service.actors import Actor
from service.calendars import load_calendar
from service.candidates import load_branch, readable_candidate
from service.clock import Clock
from service.db import UnitOfWork
from service.errors import NotFound, PermissionDenied, VersionConflict
from service.history import APPLIED, EVENT_COLUMNS, REFUSED, append_event, content_of
from service.idempotency import Claim
from service.persistence.models import Candidate, HistoryEvent, Organization
from service.plans import plans_covering
from service.settings import Settings
from service.workflow import (
    ACTS,
    REVIEWER,
    TRIGGERS,
    Decision,
    Explanation,
    Record,
    RulesNotMet,
    Situation,
    TransitionNotAllowed,
    UnknownTrigger,
    WorkingCalendar,
    coerce,
    decide,
    definition_hash,
    explain,
    get_profile,
)

ACTOR_OF_TRIGGER: dict[str, str] = {act.trigger: act.actor for act in ACTS}


@dataclass(frozen=True, slots=True)
class ActResult:
    candidate: Candidate
    event: HistoryEvent
    record: Record


class ActRefused(Exception):
    """A workflow refusal that has been written to the history as event `event`."""

    def __init__(self, refusal: RulesNotMet | TransitionNotAllowed, event: HistoryEvent) -> None:
        super().__init__(str(refusal))
        self.refusal = refusal
        self.event = event


def _authorize(actor: Actor, trigger: str, candidate: Candidate, branch: Organization) -> None:
    if ACTOR_OF_TRIGGER[trigger] == REVIEWER:
        if not can_act_as_reviewer(actor, branch.path):
            raise PermissionDenied(f"{trigger} is for a reviewer of a committee above the branch")
    elif not can_act_as_secretary(actor, candidate.branch_id):
        raise PermissionDenied(f"{trigger} is for the secretary of the candidate's branch")


def _lock_candidate(session: Session, candidate_id: int) -> tuple[Candidate, Organization]:
    """The candidate, locked for this transaction, with its branch (one round trip)."""
    statement = (
        select(Candidate, Organization)
        .join(Organization, col(Organization.id) == col(Candidate.branch_id))
        .where(Candidate.id == candidate_id)
        .with_for_update(of=Candidate)
    )
    found = session.exec(statement).one_or_none()
    if found is None:
        raise NotFound(f"candidate {candidate_id} does not exist")
    return found


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
) -> ActResult:
    """Decide and persist one act in one transaction; a refusal is persisted, then raised.

    With `idempotency`, the response to the outcome is stored in that same transaction.
    """
    if trigger not in TRIGGERS:
        raise UnknownTrigger(trigger)
    profile = get_profile(settings.rule_profile)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        candidate, branch = _lock_candidate(session, candidate_id)
        _authorize(actor, trigger, candidate, branch)
        if if_match is not None and if_match != candidate.version:
            raise VersionConflict(
                f"candidate {candidate_id} is at version {candidate.version}, not {if_match}"
            )
        if trigger == "transfer":
            load_branch(session, int(evidence["to_branch_id"]), field="to_branch_id")
        year = effective_date.year
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
            calendar=load_calendar(session) if needs_calendar else WorkingCalendar(),
            evidence=coerce(trigger, evidence),
            plans=plans_covering(session, branch_path=branch.path, year=year)
            if trigger == "approve_admission"
            else (),
            require_plan=settings.require_plan,
        )
        context = ActContext(
            actor=actor,
            trigger=trigger,
            evidence=evidence,
            effective_date=effective_date,
            recorded_at=clock.now(),
            rule_profile=profile.name,
            imported=imported,
        )

        try:
            decision = decide(situation)
        except (RulesNotMet, TransitionNotAllowed) as refusal:
            violations = (
                refusal.violations if isinstance(refusal, RulesNotMet) else (refusal.violation,)
            )
            event = context.write(
                session,
                candidate,
                from_state=candidate.state,
                to_state=None,
                outcome=REFUSED,
                violations=[violation.as_dict() for violation in violations],
            )
            refused = ActRefused(refusal, event)
            if idempotency is not None:
                idempotency.complete(session, refused)
            uow.commit()
            raise refused from refusal
        event = persist_decision(session, candidate, decision, context)
        result = ActResult(candidate, event, decision.record)
        if idempotency is not None:
            idempotency.complete(session, result)
        uow.commit()
    return result


@dataclass(frozen=True, slots=True)
class ActContext:
    """Who did what, with which evidence, on which dates: what every event of an act carries."""

    actor: Actor
    trigger: str
    evidence: dict[str, Any]
    effective_date: date
    recorded_at: datetime
    rule_profile: str
    imported: bool = False

    def write(
        self,
        session: Session,
        candidate: Candidate,
        *,
        from_state: str,
        to_state: str | None,
        outcome: str,
        violations: Sequence[dict[str, Any]] = (),
        warnings: Sequence[dict[str, Any]] = (),
        notes: dict[str, Any] | None = None,
    ) -> HistoryEvent:
        return append_event(
            session,
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
            rule_profile=self.rule_profile,
            definition_hash=definition_hash(self.rule_profile),
            imported=self.imported,
        )


def persist_decision(
    session: Session, candidate: Candidate, decision: Decision, context: ActContext
) -> HistoryEvent:
    """Move the candidate as decided and write the applied event, in the caller's transaction."""
    candidate.state = decision.destination
    candidate.record = orjson.dumps(decision.record.to_data()).decode()
    candidate.version += 1
    candidate.updated_at = context.recorded_at
    # The event belongs to the branch the act was done in; a transfer moves the candidate after.
    event = context.write(
        session,
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
    profile = get_profile(settings.rule_profile)
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
            require_plan=settings.require_plan,
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
