"""Use cases for annual development plans (控制总量): set a quota (changes kept), read usage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork, dialect_insert
from service.adapters.tables import HistoryEvent, Organization, Plan, PlanChange
from service.app.access import is_admin
from service.app.actors import Actor, Role
from service.app.errors import PermissionDenied
from service.app.organizations import load_organization, resolve_scope
from service.app.security import PLAN_CHANGED, record_security_event
from service.workflow import PlanUsage

_PLANS: sa.Table = Plan.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class PlanView:
    organization_id: int
    organization_name: str
    year: int
    quota: int
    used: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class PlanSet:
    plan: PlanView
    created: bool


def _may_set(actor: Actor, organization: Organization) -> bool:
    """Admins, and reviewers of the organisation's committee or of one above it."""
    if is_admin(actor):
        return True
    return (
        actor.role == Role.reviewer
        and actor.organization_path is not None
        and organization.path.startswith(actor.organization_path)
    )


def set_plan(
    engine: Engine, clock: Clock, actor: Actor, *, organization_id: int, year: int, quota: int
) -> PlanSet:
    """Create or change the plan of an organisation for a year, and record who changed what."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        organization = load_organization(session, organization_id)
        if not _may_set(actor, organization):
            raise PermissionDenied(
                "plans are set by a reviewer of the committee above, or an admin",
                detail_zh="发展党员计划由上级党委的审批人或系统管理员制定",
            )
        now = clock.now()
        # Created if absent, then locked: of simultaneous calls one creates (and the others
        # wait for it to commit, never meeting the unique key), and each change is recorded
        # against the quota it replaces.
        insert = dialect_insert(uow.connection, _PLANS).values(
            organization_id=organization_id, year=year, quota=quota, created_at=now, updated_at=now
        )
        inserted = uow.connection.execute(
            insert.on_conflict_do_nothing(index_elements=["organization_id", "year"]).returning(
                _PLANS.c.id
            )
        ).first()
        created = inserted is not None
        plan = session.exec(
            select(Plan)
            .where(Plan.organization_id == organization_id, Plan.year == year)
            .with_for_update()
        ).one()
        old_quota = None if created else plan.quota
        plan.quota, plan.updated_at = quota, now
        session.add(plan)
        session.flush()
        assert plan.id is not None
        session.add(
            PlanChange(
                plan_id=plan.id,
                organization_id=organization_id,
                year=year,
                old_quota=old_quota,
                new_quota=quota,
                actor_id=actor.id,
                actor_name=actor.name,
                actor_role=str(actor.role),
                changed_at=now,
            )
        )
        used = admissions_in_year(session, organization_path=organization.path, year=year)
        record_security_event(
            uow.connection,
            clock,
            PLAN_CHANGED,
            principal_id=actor.id,
            organization_id=organization_id,
            detail={"year": year, "old_quota": old_quota, "new_quota": quota},
        )
        uow.commit()
    return PlanSet(_view(plan, organization, used), created)


def _view(plan: Plan, organization: Organization, used: int) -> PlanView:
    return PlanView(
        organization_id=plan.organization_id,
        organization_name=organization.name,
        year=plan.year,
        quota=plan.quota,
        used=used,
        updated_at=plan.updated_at,
    )


def list_plans(
    engine: Engine, actor: Actor, *, organization_id: int | None, year: int | None
) -> list[PlanView]:
    """The plans set on an organisation (the caller's own by default; an admin: all), with the
    admissions used."""
    with UnitOfWork(engine) as uow:
        session = uow.session
        scope = resolve_scope(session, actor, organization_id)
        statement = (
            select(Plan, Organization)
            .join(Organization, col(Organization.id) == col(Plan.organization_id))
            .order_by(col(Plan.organization_id), col(Plan.year))
        )
        if scope is not None:
            statement = statement.where(Plan.organization_id == scope.id)
        if year is not None:
            statement = statement.where(Plan.year == year)
        return [
            _view(
                plan,
                organization,
                admissions_in_year(session, organization_path=organization.path, year=plan.year),
            )
            for plan, organization in session.exec(statement).all()
        ]


def plan_changes(
    engine: Engine, actor: Actor, *, organization_id: int | None, year: int | None
) -> list[PlanChange]:
    """Every change to the plans of an organisation (an admin: of all), oldest first."""
    with UnitOfWork(engine) as uow:
        scope = resolve_scope(uow.session, actor, organization_id)
        statement = select(PlanChange).order_by(col(PlanChange.id))
        if scope is not None:
            statement = statement.where(PlanChange.organization_id == scope.id)
        if year is not None:
            statement = statement.where(PlanChange.year == year)
        return list(uow.session.exec(statement).all())


def _ancestor_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def admissions_in_year(session: Session, *, organization_path: str, year: int) -> int:
    """Approvals applied in `year` (by effective date) for candidates of branches under the path."""
    statement = (
        select(sa.func.count())
        .select_from(HistoryEvent)
        .join(Organization, col(Organization.id) == col(HistoryEvent.organization_id))
        .where(
            HistoryEvent.trigger == "approve_admission",
            HistoryEvent.outcome == "applied",
            HistoryEvent.effective_date >= date(year, 1, 1),
            HistoryEvent.effective_date <= date(year, 12, 31),
            col(Organization.path).startswith(organization_path),
        )
    )
    return int(session.exec(statement).one())


def plans_covering(
    session: Session, *, branch_path: str, year: int, lock: bool = False
) -> tuple[PlanUsage, ...]:
    """Every plan for `year` set on the branch or a committee above it, with its usage.

    With `lock`, the plans are locked (in id order, so two acts never wait on each other)
    before the approvals are counted: an act that decides against a quota counts every
    approval committed before it, on any instance (SQLite: the write transaction is the lock).
    """
    ids = _ancestor_ids(branch_path)
    statement = (
        select(Plan, Organization.path)
        .join(Organization, Organization.id == Plan.organization_id)  # type: ignore[arg-type]
        .where(Plan.year == year, Plan.organization_id.in_(ids))  # type: ignore[attr-defined]
        .order_by(col(Plan.id))
    )
    if lock:
        statement = statement.with_for_update(of=Plan)
    rows = session.exec(statement).all()
    return tuple(
        PlanUsage(
            organization_id=plan.organization_id,
            year=year,
            quota=plan.quota,
            used=admissions_in_year(session, organization_path=path, year=year),
        )
        for plan, path in rows
    )
