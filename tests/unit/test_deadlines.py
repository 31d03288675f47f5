"""Deadlines: what falls due for a candidate, from the profile's numbers and the calendar."""

from __future__ import annotations

from datetime import date

from service.workflow import DEFAULT_PROFILE, Record, WorkingCalendar, YearArrangement
from service.workflow.deadlines import Due, due_items, within
from tests.support.journey import (
    CALENDAR,
    Journey,
    person,
    to_activist,
    to_awaiting_approval,
    to_conversion_publicity,
    to_full_member,
    to_probationary,
)


def due(j: Journey, calendar: WorkingCalendar = CALENDAR) -> list[tuple[str, date, str]]:
    items = due_items(j.state, j.record, profile=DEFAULT_PROFILE, calendar=calendar)
    return [(item.what, item.due_date, item.rule) for item in items]


def test_an_applicant_without_a_talk_is_due_one_within_a_calendar_month() -> None:
    j = Journey.start(applied=date(2025, 1, 31))
    assert due(j) == [("talk", date(2025, 2, 28), "talk.after_application")]
    j.act("record_talk", date(2025, 2, 10), talker=person("王书记"), summary="谈话")
    assert due(j) == []


def test_an_activist_is_due_the_next_half_yearly_assessment_and_the_end_of_the_first_year() -> None:
    j = to_activist(Journey.start())
    assert due(j) == [
        ("assessment", date(2023, 10, 18), "assessment.half_yearly"),
        ("cultivation_year", date(2024, 4, 18), "cultivation.one_year"),
    ]
    j.act("record_assessment", date(2023, 10, 20), period="2023H2", summary="表现良好")
    assert due(j)[0] == ("assessment", date(2024, 4, 18), "assessment.half_yearly")


def test_a_notice_from_29_september_2025_ends_on_the_make_up_saturday_after_the_holiday() -> None:
    j = Journey.start(applied=date(2025, 9, 1))
    j.act("record_talk", date(2025, 9, 10), talker=person("王书记"), summary="谈话")
    j.act(
        "record_recommendation_vote",
        date(2025, 9, 26),
        method="secret_ballot",
        party_members=12,
        mass_representatives=8,
        ballots_cast=20,
        votes_for=15,
    )
    opened = date(2025, 9, 29)
    j.act("open_publicity", opened, starts_on=opened, channel="公告栏", content="公示")
    items = due_items(j.state, j.record, profile=DEFAULT_PROFILE, calendar=CALENDAR)
    assert items == (Due("notice_end", date(2025, 10, 11), "publicity.complete"),)
    assert items[0].days_left(date(2025, 9, 30)) == 11


def test_a_provisional_notice_end_follows_an_arrangement_loaded_after_it_opened() -> None:
    opened_record = Record.opened(
        application_date=date(2027, 9, 1), birth_date=date(1995, 5, 20), branch_id=1
    )
    j = Journey(state="applicant", record=opened_record, today=date(2027, 9, 30))
    j.act("record_talk", date(2027, 9, 10), talker=person("王书记"), summary="谈话")
    j.act(
        "record_recommendation_vote",
        date(2027, 9, 28),
        method="secret_ballot",
        party_members=12,
        mass_representatives=8,
        ballots_cast=20,
        votes_for=15,
    )
    opened = date(2027, 9, 29)
    j.act("open_publicity", opened, starts_on=opened, channel="公告栏", content="公示")
    before = due_items(j.state, j.record, profile=DEFAULT_PROFILE, calendar=CALENDAR)
    assert [(i.due_date, i.provisional) for i in before] == [(date(2027, 10, 5), True)]
    golden_week = frozenset(date(2027, 10, day) for day in range(1, 8))
    loaded = WorkingCalendar.with_arrangements(
        [YearArrangement(year=2027, holidays=golden_week, workdays=frozenset())]
    )
    after = due_items(j.state, j.record, profile=DEFAULT_PROFILE, calendar=loaded)
    assert [(i.due_date, i.provisional) for i in after] == [(date(2027, 10, 12), False)]


def test_the_committee_approval_is_due_three_months_after_the_admission_ballot() -> None:
    j = to_awaiting_approval(Journey.start())
    items = due_items(j.state, j.record, profile=DEFAULT_PROFILE, calendar=CALENDAR)
    assert [(i.what, i.due_date, i.rule) for i in items] == [
        ("admission_approval", date(2024, 9, 5), "approval.deadline")
    ]
    assert items[0].days_left(date(2024, 9, 10)) == -5


def test_a_probationary_member_is_due_the_end_of_probation_and_then_the_conversion_approval() -> (
    None
):
    j = to_probationary(Journey.start())
    assert due(j) == [("probation_end", date(2025, 6, 5), "probation.ended")]
    to_conversion = to_conversion_publicity(Journey.start())
    assert due(to_conversion) == [
        ("notice_end", date(2025, 5, 27), "publicity.complete"),
        ("probation_end", date(2025, 6, 5), "probation.ended"),
    ]


def test_a_full_member_has_nothing_due() -> None:
    assert due(to_full_member(Journey.start())) == []


def test_within_keeps_what_is_overdue_or_due_in_the_window() -> None:
    j = to_activist(Journey.start())
    items = due_items(j.state, j.record, profile=DEFAULT_PROFILE, calendar=CALENDAR)
    assert [i.what for i in within(items, today=date(2023, 10, 1), days=30)] == ["assessment"]
    assert [i.what for i in within(items, today=date(2024, 5, 1), days=0)] == [
        "assessment",
        "cultivation_year",
    ]
