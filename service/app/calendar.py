"""Use cases for the working-day calendar: load a year's official arrangement, and show a year
with the notices whose end was computed provisionally for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import chinese_calendar
import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork, dialect_insert
from service.adapters.tables import CalendarYear, Candidate, Organization
from service.app.access import is_admin
from service.app.actors import Actor
from service.app.definitions import deployment_profile
from service.app.errors import PermissionDenied
from service.app.security import CALENDAR_CHANGED, record_security_event
from service.settings import Settings
from service.workflow import Record, WorkingCalendar, YearArrangement
from service.workflow.deadlines import notice_end
from service.workflow.definition import PUBLICITY_STATES

LOADED, PACKAGE, FALLBACK = "loaded", "package", "fallback"
_CALENDAR_YEARS: sa.Table = CalendarYear.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class ProvisionalNotice:
    candidate_id: int
    name: str
    branch_id: int
    stage: str
    starts_on: date
    ends_on: date
    ends_on_now: date
    still_provisional: bool


@dataclass(frozen=True, slots=True)
class CalendarView:
    year: int
    official: bool
    source: str
    source_note: str | None
    holidays: list[date]
    workdays: list[date]
    provisional_notices: list[ProvisionalNotice]


def store_arrangement(
    engine: Engine,
    clock: Clock,
    arrangement: YearArrangement,
    *,
    source: str | None,
    actor: Actor | None = None,
) -> None:
    """Replace the year's arrangement (the command line calls this directly, with no actor)."""
    data = arrangement.as_dict()
    values = {
        "year": arrangement.year,
        "holidays": orjson.dumps(data["holidays"]).decode(),
        "workdays": orjson.dumps(data["workdays"]).decode(),
        "source": source,
        "loaded_at": clock.now(),
    }
    with UnitOfWork(engine, write=True) as uow:
        # One statement whether the year is there or not: simultaneous loads of a year take
        # turns on its row instead of both inserting it (the last one loaded stays).
        insert = dialect_insert(uow.connection, _CALENDAR_YEARS).values(values)
        uow.connection.execute(
            insert.on_conflict_do_update(
                index_elements=["year"],
                set_={name: insert.excluded[name] for name in values if name != "year"},
            )
        )
        record_security_event(
            uow.connection,
            clock,
            CALENDAR_CHANGED,
            principal_id=actor.id if actor is not None else None,
            organization_id=None,
            detail={
                "year": arrangement.year,
                "source": source,
                "holidays": len(data["holidays"]),
                "workdays": len(data["workdays"]),
            },
        )
        uow.commit()


def load_year(
    engine: Engine, clock: Clock, actor: Actor, arrangement: YearArrangement, *, source: str | None
) -> None:
    if not is_admin(actor):
        raise PermissionDenied(
            "only an admin loads the official calendar",
            detail_zh="只有系统管理员可以导入节假日安排",
        )
    store_arrangement(engine, clock, arrangement, source=source, actor=actor)


def _package_days(year: int) -> tuple[list[date], list[date]]:
    holidays = sorted(day for day in chinese_calendar.constants.holidays if day.year == year)
    workdays = sorted(day for day in chinese_calendar.constants.workdays if day.year == year)
    return holidays, workdays


def describe_year(engine: Engine, settings: Settings, actor: Actor, year: int) -> CalendarView:
    """The arrangement in force for `year`, and the open notices whose end was provisional."""
    with UnitOfWork(engine) as uow:
        session = uow.session
        row = session.get(CalendarYear, year)
        calendar = load_calendar(session)
        notices = _provisional_notices(session, actor, year)
    provisional = []
    for candidate, record in notices:
        assert candidate.id is not None
        assert record.notice is not None
        # The notice runs for the days of the profile that opened it.
        profile = deployment_profile(settings, on=record.notice.starts_on)
        now = notice_end(record.notice, profile, calendar)
        provisional.append(
            ProvisionalNotice(
                candidate_id=candidate.id,
                name=candidate.name,
                branch_id=candidate.branch_id,
                stage=record.notice.stage,
                starts_on=record.notice.starts_on,
                ends_on=record.notice.ends_on,
                ends_on_now=now.due_date,
                still_provisional=now.provisional,
            )
        )
    if row is not None:
        holidays = [date.fromisoformat(day) for day in orjson.loads(row.holidays)]
        workdays = [date.fromisoformat(day) for day in orjson.loads(row.workdays)]
        return CalendarView(year, True, LOADED, row.source, holidays, workdays, provisional)
    if calendar.is_official(year):
        holidays, workdays = _package_days(year)
        return CalendarView(year, True, PACKAGE, "chinesecalendar", holidays, workdays, provisional)
    return CalendarView(year, False, FALLBACK, None, [], [], provisional)


def _provisional_notices(
    session: Session, actor: Actor, year: int
) -> list[tuple[Candidate, Record]]:
    statement = (
        select(Candidate)
        .where(col(Candidate.state).in_(PUBLICITY_STATES))
        .order_by(col(Candidate.id))
    )
    if not is_admin(actor):
        if actor.organization_path is None:
            return []
        statement = statement.join(
            Organization, col(Organization.id) == col(Candidate.branch_id)
        ).where(col(Organization.path).startswith(actor.organization_path))
    found = []
    for candidate in session.exec(statement).all():
        record = Record.from_data(orjson.loads(candidate.record))
        notice = record.notice
        if (
            notice is not None
            and notice.provisional
            and notice.starts_on.year <= year <= notice.ends_on.year
        ):
            found.append((candidate, record))
    return found


def load_calendar(session: Session) -> WorkingCalendar:
    rows = session.exec(select(CalendarYear)).all()
    return WorkingCalendar.with_arrangements(
        YearArrangement.from_mapping(
            {
                "year": row.year,
                "holidays": orjson.loads(row.holidays),
                "workdays": orjson.loads(row.workdays),
            }
        )
        for row in rows
    )
