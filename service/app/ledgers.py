"""Rosters (台帐): which candidates each ledger lists, and its columns under Chinese headers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any
from urllib.parse import quote

import orjson
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from service.adapters.database import UnitOfWork
from service.adapters.spreadsheets import to_xlsx
from service.adapters.tables import Candidate, Organization
from service.app.access import can_act_as_reviewer, can_act_as_secretary
from service.app.actors import Actor
from service.app.chinese_dates import chinese_date, chinese_month
from service.app.errors import InvalidInput
from service.app.identity import mask_id_number, mask_phone
from service.app.organizations import resolve_scope
from service.workflow import Record
from service.workflow.words import LEDGER_COLUMNS, LEDGERS, choice_label, state_label

MAX_ROWS = 20_000
EVERY_ORGANIZATION = "全部党组织"


class LedgerKind(StrEnum):
    applicants = "applicants"
    activists = "activists"
    development_targets = "development_targets"
    probationary_members = "probationary_members"
    full_members_this_year = "full_members_this_year"


TITLES = {kind: LEDGERS[kind].zh for kind in LedgerKind}
STATES_OF = {
    LedgerKind.applicants: ("applicant", "recommended", "activist_publicity"),
    LedgerKind.activists: ("activist",),
    LedgerKind.development_targets: (
        "development_target",
        "admission_publicity",
        "pre_review",
        "pre_review_passed",
        "awaiting_approval",
    ),
    LedgerKind.probationary_members: (
        "probationary_member",
        "conversion_publicity",
        "awaiting_conversion_approval",
    ),
    LedgerKind.full_members_this_year: ("full_member",),
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One candidate as a ledger sees it; `personal` when the reader may see ID and phone."""

    candidate: Candidate
    record: Record
    branch_name: str
    personal: bool


Value = str | date | int | None


@dataclass(frozen=True, slots=True)
class Column:
    """A ledger column; `printed`, when given, is its value on paper (XLSX) where programs
    (JSON, CSV) read `value`."""

    key: str
    value: Callable[[Entry], Value]
    printed: Callable[[Entry], Value] | None = None

    @property
    def header(self) -> str:
        return LEDGER_COLUMNS[self.key].zh


def _names(people: tuple[Any, ...]) -> str:
    return "、".join(person.name for person in people)


def _probation(entry: Entry, day: Callable[[date], str] = date.isoformat) -> str | None:
    ballot, ends = entry.record.admission_ballot, entry.record.probation_ends
    if ballot is None or ends is None:
        return None
    return f"{day(ballot.held_on)} 至 {day(ends)}"


def _ballot_day(entry: Entry) -> date | None:
    ballot = entry.record.admission_ballot
    return None if ballot is None else ballot.held_on


def _review(entry: Entry) -> str | None:
    review = entry.record.political_review
    return None if review is None else choice_label(review.conclusion)


def _id_number(entry: Entry) -> str | None:
    value = entry.candidate.id_number
    return value if entry.personal else mask_id_number(value)


def _phone(entry: Entry) -> str | None:
    value = entry.candidate.phone
    return value if entry.personal else mask_phone(value)


PERSON = (
    Column("name", lambda e: e.candidate.name),
    Column("gender", lambda e: choice_label(e.candidate.gender)),
    Column("ethnicity", lambda e: e.candidate.ethnicity),
    Column(
        "birth_month",
        lambda e: e.candidate.birth_date.strftime("%Y-%m"),
        lambda e: chinese_month(e.candidate.birth_date),
    ),
    Column("education", lambda e: e.candidate.education),
    Column("work_unit", lambda e: e.candidate.work_unit),
    Column("id_number", _id_number),
    Column("phone", _phone),
)
APPLIED = Column("application_date", lambda e: e.record.application_date)
TALK = Column("talk_date", lambda e: e.record.talks[0] if e.record.talks else None)
ACTIVIST = Column("activist_since", lambda e: e.record.activist_since)
MENTORS = Column("mentors", lambda e: _names(e.record.mentors))
ASSESSMENTS = Column("assessments", lambda e: len(e.record.assessments))
TARGET = Column("development_target_since", lambda e: e.record.development_target_since)
REVIEW = Column("political_review", _review)
SPONSORS = Column("sponsors", lambda e: _names(e.record.sponsors))
ADMITTED = Column("admission_ballot_date", _ballot_day)
APPROVED = Column("admitted_on", lambda e: e.record.admitted_on)
PROBATION = Column("probation", _probation, lambda e: _probation(e, chinese_date))
OATH = Column("oath_on", lambda e: e.record.oath_on)
CONVERTED = Column("full_member_since", lambda e: e.record.full_member_since)
BRANCH = Column("branch", lambda e: e.branch_name)
STAGE = Column("state", lambda e: state_label(e.candidate.state))

