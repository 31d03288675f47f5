"""Routes for the working-day calendar: an admin loads a year's State Council arrangement."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from service.api.deps import AUTH_ERRORS, ActorDep, ClockDep, EngineDep, SettingsDep
from service.api.errors import PayloadTooLarge, problem_responses
from service.api.fields import Day, ShortText
from service.app import calendar
from service.app.errors import InvalidInput, PermissionDenied
from service.workflow import YearArrangement
from service.workflow.calendar import InvalidArrangement

router = APIRouter(prefix="/calendar", tags=["calendar"])

YearPath = Annotated[int, Path(ge=2000, le=2100)]


class CalendarYearIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    holidays: list[Day] = Field(
        max_length=366, description="Days off that would otherwise be working days (放假)."
    )
    workdays: list[Day] = Field(
        max_length=366, description="Weekend days that are working days (调休上班)."
    )
    source: ShortText | None = Field(
        default=None, examples=["国务院办公厅关于2027年部分节假日安排的通知"]
    )


class ProvisionalNoticeOut(BaseModel):
    candidate_id: int
    name: str
    branch_id: int
    stage: str
    starts_on: date
    ends_on: date = Field(description="The end computed when the notice opened (provisional).")
    ends_on_now: date = Field(description="The end by the calendar in force now.")
    still_provisional: bool


class CalendarYearOut(BaseModel):
    year: int
    official: bool = Field(description="False when the year falls back to Monday–Friday.")
    source: Literal["loaded", "package", "fallback"]
    source_note: str | None
    holidays: list[date]
    workdays: list[date]
    provisional_notices: list[ProvisionalNoticeOut]


def _out(view: calendar.CalendarView) -> CalendarYearOut:
    return CalendarYearOut(
        year=view.year,
        official=view.official,
        source=view.source,  # type: ignore[arg-type]
        source_note=view.source_note,
        holidays=view.holidays,
        workdays=view.workdays,
        provisional_notices=[
            ProvisionalNoticeOut(
                candidate_id=n.candidate_id,
                name=n.name,
                branch_id=n.branch_id,
                stage=n.stage,
                starts_on=n.starts_on,
                ends_on=n.ends_on,
                ends_on_now=n.ends_on_now,
                still_provisional=n.still_provisional,
            )
            for n in view.provisional_notices
        ],
    )


@router.put(
    "/{year}",
    responses=problem_responses(*AUTH_ERRORS, PermissionDenied, InvalidInput, PayloadTooLarge),
)
def load_calendar_year(
    year: YearPath,
    body: CalendarYearIn,
    actor: ActorDep,
    engine: EngineDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> CalendarYearOut:
    """Load (or replace) a year's holidays and make-up working days (admin only)."""
    try:
        arrangement = YearArrangement.from_mapping(
            {"year": year, "holidays": body.holidays, "workdays": body.workdays}
        )
    except ValueError as exc:
        zh = exc.zh if isinstance(exc, InvalidArrangement) else None
        raise InvalidInput(str(exc), detail_zh=zh, field="body.holidays") from None
    calendar.load_year(engine, clock, actor, arrangement, source=body.source)
    return _out(calendar.describe_year(engine, settings, actor, year))


@router.get("/{year}", responses=problem_responses(*AUTH_ERRORS))
def get_calendar_year(
    year: YearPath, actor: ActorDep, engine: EngineDep, settings: SettingsDep
) -> CalendarYearOut:
    """The arrangement in force for a year, and the open notices whose end was provisional."""
    return _out(calendar.describe_year(engine, settings, actor, year))
