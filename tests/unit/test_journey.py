"""One candidate from application to full membership, and which triggers each state accepts."""

from __future__ import annotations

from datetime import date

import pytest

from service.workflow import FINAL_STATES, TRIGGERS, TransitionNotAllowed, UnknownTrigger
from service.workflow.definition import BEFORE_PROBATION
from tests.support.journey import Journey, to_conversion_publicity, to_full_member

STATES_IN_ORDER = [
    ("record_talk", "applicant"),
    ("record_recommendation_vote", "recommended"),
    ("open_publicity", "activist_publicity"),
    ("close_publicity", "activist"),
    ("assign_mentors", "activist"),
    ("record_assessment", "activist"),
    ("record_assessment", "activist"),
    ("record_training", "activist"),
    ("designate_development_target", "development_target"),
    ("record_political_review", "development_target"),
    ("set_sponsors", "development_target"),
    ("open_publicity", "admission_publicity"),
    ("submit_for_pre_review", "pre_review"),
    ("approve_pre_review", "pre_review_passed"),
    ("record_admission_ballot", "awaiting_approval"),
    ("record_committee_interview", "awaiting_approval"),
    ("approve_admission", "probationary_member"),
    ("record_oath", "probationary_member"),
    ("apply_for_conversion", "probationary_member"),
    ("open_publicity", "conversion_publicity"),
    ("record_conversion_ballot", "awaiting_conversion_approval"),
    ("approve_conversion", "full_member"),
]


def test_a_candidate_goes_from_application_to_full_member_through_every_state_in_order() -> None:
    j = to_full_member(Journey.start())

    assert [(d.trigger, d.destination) for d in j.decisions] == STATES_IN_ORDER
    assert [w for d in j.decisions for w in d.warnings] == []
    assert j.record.activist_since == date(2023, 4, 18)
    assert j.record.development_target_since == date(2024, 4, 18)
    assert (j.record.admitted_on, j.record.probation_ends) == (date(2024, 7, 1), date(2025, 6, 5))
    assert j.record.full_member_since == date(2025, 6, 5)
    assert j.record.last_act_on == date(2025, 6, 20)


def test_each_decision_lists_the_rules_it_checked() -> None:
    j = to_full_member(Journey.start())
    approval = next(d for d in j.decisions if d.trigger == "approve_admission")

    assert approval.rules_checked[:3] == (
        "effective_date.not_future",
        "effective_date.in_order",
        "evidence.dates",
    )
    assert "six_no.procedure" in approval.rules_checked
    assert approval.changes_state


def test_a_trigger_not_valid_in_the_state_is_not_allowed_and_names_what_is() -> None:
    j = Journey.start()

    with pytest.raises(TransitionNotAllowed) as caught:
        j.act("approve_admission", date(2023, 3, 2), decided_on=date(2023, 3, 2))

    assert (caught.value.trigger, caught.value.state) == ("approve_admission", "applicant")
    assert set(caught.value.allowed) == {
        "record_talk",
        "record_recommendation_vote",
        "transfer",
        "withdraw",
    }
    assert caught.value.violation.rule == "transition.allowed"


def test_an_unknown_trigger_is_unknown() -> None:
    with pytest.raises(UnknownTrigger):
        Journey.start().act("promote", date(2023, 3, 2))


@pytest.mark.parametrize("final", sorted(FINAL_STATES))
def test_a_final_state_accepts_no_trigger(final: str) -> None:
    j = Journey.start()
    j.state = final

    for trigger in TRIGGERS:
        with pytest.raises(TransitionNotAllowed):
            j.act(trigger, date(2023, 3, 2))


@pytest.mark.parametrize("state", BEFORE_PROBATION)
def test_withdrawal_is_possible_before_probation(state: str) -> None:
    j = Journey.start()
    j.state = state

    decision = j.act("withdraw", date(2023, 3, 2), reason="本人申请")

    assert decision.destination == "withdrawn"
    assert j.record.ended_on == date(2023, 3, 2)


def test_a_full_member_is_final() -> None:
    j = to_full_member(Journey.start())

    with pytest.raises(TransitionNotAllowed):
        j.act("withdraw", date(2025, 7, 1), reason="本人申请")


@pytest.mark.parametrize(
    "state", ["probationary_member", "conversion_publicity", "awaiting_conversion_approval"]
)
def test_withdrawal_is_not_possible_once_probation_has_begun(state: str) -> None:
    j = to_conversion_publicity(Journey.start())
    j.state = state

    with pytest.raises(TransitionNotAllowed):
        j.act("withdraw", date(2025, 5, 22), reason="本人申请")
