"""The public recommendation (公推制): half or more of the participants, talk first."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from service.workflow import RuleProfile
from service.workflow.profiles import COUNTY_SEED, NATIONAL_2014
from tests.support.journey import Journey, person
from tests.support.refusals import refusal, rule_ids, violation

APPLIED = date(2023, 3, 1)
TALK = date(2023, 3, 20)
VOTE = date(2023, 4, 10)


def vote(**counts: Any) -> dict[str, Any]:
    defaults = {
        "method": "secret_ballot",
        "party_members": 6,
        "mass_representatives": 4,
        "ballots_cast": 10,
        "votes_for": 5,
    }
    return {**defaults, **counts}


@pytest.fixture
def j() -> Journey:
    j = Journey.start(applied=APPLIED)
    j.act("record_talk", TALK, talker=person("王书记"), summary="了解入党动机")
    return j


def test_five_of_ten_participants_recommend(j: Journey) -> None:
    decision = j.act("record_recommendation_vote", VOTE, **vote(votes_for=5))

    assert (decision.destination, decision.outcome) == ("recommended", "passed")
    assert decision.warnings == ()
    assert j.record.recommendation is not None
    assert (j.record.recommendation.passed, j.record.recommendation.override) == (True, False)


def test_four_of_ten_is_an_applied_vote_that_keeps_the_applicant(j: Journey) -> None:
    decision = j.act("record_recommendation_vote", VOTE, **vote(votes_for=4))

    assert (decision.destination, decision.outcome) == ("applicant", "failed")
    assert violation(decision.warnings, "recommendation.majority").details == {
        "participants": 10,
        "votes_for": 4,
        "required": 5,
    }
    assert j.record.recommendation is not None
    assert j.record.recommendation.passed is False


def test_with_nine_participants_five_are_needed(j: Journey) -> None:
    assert (
        j.act(
            "record_recommendation_vote", VOTE, **vote(party_members=5, ballots_cast=9, votes_for=4)
        ).outcome
        == "failed"
    )
    assert (
        j.act(
            "record_recommendation_vote", VOTE, **vote(party_members=5, ballots_cast=9, votes_for=5)
        ).outcome
        == "passed"
    )


def test_below_half_with_an_override_reason_recommends_and_is_flagged(j: Journey) -> None:
    decision = j.act(
        "record_recommendation_vote",
        VOTE,
        **vote(votes_for=4, override_reason="群众基础好，票数受部门人数所限"),
    )

    assert decision.destination == "recommended"
    assert (decision.notes["majority"], decision.notes["override"]) == (False, True)
    assert [warning.rule for warning in decision.warnings] == ["recommendation.majority"]
    assert decision.warnings[0].details == {
        "participants": 10,
        "votes_for": 4,
        "required": 5,
        "override": True,
        "override_reason": "群众基础好，票数受部门人数所限",
    }
    assert j.record.recommendation is not None
    assert (j.record.recommendation.passed, j.record.recommendation.override) == (True, True)


def test_an_override_reason_with_a_majority_is_no_override(j: Journey) -> None:
    decision = j.act("record_recommendation_vote", VOTE, **vote(votes_for=6, override_reason="无"))

    assert decision.warnings == ()
    assert j.record.recommendation is not None
    assert j.record.recommendation.override is False


def test_a_failed_vote_may_be_followed_by_a_passing_one(j: Journey) -> None:
    j.act("record_recommendation_vote", VOTE, **vote(votes_for=3))

    assert (
        j.act("record_recommendation_vote", date(2023, 5, 10), **vote(votes_for=8)).destination
        == "recommended"
    )


@pytest.mark.parametrize(
    "counts",
    [
        {"party_members": 0, "mass_representatives": 0, "ballots_cast": 0, "votes_for": 0},
        {"ballots_cast": 11, "votes_for": 5},
        {"ballots_cast": 8, "votes_for": 9},
    ],
)
def test_recommendation_counts_that_do_not_add_up_are_refused(
    j: Journey, counts: dict[str, int]
) -> None:
    error = refusal(j, "record_recommendation_vote", VOTE, **vote(**counts))

    assert rule_ids(error) == {"recommendation.counts"}


def test_a_vote_without_a_recorded_talk_is_refused() -> None:
    j = Journey.start(applied=APPLIED)

    error = refusal(j, "record_recommendation_vote", VOTE, **vote())

    assert rule_ids(error) == {"talk.required"}


@pytest.mark.parametrize("profile", [NATIONAL_2014, COUNTY_SEED], ids=lambda profile: profile.name)
def test_a_recommendation_by_show_of_hands_is_refused_under_every_profile(
    profile: RuleProfile,
) -> None:
    j = Journey.start(applied=APPLIED, profile=profile)
    j.act("record_talk", TALK, talker=person("王书记"), summary="了解入党动机")

    error = refusal(j, "record_recommendation_vote", VOTE, **vote(method="show_of_hands"))

    assert rule_ids(error) == {"recommendation.secret_ballot"}


def test_a_talk_more_than_a_month_after_the_application_is_recorded_with_a_warning() -> None:
    j = Journey.start(applied=APPLIED)

    decision = j.act("record_talk", date(2023, 4, 2), talker=person("王书记"), summary="谈话")

    assert decision.destination == "applicant"
    assert violation(decision.warnings, "talk.after_application").details == {
        "application_date": "2023-03-01",
        "due_by": "2023-04-01",
        "talk_on": "2023-04-02",
    }
    assert j.record.talks == (date(2023, 4, 2),)


def test_a_talk_on_the_last_day_of_the_month_carries_no_warning() -> None:
    j = Journey.start(applied=APPLIED)

    assert (
        j.act("record_talk", date(2023, 4, 1), talker=person("王书记"), summary="谈话").warnings
        == ()
    )
