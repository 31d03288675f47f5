"""Demonstration data: a committee, two branches, a principal of each role and a dozen candidates
at different stages, dated relative to today so the deadlines list has something to show.

Every candidate is registered and every act performed through the same use cases as the API's,
by the branch's secretary or the committee's reviewer by name, so the rules judge the demo as
they judge a live file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import select

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork
from service.adapters.tables import Organization
from service.app.actors import Actor, Role
from service.app.acts import ActRefused, perform_act
from service.app.calendar import load_calendar
from service.app.candidates import NewCandidate, create_candidate
from service.app.definitions import deployment_profile
from service.app.importing.rows import ImportRow, RowProblem, RowRejected, parse_row
from service.app.importing.run import ImportReport, RejectedRow
from service.app.importing.sheet import RawRow
from service.app.organizations import OrganizationKind, create_organization
from service.app.principals import register_principal
from service.cli.demo_people import (
    AUDITOR,
    BRANCHES,
    COMMITTEE,
    REVIEWER,
    Branch,
    demo_plan,
    demo_rows,
)
from service.settings import Settings
from service.workflow import REVIEWER as REVIEWER_ACTS
from service.workflow import RuleProfile, RulesNotMet, WorkingCalendar
from service.workflow.words import CHOICES

_SETUP = Actor(
    id=0, name="recruitflow demo", role=Role.admin, organization_id=None, organization_path=None
)


class DemoAlreadyLoaded(Exception):
    """The demonstration committee exists: its tokens were printed when it was loaded."""


@dataclass(frozen=True, slots=True)
class DemoPrincipal:
    name: str
    role: str
    organization: str | None
    token: str


@dataclass(frozen=True, slots=True)
class DemoLoaded:
    committee_id: int
    branch_ids: tuple[int, ...]
    principals: list[DemoPrincipal]
    reports: list[ImportReport]


def _issue(
    engine: Engine, clock: Clock, name: str, role: Role, home: Organization | None
) -> tuple[DemoPrincipal, Actor]:
    issued = register_principal(
        engine, clock, name=name, role=role, organization_id=None if home is None else home.id
    )
    shown = DemoPrincipal(name, role.value, None if home is None else home.name, issued.token)
    return shown, issued.actor


@dataclass(frozen=True, slots=True)
class _Loader:
    engine: Engine
    clock: Clock
    settings: Settings
    calendar: WorkingCalendar

    def profile(self, day: date) -> RuleProfile:
        return deployment_profile(self.settings, on=day)

    def file(
        self, row: ImportRow, branch: Branch, branch_id: int, actors: dict[str, Actor], seed: int
    ) -> int:
        """Register the candidate and perform each act of the plan, as the branch did."""
        plan = demo_plan(row, branch, seed, self.profile, self.calendar, today=self.clock.today())
        fields = (name for name in NewCandidate.__slots__ if name != "branch_id")
        new = NewCandidate(branch_id=branch_id, **{name: getattr(row, name) for name in fields})
        candidate, _ = create_candidate(
            self.engine, self.clock, self.settings, actors["secretary"], new
        )
        assert candidate.id is not None
        for act in plan:
            perform_act(
                self.engine,
                self.clock,
                self.settings,
                actors["reviewer" if act.actor == REVIEWER_ACTS else "secretary"],
                candidate_id=candidate.id,
                trigger=act.trigger,
                evidence=act.evidence,
                effective_date=act.on,
            )
        return candidate.id

    def branch(
        self, branch: Branch, branch_id: int, rows: list[dict[str, Any]], actors: dict[str, Actor]
    ) -> ImportReport:
        report = ImportReport()
        for number, values in enumerate(rows, start=2):
            try:
                row = parse_row(RawRow(number, values))
                candidate_id = self.file(row, branch, branch_id, actors, seed=number)
            except RowRejected as rejected:
                report.rejected.append(RejectedRow(number, values["name"], rejected.problems))
            except ActRefused as refused:
                report.rejected.append(RejectedRow(number, values["name"], _problems(refused)))
            else:
                report.imported.append((number, candidate_id))
        return report


def _problems(refused: ActRefused) -> list[RowProblem]:
    refusal = refused.refusal
    found = refusal.violations if isinstance(refusal, RulesNotMet) else (refusal.violation,)
    return [RowProblem(v.rule, f"{refusal.trigger}: {v.message_zh}") for v in found]


def load_demo(engine: Engine, clock: Clock, settings: Settings) -> DemoLoaded:
    """Load the demonstration once; DemoAlreadyLoaded when its committee exists."""
    with UnitOfWork(engine) as uow:
        if uow.session.exec(select(Organization).where(Organization.name == COMMITTEE)).first():
            raise DemoAlreadyLoaded(COMMITTEE)
    committee = create_organization(
        engine, clock, _SETUP, name=COMMITTEE, kind=OrganizationKind.committee, parent_id=None
    )
    branches = [
        create_organization(
            engine,
            clock,
            _SETUP,
            name=branch.name,
            kind=OrganizationKind.branch,
            parent_id=committee.id,
        )
        for branch in BRANCHES
    ]
    with UnitOfWork(engine) as uow:
        calendar = load_calendar(uow.session)
    loader = _Loader(engine, clock, settings, calendar)
    admin, _ = _issue(engine, clock, CHOICES["admin"].zh, Role.admin, None)
    reviewer, reviewer_actor = _issue(engine, clock, REVIEWER, Role.reviewer, committee)
    auditor, _ = _issue(engine, clock, AUDITOR, Role.auditor, committee)
    principals = [admin]
    reports = []
    for branch, organization, rows in zip(
        BRANCHES, branches, demo_rows(clock.today(), calendar), strict=True
    ):
        assert organization.id is not None
        secretary, secretary_actor = _issue(
            engine, clock, branch.secretary, Role.secretary, organization
        )
        principals.append(secretary)
        actors = {"secretary": secretary_actor, "reviewer": reviewer_actor}
        reports.append(loader.branch(branch, organization.id, rows, actors))
    principals += [reviewer, auditor]
    assert committee.id is not None
    return DemoLoaded(
        committee_id=committee.id,
        branch_ids=tuple(branch.id for branch in branches if branch.id is not None),
        principals=principals,
        reports=reports,
    )
