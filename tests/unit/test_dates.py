"""Effective dates: nothing in the future, state changes in order, records back to state entry."""

from __future__ import annotations

from datetime import date

import pytest

from service.workflow import (
    DEFAULT_PROFILE,
    Record,
    RulesNotMet,
    Situation,
    WorkingCalendar,
    open_application,
)
from tests.support.journey import (
    TODAY,
    Journey,
    person,
    to_activist,
    to_admission_publicity,
    to_development_target,
    to_probationary,
)
from tests.support.refusals import refusal, rule_ids, violation


def application(*, applied: date, born: date, today: date = TODAY) -> Situation:
    return Situation(
        state="applicant",
        trigger="submit_application",
        record=Record.opened(application_date=applied, birth_date=born, branch_id=1),
        effective_date=applied,
        today=today,
        profile=DEFAULT_PROFILE,
        calendar=WorkingCalendar(),
    )


def test_an_act_dated_after_today_is_refused() -> None:
    j = Journey.start()

    error = refusal(j, "record_talk", date(2026, 11, 27), talker=person("王书记"), summary="谈话")

    assert rule_ids(error) == {"effective_date.not_future"}
    assert violation(error, "effective_date.not_future").details == {
        "effective_date": "2026-11-27",
        "today": "2026-11-26",
    }


def test_an_act_dated_today_is_accepted() -> None:
    j = Journey.start()
    j.today = date(2023, 3, 20)

    assert (
        j.act("record_talk", date(2023, 3, 20), talker=person("王书记"), summary="谈话").destination
        == "applicant"
    )


def test_an_application_dated_in_the_future_is_refused() -> None:
    with pytest.raises(RulesNotMet) as caught:
        open_application(application(applied=date(2026, 11, 27), born=date(1995, 5, 20)))

    assert rule_ids(caught.value) == {"effective_date.not_future"}


def test_a_state_changing_act_dated_before_the_latest_act_is_refused() -> None:
    j = Journey.start()
    j.act("record_talk", date(2023, 3, 20), talker=person("王书记"), summary="谈话")

    error = refusal(
        j,
        "record_recommendation_vote",
        date(2023, 3, 19),
        method="secret_ballot",
        party_members=6,
        mass_representatives=4,
        ballots_cast=10,
        votes_for=8,
    )

    assert rule_ids(error) == {"effective_date.in_order"}
    assert violation(error, "effective_date.in_order").details == {
        "effective_date": "2023-03-19",
        "earliest": "2023-03-20",
        "reason": "最近一次已生效的事项",
        "reason_en": "the latest applied act",
    }


def test_the_application_date_counts_as_the_first_act() -> None:
    j = Journey.start(applied=date(2023, 3, 1))

    error = refusal(j, "withdraw", date(2023, 2, 28), reason="本人申请")

    assert rule_ids(error) == {"effective_date.in_order"}


def test_a_record_may_be_dated_back_to_the_act_that_entered_the_state() -> None:
    j = to_activist(Journey.start())

    j.act("record_assessment", date(2023, 4, 18), period="2023H1", summary="补登")

    assert (j.record.state_entered_on, j.record.last_act_on) == (
        date(2023, 4, 18),
        date(2023, 4, 20),
    )


def test_a_record_dated_before_the_act_that_entered_the_state_is_refused() -> None:
    j = to_activist(Journey.start())

    error = refusal(j, "record_assessment", date(2023, 4, 17), period="2023H1", summary="补登")

    assert rule_ids(error) == {"effective_date.in_order"}
    assert (
        violation(error, "effective_date.in_order").details["reason_en"]
        == "the act that entered the current state"
    )


def test_a_backdated_record_does_not_let_a_state_change_go_back_with_it() -> None:
    j = to_development_target(Journey.start())
    j.act(
        "record_political_review",
        date(2024, 4, 18),
        conclusion="qualified",
        attitude="拥护",
        political_history="清白",
        law_abidance="守法",
        relatives="无问题",
    )

    error = refusal(j, "withdraw", date(2024, 4, 17), reason="本人申请")

    assert violation(error, "effective_date.in_order").details["earliest"] == "2024-04-18"


def test_a_refused_act_does_not_move_the_latest_act() -> None:
    j = Journey.start()
    refusal(
        j,
        "record_recommendation_vote",
        date(2023, 4, 10),
        method="secret_ballot",
        party_members=6,
        mass_representatives=4,
        ballots_cast=10,
        votes_for=8,
    )

    assert (
        j.act("record_talk", date(2023, 3, 20), talker=person("王书记"), summary="谈话").destination
        == "applicant"
    )


def test_a_decision_dated_after_its_act_is_refused() -> None:
    j = to_activist(Journey.start())

    error = refusal(
        j, "designate_development_target", date(2024, 4, 18), decided_on=date(2024, 4, 19)
    )

    assert "evidence.dates" in rule_ids(error)
    assert violation(error, "evidence.dates").details == {
        "effective_date": "2024-04-18",
        "earliest": "2023-04-18",
        "fields": ["decided_on"],
    }


def test_an_oath_held_before_admission_is_refused() -> None:
    j = to_probationary(Journey.start())

    error = refusal(j, "record_oath", date(2024, 7, 2), held_on=date(2024, 6, 30))

    assert rule_ids(error) == {"evidence.dates"}
    assert violation(error, "evidence.dates").details["earliest"] == "2024-07-01"


def test_an_objection_cannot_be_resolved_before_it_was_received() -> None:
    j = to_admission_publicity(Journey.start())
    j.act("file_objection", date(2024, 5, 15), received_on=date(2024, 5, 15), summary="反映问题")

    error = refusal(
        j, "resolve_objection", date(2024, 5, 14), objection_id=1, finding="proceed", note="核实"
    )

    assert rule_ids(error) == {"evidence.dates"}
    assert "before_objection_received" in violation(error, "evidence.dates").details["fields"]


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "fields"),
    [
        (date(2023, 5, 12), date(2023, 5, 8), ["ends_before_start"]),
        (date(2023, 5, 8), date(2023, 5, 31), ["ends_on"]),
    ],
)
def test_a_training_ending_before_it_starts_or_after_it_is_recorded_is_refused(
    starts_on: date, ends_on: date, fields: list[str]
) -> None:
    j = to_activist(Journey.start())

    error = refusal(
        j,
        "record_training",
        date(2023, 5, 20),
        provider="党校",
        starts_on=starts_on,
        ends_on=ends_on,
        days=5,
        hours=40,
        completed=True,
    )

    assert rule_ids(error) == {"evidence.dates"}
    assert violation(error, "evidence.dates").details["fields"] == fields


def test_an_applicant_one_day_short_of_eighteen_is_refused() -> None:
    with pytest.raises(RulesNotMet) as caught:
        open_application(application(applied=date(2023, 3, 1), born=date(2005, 3, 2)))

    assert rule_ids(caught.value) == {"applicant.age"}
    assert violation(caught.value, "applicant.age").details == {
        "birth_date": "2005-03-02",
        "application_date": "2023-03-01",
        "age": 17,
        "minimum_age": 18,
    }


def test_an_applicant_on_the_eighteenth_birthday_is_admitted() -> None:
    record = open_application(application(applied=date(2023, 3, 1), born=date(2005, 3, 1)))

    assert (record.application_date, record.last_act_on) == (date(2023, 3, 1), date(2023, 3, 1))
