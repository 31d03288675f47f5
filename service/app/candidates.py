"""Use cases for candidates: admit an applicant, read one, list them page by page."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork
from service.adapters.tables import Candidate, Organization
from service.app.access import can_act_as_reviewer, can_act_as_secretary, can_read, is_admin
from service.app.actors import Actor
from service.app.audit.hashes import GENESIS
from service.app.definitions import deployment_profile
from service.app.errors import InvalidInput, NotFound, PermissionDenied
from service.app.history import APPLIED, Event, chain_event, seal_event
from service.app.idempotency import Claim
from service.app.organizations import organization_not_found, outside_your_organization
from service.settings import Settings
from service.workflow import (
    INITIAL_STATE,
    SUBMIT_APPLICATION,
    Record,
    RuleProfile,
    Situation,
    WorkingCalendar,
    definition_hash,
    open_application,
)

PERSONAL_FIELDS = ("ethnicity", "id_number", "education", "work_unit", "phone")
# What the history keeps of an application: no ID number and no phone, since auditors and
# exports read the history.
HISTORY_FIELDS = ("branch_id", "name", "gender", "birth_date", "application_date", "ethnicity")


@dataclass(frozen=True, slots=True)
class NewCandidate:
    branch_id: int
    name: str
    gender: str
    birth_date: date
    application_date: date
    ethnicity: str | None = None
    id_number: str | None = None
    education: str | None = None
    work_unit: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class CandidatePage:
    items: list[Candidate]
    next_cursor: str | None


def load_branch(session: Session, branch_id: int, *, field: str) -> Organization:
    branch = session.get(Organization, branch_id)
    if branch is None or branch.kind != "branch":
        raise InvalidInput(
            f"organisation {branch_id} is not a branch",
            detail_zh=f"组织 {branch_id} 不是党支部",
            field=field,
        )
    return branch


def create_candidate(
    engine: Engine,
    clock: Clock,
    settings: Settings,
    actor: Actor,
    new: NewCandidate,
    *,
    imported: bool = False,
    idempotency: Claim | None = None,
) -> tuple[Candidate, Event]:
    """The applicant's first act: `submit_application`, written as the first history event
    (with `idempotency`, together with the response to it)."""
    profile = deployment_profile(settings, on=new.application_date)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        load_branch(session, new.branch_id, field="branch_id")
        if not can_act_as_secretary(actor, new.branch_id):
            raise PermissionDenied(
                "only the secretary of the branch registers its applicants",
                detail_zh="只有本党支部的书记可以登记入党申请人",
            )
        record = open_application(
            Situation(
                state=INITIAL_STATE,
                trigger=SUBMIT_APPLICATION,
                record=Record.opened(
                    application_date=new.application_date,
                    birth_date=new.birth_date,
                    branch_id=new.branch_id,
                ),
                effective_date=new.application_date,
                today=clock.today(),
                profile=profile,
                calendar=WorkingCalendar(),
            )
        )
        candidate, event = insert_candidate(
            session,
            new,
            record,
            actor=actor,
            recorded_at=clock.now(),
            rule_profile=profile,
            imported=imported,
        )
        if idempotency is not None:
            idempotency.complete(session, (candidate, event))
        uow.commit()
    return candidate, event


def insert_candidate(
    session: Session,
    new: NewCandidate,
    record: Record,
    *,
    actor: Actor,
    recorded_at: datetime,
    rule_profile: RuleProfile,
    imported: bool,
) -> tuple[Candidate, Event]:
    """Write an admitted applicant and its first history event (`submit_application`)."""
    candidate = Candidate(
        **{name: getattr(new, name) for name in NewCandidate.__slots__},
        state=INITIAL_STATE,
        version=1,
        record=orjson.dumps(record.to_data()).decode(),
        last_seq=0,
        chain_head=GENESIS,
        created_at=recorded_at,
        updated_at=recorded_at,
    )
    session.add(candidate)
    session.flush()
    evidence = {name: _json(getattr(new, name)) for name in HISTORY_FIELDS}
    event = chain_event(
        candidate,
        trigger=SUBMIT_APPLICATION,
        from_state=None,
        to_state=INITIAL_STATE,
        outcome=APPLIED,
        actor=actor,
        organization_id=new.branch_id,
        effective_date=new.application_date,
        recorded_at=recorded_at,
        evidence={k: v for k, v in evidence.items() if v is not None},
        rule_profile=rule_profile.name,
        definition_hash=definition_hash(rule_profile),
        imported=imported,
    )
    candidate.last_seq, candidate.chain_head = event.seq, event.hash
    return candidate, seal_event(session.connection(), event)


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def candidate_not_found(candidate_id: int) -> NotFound:
    return NotFound(
        f"candidate {candidate_id} does not exist",
        detail_zh=f"入党申请人（编号 {candidate_id}）不存在",
    )


def readable_candidate(
    session: Session, actor: Actor, candidate_id: int
) -> tuple[Candidate, Organization]:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise candidate_not_found(candidate_id)
    branch = session.get(Organization, candidate.branch_id)
    assert branch is not None
    if not can_read(actor, branch.path):
        raise PermissionDenied(
            f"candidate {candidate_id} is outside your organisation",
            detail_zh=f"入党申请人（编号 {candidate_id}）不在您所属组织的范围内",
        )
    return candidate, branch


def get_candidate(
    engine: Engine, actor: Actor, candidate_id: int
) -> tuple[Candidate, Organization]:
    with UnitOfWork(engine) as uow:
        return readable_candidate(uow.session, actor, candidate_id)


def candidate_names(engine: Engine, actor: Actor, candidate_ids: Collection[int]) -> dict[int, str]:
    """The names of those of `candidate_ids` the actor may read, in one query (a page that
    lists events names their people)."""
    if not candidate_ids:
        return {}
    statement = (
        select(Candidate.id, Candidate.name, Organization.path)
        .join(Organization, col(Organization.id) == col(Candidate.branch_id))
        .where(col(Candidate.id).in_(candidate_ids))
    )
    with UnitOfWork(engine) as uow:
        rows = uow.session.exec(statement).all()
    return {
        candidate_id: name
        for candidate_id, name, path in rows
        if candidate_id is not None and can_read(actor, path)
    }


def sees_personal_data(actor: Actor, candidate: Candidate, branch: Organization) -> bool:
    """ID numbers and phones in full only for the candidate's secretary and its reviewers."""
    return can_act_as_secretary(actor, candidate.branch_id) or can_act_as_reviewer(
        actor, branch.path
    )


