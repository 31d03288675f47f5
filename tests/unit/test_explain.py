"""Explanations: every trigger of a state, allowed or not, judged by the same guards."""

from __future__ import annotations

from datetime import date

from service.workflow import (
    DEFAULT_PROFILE,
    TRIGGERS_BY_STATE,
    Explanation,
    Record,
    Situation,
    WorkingCalendar,
    explain,
)
from service.workflow.definition import SIX_NO
from tests.support.journey import (
    TODAY,
    Journey,
    to_activist,
    to_awaiting_approval,
    to_pre_review_passed,
)

ON = date(2024, 7, 1)


def explained(state: str, record: Record, on: date = ON) -> dict[str, Explanation]:
    situation = Situation(
        state=state,
        trigger="",
        record=record,
        effective_date=on,
        today=TODAY,
        profile=DEFAULT_PROFILE,
        calendar=WorkingCalendar(),
    )
    return {explanation.trigger: explanation for explanation in explain(situation)}


def nothing_recorded() -> Record:
    return Record.opened(
        application_date=date(2023, 3, 1), birth_date=date(1995, 5, 20), branch_id=1
    )


def test_with_nothing_recorded_approval_is_not_allowed_and_lists_all_six_no_approvals() -> None:
    approval = explained("awaiting_approval", nothing_recorded())["approve_admission"]

    assert approval.allowed is False
    assert {v.rule for v in approval.violations if v.rule.startswith("six_no.")} == set(SIX_NO)
    assert approval.actor == "reviewer"


def test_with_nothing_recorded_the_committee_interview_is_allowed() -> None:
    interview = explained("awaiting_approval", nothing_recorded())["record_committee_interview"]

    assert (interview.allowed, interview.violations) == (True, ())


def test_after_the_ballot_only_the_interview_is_missing_for_approval() -> None:
    j = to_awaiting_approval(Journey.start())

    approval = explained(j.state, j.record)["approve_admission"]

    assert [v.rule for v in approval.violations] == ["six_no.motive", "six_no.lawful"]


def test_every_trigger_of_the_state_is_explained_once_in_table_order() -> None:
    assert (
        tuple(explained("awaiting_approval", nothing_recorded()))
        == TRIGGERS_BY_STATE["awaiting_approval"]
    )


def test_rules_that_need_evidence_are_pending_not_violated() -> None:
    j = to_pre_review_passed(Journey.start())

    ballot = explained(j.state, j.record)["record_admission_ballot"]

    assert (ballot.allowed, ballot.violations) == (True, ())
    assert set(ballot.pending_rules) == {
        "evidence.dates",
        "ballot.method",
        "ballot.individual",
        "ballot.counts",
        "ballot.quorum",
    }


def test_an_explanation_uses_its_date_for_time_rules() -> None:
    j = to_activist(Journey.start())

    early = explained(j.state, j.record, date(2024, 4, 17))["designate_development_target"]
    due = explained(j.state, j.record, date(2024, 4, 18))["designate_development_target"]

    assert {v.rule for v in early.violations} == {"cultivation.one_year", "assessment.half_yearly"}
    assert {v.rule for v in due.violations} == {"assessment.half_yearly"}


def test_a_final_state_explains_nothing() -> None:
    assert explained("full_member", nothing_recorded()) == {}
