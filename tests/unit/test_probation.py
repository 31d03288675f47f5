"""Probation: one calendar year from the admission ballot, conversion, one extension, cancelling."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.support.journey import BALLOT, Journey, person, to_probationary
from tests.support.refusals import refusal, rule_ids, violation

LEAP_DAY = date(2024, 2, 29)
PROBATION_ENDS = date(2025, 2, 28)


def admitted_on_leap_day() -> Journey:
    j = Journey.start(applied=date(2022, 9, 1))
    j.act("record_talk", date(2022, 9, 10), talker=person("王书记"), summary="了解入党动机")
    j.act(
        "record_recommendation_vote",
        date(2022, 10, 10),
        method="secret_ballot",
        party_members=12,
        mass_representatives=8,
        ballots_cast=20,
        votes_for=15,
    )
    j.act(
        "open_publicity",
        date(2022, 10, 11),
        starts_on=date(2022, 10, 11),
        channel="公告栏",
        content="积极分子公示",
    )
    j.act("close_publicity", date(2022, 10, 17), decided_on=date(2022, 10, 17))
    j.act("assign_mentors", date(2022, 10, 18), mentors=[person("李四", "M001")])
    j.act("record_assessment", date(2023, 4, 17), period="2023H1", summary="表现良好")
    j.act(
        "record_training",
        date(2023, 5, 20),
        provider="县直工委党校",
        starts_on=date(2023, 5, 15),
        ends_on=date(2023, 5, 19),
        days=5,
        hours=40,
        completed=True,
    )
    j.act("record_assessment", date(2023, 10, 17), period="2023H2", summary="表现良好")
    j.act("designate_development_target", date(2023, 10, 17), decided_on=date(2023, 10, 17))
    j.act(
        "record_political_review",
        date(2023, 11, 1),
        conclusion="qualified",
        attitude="拥护",
        political_history="清白",
        law_abidance="守法",
        relatives="无问题",
    )
    j.act(
        "set_sponsors", date(2023, 11, 2), sponsors=[person("李四", "M001"), person("孙七", "M003")]
    )
    j.act(
        "open_publicity",
        date(2023, 11, 6),
        starts_on=date(2023, 11, 6),
        channel="内网",
        content="接收预备党员公示",
    )
    j.act("submit_for_pre_review", date(2023, 11, 13), materials=["入党申请书"])
    j.act(
        "approve_pre_review", date(2023, 11, 20), reviewer=person("县直工委 陈"), opinion="材料齐全"
    )
    j.act("record_admission_ballot", LEAP_DAY, **BALLOT)
    j.act(
        "record_committee_interview",
        date(2024, 3, 5),
        interviewer=person("县直工委 陈"),
        motive="sound",
        law_compliance="compliant",
        notes="动机端正",
    )
    j.act("approve_admission", date(2024, 3, 20), decided_on=date(2024, 3, 20))
    j.act("record_oath", date(2024, 3, 25), held_on=date(2024, 3, 25))
    return j


def in_conversion_notice(j: Journey, applied: date) -> Journey:
    j.act("apply_for_conversion", applied, submitted_on=applied)
    j.act("open_publicity", applied, starts_on=applied, channel="公告栏", content="转正公示")
    return j


def conversion_ballot(resolution: str, **extra: Any) -> dict[str, Any]:
    return {"resolution": resolution, **BALLOT, **extra}


@pytest.fixture
def j() -> Journey:
    return in_conversion_notice(admitted_on_leap_day(), date(2025, 1, 6))


def extended(j: Journey, months: int) -> Journey:
    j.act(
        "record_conversion_ballot",
        PROBATION_ENDS,
        **conversion_ballot("extend", extend_months=months),
    )
    j.act("approve_conversion", date(2025, 3, 10), decided_on=date(2025, 3, 10))
    return j


def test_probation_ends_one_calendar_year_after_a_leap_day_ballot_clamped_to_february_28() -> None:
    j = admitted_on_leap_day()

    assert (j.state, j.record.probation_ends) == ("probationary_member", PROBATION_ENDS)


def test_a_conversion_ballot_before_probation_ends_is_refused(j: Journey) -> None:
    error = refusal(
        j, "record_conversion_ballot", date(2025, 2, 27), **conversion_ballot("convert")
    )

    assert rule_ids(error) == {"probation.ended"}
    assert violation(error, "probation.ended").details == {
        "probation_ends": "2025-02-28",
        "effective_date": "2025-02-27",
    }


def test_a_conversion_ballot_on_the_day_probation_ends_converts_with_party_age_from_that_day(
    j: Journey,
) -> None:
    assert j.act(
        "record_conversion_ballot", PROBATION_ENDS, **conversion_ballot("convert")
    ).destination == ("awaiting_conversion_approval")

    decision = j.act("approve_conversion", date(2025, 3, 10), decided_on=date(2025, 3, 10))

    assert (decision.destination, decision.outcome) == ("full_member", "convert")
    assert j.record.full_member_since == PROBATION_ENDS


@pytest.mark.parametrize(("months", "ends"), [(6, date(2025, 8, 28)), (12, date(2026, 2, 28))])
def test_an_extension_of_six_to_twelve_months_moves_the_end_of_probation(
    j: Journey, months: int, ends: date
) -> None:
    extended(j, months)

    assert j.state == "probationary_member"
    assert (j.record.probation_ends, j.record.extensions) == (ends, 1)
    assert (j.record.conversion_applied_on, j.record.conversion_ballot) == (None, None)


def test_an_extension_may_be_resolved_before_probation_ends(j: Journey) -> None:
    decision = j.act(
        "record_conversion_ballot",
        date(2025, 2, 20),
        **conversion_ballot("extend", extend_months=6),
    )

    assert decision.destination == "awaiting_conversion_approval"


@pytest.mark.parametrize("months", [5, 13, None])
def test_an_extension_outside_six_to_twelve_months_is_refused(
    j: Journey, months: int | None
) -> None:
    extra = {} if months is None else {"extend_months": months}

    error = refusal(
        j, "record_conversion_ballot", PROBATION_ENDS, **conversion_ballot("extend", **extra)
    )

    assert rule_ids(error) == {"probation.extend_once"}
    assert violation(error, "probation.extend_once").details == {
        "extensions": 0,
        "extend_months": months,
        "minimum": 6,
        "maximum": 12,
    }


def test_a_second_extension_is_refused(j: Journey) -> None:
    in_conversion_notice(extended(j, 6), date(2025, 7, 1))

    error = refusal(
        j,
        "record_conversion_ballot",
        date(2025, 7, 10),
        **conversion_ballot("extend", extend_months=6),
    )

    assert rule_ids(error) == {"probation.extend_once"}
    assert violation(error, "probation.extend_once").details["extensions"] == 1


def test_after_an_extension_conversion_waits_for_the_new_end(j: Journey) -> None:
    in_conversion_notice(extended(j, 6), date(2025, 7, 1))

    error = refusal(
        j, "record_conversion_ballot", date(2025, 8, 27), **conversion_ballot("convert")
    )
    j.act("record_conversion_ballot", date(2025, 8, 28), **conversion_ballot("convert"))
    j.act("approve_conversion", date(2025, 9, 1), decided_on=date(2025, 9, 1))

    assert rule_ids(error) == {"probation.ended"}
    assert (j.state, j.record.full_member_since) == ("full_member", date(2025, 8, 28))


def test_after_an_extension_a_new_conversion_application_is_needed(j: Journey) -> None:
    extended(j, 6)

    error = refusal(
        j,
        "open_publicity",
        date(2025, 7, 1),
        starts_on=date(2025, 7, 1),
        channel="公告栏",
        content="转正公示",
    )

    assert rule_ids(error) == {"conversion.applied"}


def test_a_cancelled_probation_once_approved_disqualifies(j: Journey) -> None:
    j.act("record_conversion_ballot", date(2025, 2, 20), **conversion_ballot("cancel"))

    decision = j.act("approve_conversion", date(2025, 3, 10), decided_on=date(2025, 3, 10))

    assert (decision.destination, decision.outcome) == ("disqualified", "cancel")
    assert j.record.ended_on == date(2025, 3, 10)


def test_a_conversion_notice_without_a_conversion_application_is_refused() -> None:
    j = to_probationary(Journey.start())

    error = refusal(
        j,
        "open_publicity",
        date(2025, 5, 21),
        starts_on=date(2025, 5, 21),
        channel="公告栏",
        content="转正公示",
    )

    assert rule_ids(error) == {"conversion.applied"}
    assert violation(error, "conversion.applied").details == {"applied": False}


def test_a_rejected_conversion_keeps_probation_and_needs_a_new_notice(j: Journey) -> None:
    j.act("record_conversion_ballot", PROBATION_ENDS, **conversion_ballot("convert"))

    decision = j.act("reject_conversion", date(2025, 3, 10), reasons="需进一步考察")
    reopened = j.act(
        "open_publicity",
        date(2025, 3, 11),
        starts_on=date(2025, 3, 11),
        channel="公告栏",
        content="转正公示",
    )

    assert decision.destination == "probationary_member"
    assert reopened.destination == "conversion_publicity"


def test_a_conversion_approval_more_than_three_months_after_the_ballot_is_refused(
    j: Journey,
) -> None:
    j.act("record_conversion_ballot", PROBATION_ENDS, **conversion_ballot("convert"))

    error = refusal(j, "approve_conversion", date(2025, 5, 29), decided_on=date(2025, 5, 29))

    assert rule_ids(error) == {"approval.deadline"}
    assert violation(error, "approval.deadline").details["due_by"] == "2025-05-28"