def list_candidates(
    engine: Engine,
    actor: Actor,
    *,
    states: Sequence[str] = (),
    name: str | None = None,
    branch_id: int | None = None,
    organization_id: int | None = None,
    cursor: int | None = None,
    limit: int = 50,
) -> CandidatePage:
    """Candidates under the actor's organisation (or a narrower one), by id, `limit` a page;
    only those in one of `states` when given, and whose name contains `name`."""
    with UnitOfWork(engine) as uow:
        session = uow.session
        scope = actor.organization_path
        for narrowing in (organization_id, branch_id):
            if narrowing is not None:
                organization = session.get(Organization, narrowing)
                if organization is None:
                    raise organization_not_found(narrowing)
                if not can_read(actor, organization.path):
                    raise outside_your_organization(narrowing)
                scope = organization.path
        statement = select(Candidate).order_by(col(Candidate.id)).limit(limit + 1)
        if scope is not None and not (
            is_admin(actor) and branch_id is None and organization_id is None
        ):
            statement = statement.join(
                Organization, col(Organization.id) == col(Candidate.branch_id)
            ).where(col(Organization.path).startswith(scope))
        elif not is_admin(actor):
            return CandidatePage([], None)
        if states:
            statement = statement.where(col(Candidate.state).in_(states))
        if name:
            statement = statement.where(col(Candidate.name).contains(name, autoescape=True))
        if cursor is not None:
            statement = statement.where(col(Candidate.id) > cursor)
        rows = list(session.exec(statement).all())
    more = len(rows) > limit
    items = rows[:limit]
    return CandidatePage(items, str(items[-1].id) if more and items else None)
