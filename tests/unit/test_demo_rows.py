"""The demo's rows pass the workflow whatever day it is loaded on (holidays and leap years)."""

from __future__ import annotations

from datetime import date, timedelta

from service.app.importing.rows import parse_row
from service.app.importing.sheet import RawRow
from service.app.importing.steps import plan_acts, rehearse
from service.cli.demo import demo_rows
from service.workflow import DEFAULT_PROFILE, WorkingCalendar

DAYS = [date(2024, 2, 29), *(date(2024, 1, 3) + timedelta(days=37 * n) for n in range(30))]


def test_every_demo_row_reaches_its_stage_on_any_day_the_demo_is_loaded() -> None:
    calendar = WorkingCalendar()
    for today in DAYS:
        for rows in demo_rows(today):
            for number, values in enumerate(rows, start=2):
                row = parse_row(RawRow(number, values))
                rehearsal = rehearse(
                    row,
                    plan_acts(row, lambda _day: DEFAULT_PROFILE, calendar),
                    branch_id=1,
                    profiles=lambda _day: DEFAULT_PROFILE,
                    calendar=calendar,
                    today=today,
                    plans=(),
                )
                assert rehearsal.final_state == row.stage, (today, row.name)
