"""The branch assembly's ballot (票决制): quorum and majority of the expected members."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from service.workflow.profiles import COUNTY_SEED
from tests.support.journey import BALLOT, Journey, to_conversion_publicity, to_pre_review_passed
from tests.support.refusals import refusal, rule_ids, violation

BALLOT_DAY = date(2024, 6, 5)
CONVERSION_DAY = date(2025, 6, 5)


def ballot(**counts: Any) -> dict[str, Any]:
    return {**BALLOT, "written_opinions": 0, "votes_against": 0, "abstentions": 0, **counts}


@pytest.fixture
def j() -> Journey:
    return to_pre_review_passed(Journey.start())


def test_a_ballot_with_nine_of_sixteen_present_and_nine_for_passes(j: Journey) -> None:
    decision = j.act("record_admission_ballot", BALLOT_DAY, **ballot(present=9, votes_for=9))

    assert (decision.destination, decision.outcome, decision.warnings) == (
        "awaiting_approval",
        "passed",
        (),
    )
    assert j.record.admission_ballot is not None
    assert j.record.admission_ballot.held_on == BALLOT_DAY


def test_a_ballot_with_eight_of_sixteen_present_is_refused_for_quorum(j: Journey) -> None:
    error = refusal(j, "record_admission_ballot", BALLOT_DAY, **ballot(present=8, votes_for=8))

    assert rule_ids(error) == {"ballot.quorum"}
    assert violation(error, "ballot.quorum").details == {
        "expected": 16,
        "present": 8,
        "required_more_than": 8,
    }


def test_eight_for_with_nine_present_is_a_failed_ballot_that_sends_back_to_development_target(
    j: Journey,
) -> None:
    decision = j.act(
        "record_admission_ballot", BALLOT_DAY, **ballot(present=9, votes_for=8, votes_against=1)
    )

    assert (decision.destination, decision.outcome) == ("development_target", "failed")
    assert violation(decision.warnings, "ballot.majority").details == {
        "expected": 16,
        "votes_for": 8,
        "required_more_than": 8,
    }
    assert j.record.admission_ballot is None
    assert j.record.pre_review_approved_on is None


def test_with_fifteen_expected_eight_present_and_eight_for_suffice(j: Journey) -> None:
    decision = j.act(
        "record_admission_ballot", BALLOT_DAY, **ballot(expected=15, present=8, votes_for=8)
    )

    assert decision.destination == "awaiting_approval"


def test_with_fifteen_expected_seven_present_is_refused_for_quorum(j: Journey) -> None:
    error = refusal(
        j, "record_admission_ballot", BALLOT_DAY, **ballot(expected=15, present=7, votes_for=7)
    )

    assert violation(error, "ballot.quorum").details == {
        "expected": 15,
        "present": 7,
        "required_more_than": 7,
    }


def test_written_opinions_do_not_make_up_the_quorum(j: Journey) -> None:
    error = refusal(
        j,
        "record_admission_ballot",
        BALLOT_DAY,
        **ballot(present=8, written_opinions=4, votes_for=12),
    )

    assert rule_ids(error) == {"ballot.quorum"}


def test_written_opinions_count_in_the_tally(j: Journey) -> None:
    decision = j.act(
        "record_admission_ballot", BALLOT_DAY, **ballot(present=9, written_opinions=4, votes_for=9)
    )

    assert decision.destination == "awaiting_approval"


@pytest.mark.parametrize(
    ("counts", "problems"),
    [
        (
            {"present": 17, "votes_for": 9},
            ["present_within_expected", "present_and_written_within_expected"],
        ),
        (
            {"present": 12, "written_opinions": 5, "votes_for": 9},
            ["present_and_written_within_expected"],
        ),
        (
            {"present": 12, "votes_for": 10, "votes_against": 2, "abstentions": 1},
            ["votes_within_voters"],
        ),
    ],
)
def test_counts_that_do_not_add_up_are_refused(
    j: Journey, counts: dict[str, int], problems: list[str]
) -> None:
    error = refusal(j, "record_admission_ballot", BALLOT_DAY, **ballot(**counts))

    assert rule_ids(error) == {"ballot.counts"}
    assert violation(error, "ballot.counts").details["problems"] == problems


def test_a_ballot_expecting_nobody_is_refused_for_counts_and_quorum(j: Journey) -> None:
    error = refusal(
        j, "record_admission_ballot", BALLOT_DAY, **ballot(expected=0, present=0, votes_for=0)
    )

    assert rule_ids(error) == {"ballot.counts", "ballot.quorum"}


def test_invalid_ballots_may_leave_the_tally_below_those_voting(j: Journey) -> None:
    decision = j.act(
        "record_admission_ballot", BALLOT_DAY, **ballot(present=12, votes_for=9, votes_against=1)
    )

    assert decision.destination == "awaiting_approval"


def test_a_show_of_hands_is_refused_under_national_2014(j: Journey) -> None:
    error = refusal(
        j,
        "record_admission_ballot",
        BALLOT_DAY,
        **ballot(method="show_of_hands", present=12, votes_for=12),
    )

    assert rule_ids(error) == {"ballot.method"}
    assert violation(error, "ballot.method").details == {
        "method": "show_of_hands",
        "allowed": ["secret_ballot"],
        "profile": "national-2014",
        "profile_label": "全国《发展党员工作细则》（2014）",
        "profile_label_en": "National rules on recruiting Party members (2014)",
    }
    assert violation(error, "ballot.method").message_zh == (
        "本规则配置（全国《发展党员工作细则》（2014））下支部大会表决须采用：无记名投票；"
        "本次为 举手表决"
    )


def test_a_show_of_hands_is_accepted_under_county_seed() -> None:
    j = to_pre_review_passed(Journey.start(profile=COUNTY_SEED))

    decision = j.act(
        "record_admission_ballot",
        BALLOT_DAY,
        **ballot(method="show_of_hands", present=12, votes_for=12),
    )

    assert decision.destination == "awaiting_approval"


def test_a_ballot_not_declared_individual_is_refused(j: Journey) -> None:
    error = refusal(j, "record_admission_ballot", BALLOT_DAY, **ballot(voted_individually=False))

    assert rule_ids(error) == {"ballot.individual"}


def test_a_ballot_failing_several_rules_names_every_one(j: Journey) -> None:
    error = refusal(
        j,
        "record_admission_ballot",
        BALLOT_DAY,
        **ballot(method="show_of_hands", voted_individually=False, present=8, votes_for=9),
    )

    assert rule_ids(error) == {
        "ballot.method",
        "ballot.individual",
        "ballot.counts",
        "ballot.quorum",
    }


@pytest.fixture
def conversion() -> Journey:
    return to_conversion_publicity(Journey.start())


def test_a_conversion_ballot_with_nine_of_sixteen_passes(conversion: Journey) -> None:
    decision = conversion.act(
        "record_conversion_ballot",
        CONVERSION_DAY,
        resolution="convert",
        **ballot(present=9, votes_for=9),
    )

    assert decision.destination == "awaiting_conversion_approval"


def test_a_conversion_ballot_with_eight_of_sixteen_present_is_refused_for_quorum(
    conversion: Journey,
) -> None:
    error = refusal(
        conversion,
        "record_conversion_ballot",
        CONVERSION_DAY,
        resolution="convert",
        **ballot(present=8, votes_for=8),
    )

    assert rule_ids(error) == {"ballot.quorum"}


def test_a_failed_conversion_ballot_keeps_the_probationary_member(conversion: Journey) -> None:
    decision = conversion.act(
        "record_conversion_ballot",
        CONVERSION_DAY,
        resolution="convert",
        **ballot(present=9, votes_for=8),
    )

    assert (decision.destination, decision.outcome) == ("probationary_member", "failed")
    assert conversion.record.conversion_ballot is None
    assert conversion.record.notice is None


def test_a_conversion_ballot_by_show_of_hands_not_individually_is_refused_for_both(
    conversion: Journey,
) -> None:
    error = refusal(
        conversion,
        "record_conversion_ballot",
        CONVERSION_DAY,
        resolution="convert",
        **ballot(method="show_of_hands", voted_individually=False),
    )

    assert rule_ids(error) == {"ballot.method", "ballot.individual"}
