"""Importing a sheet into a branch: one transaction per row, rehearsed first, never twice.

Each row is checked, planned and decided on the pure workflow inside the same write
transaction that then writes the candidate and its imported history, so a row lands whole or
not at all, and a concurrent act cannot slip between the check and the write. A row whose
person is already in the branch (same ID number, or same name and birth date) is skipped,
which makes a second run of the same file import nothing new.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork
from service.adapters.tables import Candidate, Organization, Principal
from service.app.actors import Actor, Role
from service.app.acts import ActContext, apply_decision
from service.app.calendar import load_calendar
from service.app.candidates import NewCandidate, insert_candidate
from service.app.definitions import deployment_profile
from service.app.errors import InvalidInput
from service.app.history import seal_event
from service.app.importing.rows import ImportRow, RowProblem, RowRejected, parse_row
from service.app.importing.sheet import RawRow, read_sheet
from service.app.importing.steps import ProfileOn, Rehearsal, plan_acts, rehearse
from service.app.plans import plans_covering
from service.app.principals import register_principal
from service.settings import Settings
from service.workflow import REVIEWER, SECRETARY, RuleProfile

IMPORTER_NAME = "数据导入"

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class RejectedRow:
    number: int
    name: str | None
    problems: list[RowProblem]


@dataclass
class ImportReport:
    imported: list[tuple[int, int]] = field(default_factory=list)  # (row number, candidate id)
    skipped: list[tuple[int, int]] = field(default_factory=list)  # (row number, existing id)
    rejected: list[RejectedRow] = field(default_factory=list)


def importer_actors(engine: Engine, clock: Clock, branch_id: int) -> dict[str, Actor]:
    """The branch's importing secretary and its committee's importing reviewer (made once)."""
    with UnitOfWork(engine) as uow:
        branch = uow.session.get(Organization, branch_id)
        if branch is None or branch.kind != "branch" or branch.parent_id is None:
            raise InvalidInput(
                f"organisation {branch_id} is not a branch",
                detail_zh=f"组织 {branch_id} 不是党支部",
                field="branch",
            )
        committee = uow.session.get(Organization, branch.parent_id)
    assert committee is not None
    return {
        SECRETARY: _importer(engine, clock, Role.secretary, branch),
        REVIEWER: _importer(engine, clock, Role.reviewer, committee),
    }


def _importer(engine: Engine, clock: Clock, role: Role, home: Organization) -> Actor:
    with UnitOfWork(engine) as uow:
        found = uow.session.exec(
            select(Principal).where(
                Principal.name == IMPORTER_NAME,
                Principal.role == role.value,
                Principal.organization_id == home.id,
            )
        ).first()
    if found is not None and found.id is not None:
        return Actor(found.id, found.name, role, home.id, home.path)
    # Nobody ever sees the token: the importer acts only through this command.
    return register_principal(
        engine, clock, name=IMPORTER_NAME, role=role, organization_id=home.id
    ).actor


def _existing(session: Session, row: ImportRow, branch_id: int) -> int | None:
    if row.id_number is not None:
        same = select(Candidate.id).where(Candidate.id_number == row.id_number)
    else:
        same = select(Candidate.id).where(
            Candidate.name == row.name,
            Candidate.birth_date == row.birth_date,
            Candidate.branch_id == branch_id,
        )
    found: int | None = session.exec(same.order_by(col(Candidate.id))).first()
    return found


def _write(
    session: Session,
    row: ImportRow,
    rehearsal: Rehearsal,
    *,
    branch_id: int,
    actors: dict[str, Actor],
    profiles: ProfileOn,
    now: datetime,
) -> int:
    """The rehearsed row through the same write path as live acts, marked imported."""
    new = NewCandidate(
        branch_id=branch_id,
        name=row.name,
        gender=row.gender,
        birth_date=row.birth_date,
        application_date=row.application_date,
        ethnicity=row.ethnicity,
        id_number=row.id_number,
        education=row.education,
        work_unit=row.work_unit,
        phone=row.phone,
    )
    candidate, _ = insert_candidate(
        session,
        new,
        rehearsal.opened,
        actor=actors[SECRETARY],
        recorded_at=now,
        rule_profile=profiles(row.application_date),
        imported=True,
    )
    for act, decision in rehearsal.acts:
        context = ActContext(
            actor=actors[act.actor],
            trigger=act.trigger,
            evidence=act.evidence,
            effective_date=act.on,
            recorded_at=now,
            rule_profile=profiles(act.on),
            imported=True,
        )
        changes, event = apply_decision(candidate, decision, context)
        for name, value in changes.items():
            setattr(candidate, name, value)
        seal_event(session.connection(), event)
    assert candidate.id is not None
    return candidate.id


def import_row(
    engine: Engine,
    clock: Clock,
    settings: Settings,
    raw: RawRow,
    *,
    branch_id: int,
    actors: dict[str, Actor],
    report: ImportReport,
) -> None:
    """Check, rehearse and write one row in one transaction; the outcome goes to `report`."""

    def profiles(day: date) -> RuleProfile:
        return deployment_profile(settings, on=day)

    try:
        row = parse_row(raw)
        with UnitOfWork(engine, write=True) as uow:
            session = uow.session
            existing = _existing(session, row, branch_id)
            if existing is not None:
                report.skipped.append((raw.number, existing))
                return
            branch = session.get(Organization, branch_id)
            assert branch is not None
            calendar = load_calendar(session)
            acts = plan_acts(row, profiles, calendar)
            approval = next((a.on for a in acts if a.trigger == "approve_admission"), None)
            plans = (
                plans_covering(session, branch_path=branch.path, year=approval.year)
                if approval is not None
                else ()
            )
            rehearsal = rehearse(
                row,
                acts,
                branch_id=branch_id,
                profiles=profiles,
                calendar=calendar,
                today=clock.today(),
                plans=plans,
            )
            candidate_id = _write(
                session,
                row,
                rehearsal,
                branch_id=branch_id,
                actors=actors,
                profiles=profiles,
                now=clock.now(),
            )
            uow.commit()
        report.imported.append((raw.number, candidate_id))
    except RowRejected as rejected:
        name = raw.values.get("name")
        report.rejected.append(
            RejectedRow(raw.number, None if name is None else str(name), rejected.problems)
        )


def import_file(
    engine: Engine,
    clock: Clock,
    settings: Settings,
    path: Path,
    *,
    branch_id: int,
    progress: Progress | None = None,
) -> ImportReport:
    """Import every row of the sheet into the branch; rows are independent of each other."""
    rows = read_sheet(path)
    actors = importer_actors(engine, clock, branch_id)
    report = ImportReport()
    for done, raw in enumerate(rows, start=1):
        import_row(engine, clock, settings, raw, branch_id=branch_id, actors=actors, report=report)
        if progress is not None:
            progress(done, len(rows))
    return report