COLUMNS: dict[LedgerKind, tuple[Column, ...]] = {
    LedgerKind.applicants: (*PERSON, APPLIED, TALK, BRANCH, STAGE),
    LedgerKind.activists: (*PERSON, APPLIED, ACTIVIST, MENTORS, ASSESSMENTS, BRANCH),
    LedgerKind.development_targets: (
        *PERSON,
        APPLIED,
        ACTIVIST,
        TARGET,
        MENTORS,
        SPONSORS,
        REVIEW,
        BRANCH,
        STAGE,
    ),
    LedgerKind.probationary_members: (
        *PERSON,
        APPLIED,
        ACTIVIST,
        TARGET,
        SPONSORS,
        ADMITTED,
        APPROVED,
        PROBATION,
        OATH,
        BRANCH,
        STAGE,
    ),
    LedgerKind.full_members_this_year: (
        *PERSON,
        APPLIED,
        SPONSORS,
        ADMITTED,
        PROBATION,
        CONVERTED,
        BRANCH,
    ),
}


@dataclass(frozen=True, slots=True)
class Ledger:
    kind: LedgerKind
    title: str
    organization_id: int | None
    organization_name: str
    columns: tuple[Column, ...]
    rows: list[list[Value]]
    printed_rows: list[list[Value]]


def build_ledger(
    engine: Engine,
    actor: Actor,
    kind: LedgerKind,
    *,
    organization_id: int | None,
    year: int,
) -> Ledger:
    """The ledger's rows under the organisation, by branch, application date and id."""
    with UnitOfWork(engine) as uow:
        session = uow.session
        scope = resolve_scope(session, actor, organization_id)
        statement = (
            select(Candidate, Organization)
            .join(Organization, col(Organization.id) == col(Candidate.branch_id))
            .where(col(Candidate.state).in_(STATES_OF[kind]))
            .order_by(col(Organization.path), col(Candidate.application_date), col(Candidate.id))
            .limit(MAX_ROWS + 1)
        )
        if scope is not None:
            statement = statement.where(col(Organization.path).startswith(scope.path))
        found = session.exec(statement).all()
    if len(found) > MAX_ROWS:
        raise InvalidInput(
            f"more than {MAX_ROWS} rows: export one organisation below this one at a time",
            field="organization_id",
        )
    entries = []
    for candidate, branch in found:
        record = Record.from_data(orjson.loads(candidate.record))
        if kind == LedgerKind.full_members_this_year and (
            record.full_member_since is None or record.full_member_since.year != year
        ):
            continue
        personal = can_act_as_secretary(actor, candidate.branch_id) or can_act_as_reviewer(
            actor, branch.path
        )
        entries.append(Entry(candidate, record, branch.name, personal))
    columns = COLUMNS[kind]
    return Ledger(
        kind=kind,
        title=TITLES[kind]
        if kind != LedgerKind.full_members_this_year
        else f"{year}年转正党员名册",
        organization_id=None if scope is None else scope.id,
        organization_name=EVERY_ORGANIZATION if scope is None else scope.name,
        columns=columns,
        rows=[[column.value(entry) for column in columns] for entry in entries],
        printed_rows=[
            [(column.printed or column.value)(entry) for column in columns] for entry in entries
        ],
    )


def workbook(ledger: Ledger, today: date) -> bytes:
    """The ledger as an XLSX file set up for printing, with its values as a clerk writes them."""
    headers = [column.header for column in ledger.columns]
    return to_xlsx(ledger.title, headers, ledger.printed_rows, title=heading(ledger, today))


def heading(ledger: Ledger, today: date) -> str:
    """The line printed above the ledger: whose, which, and as of when."""
    return f"{ledger.organization_name}{ledger.title}（截至{chinese_date(today)}）"


def attachment(ledger: Ledger, today: date, extension: str) -> str:
    """The file's Content-Disposition, for the API and the console alike (RFC 6266/5987): an
    ASCII name for browsers that ignore `filename*`, then the Chinese one."""
    fallback = f"ledger-{ledger.kind.value}-{today.isoformat()}.{extension}"
    name = f"{ledger.organization_name}{ledger.title}-{today.isoformat()}.{extension}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
