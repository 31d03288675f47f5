"""The demo's files pass the workflow whatever day it is loaded on (holidays and leap years),
and read like a branch's: acts on working days, real-sized meetings, the secretary by name."""

from __future__ import annotations

from datetime import date, timedelta

from service.app.importing.rows import parse_row
from service.app.importing.sheet import RawRow
from service.app.importing.steps import rehearse
from service.cli.demo_people import BRANCHES, demo_plan, demo_rows
from service.workflow import DEFAULT_PROFILE, WorkingCalendar

DAYS = [date(2024, 2, 29), *(date(2024, 1, 3) + timedelta(days=37 * n) for n in range(30))]


def test_every_demo_file_reaches_its_stage_on_working_days_whatever_the_day() -> None:
    calendar = WorkingCalendar()
    for today in DAYS:
        for branch, rows in zip(BRANCHES, demo_rows(today, calendar), strict=True):
            for number, values in enumerate(rows, start=2):
                row = parse_row(RawRow(number, values))
                plan = demo_plan(
                    row, branch, number, lambda _day: DEFAULT_PROFILE, calendar, today=today
                )
                rehearsal = rehearse(
                    row,
                    plan,
                    branch_id=1,
                    profiles=lambda _day: DEFAULT_PROFILE,
                    calendar=calendar,
                    today=today,
                    plans=(),
                )
                assert rehearsal.final_state == row.stage, (today, row.name)
                days = [row.application_date, *(act.on for act in plan)]
                weekend = [(a.trigger, a.on) for a in plan if not calendar.is_working_day(a.on)]
                assert weekend == [], (today, row.name)
                assert all(calendar.is_working_day(day) for day in days), (today, row.name)


def test_the_demo_papers_name_people_and_count_a_real_branch() -> None:
    calendar = WorkingCalendar()
    today = date(2026, 12, 4)
    branch, rows = BRANCHES[0], demo_rows(today, calendar)[0]
    row = parse_row(RawRow(9, rows[-1]))
    plan = {
        act.trigger: act.evidence
        for act in demo_plan(row, branch, 9, lambda _d: DEFAULT_PROFILE, calendar, today=today)
    }
    assert plan["record_talk"]["talker"] == {"name": "王建国"}
    assert plan["record_recommendation_vote"]["party_members"] == 28
    assert plan["record_admission_ballot"]["expected"] == 31
    assert plan["record_admission_ballot"]["votes_for"] >= 25
    assert "历史数据导入" not in str(plan)
    assert "公示期自" in plan["open_publicity"]["content"]
