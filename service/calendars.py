"""The working-day calendar in force: the package's years plus those an administrator loaded."""

from __future__ import annotations

import orjson
from sqlmodel import Session, select

from service.persistence.models import CalendarYear
from service.workflow import WorkingCalendar, YearArrangement


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
