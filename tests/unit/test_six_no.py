"""The committee's approval: the six no-approvals (六不批), the deadline and the annual plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from service.workflow import PlanUsage, Record, RulesNotMet, TransitionNotAllowed, decide
from service.workflow.definition import SIX_NO
from tests.support.journey import Journey, person, to_awaiting_approval
from tests.support.refusals import refusal, rule_ids, violation

APPROVED_ON = date(2024, 7, 1)


def interviewed(j: Journey, *, motive: str = "sound", law_compliance: str = "compliant") -> Journey:
    j.act(
        "record_committee_interview",
        date(2024, 6, 20),
        interviewer=person("县直工委 陈"),
        motive=motive,
        law_compliance=law_compliance,
        notes="谈话记录",
    )
    return j


@pytest.fixture
def j() -> Journey:
    return interviewed(to_awaiting_approval(Journey.start()))


def approve(j: Journey, on: date = APPROVED_ON, **evidence: Any) -> RulesNotMet:
    return refusal(j, "approve_admission", on, decided_on=on, **evidence)


def with_record(j: Journey, **changes: Any) -> Journey:
    j.record = replace(j.record, **changes)
    return j


def test_a_record_that_meets_every_condition_is_approved(j: Journey) -> None:
    decision = j.act("approve_admission", APPROVED_ON, decided_on=APPROVED_ON)

    assert decision.destination == "probationary_member"
    assert (j.record.admitted_on, j.record.probation_ends) == (APPROVED_ON, date(2025, 6, 5))


def test_a_record_missing_all_six_conditions_is_refused_with_all_six_ids_at_once(
    j: Journey,
) -> None:
    with_record(
        j,
        development_target_since=date(2023, 10, 18),
        interview=None,
        trainings=(),
        political_review=None,
        talks=(),
    )

    assert rule_ids(approve(j)) == set(SIX_NO)


def _unsound(record: Record) -> dict[str, Any]:
    assert record.interview is not None
    return {"interview": replace(record.interview, motive="unsound")}


def _unlawful(record: Record) -> dict[str, Any]:
    assert record.interview is not None
    return {"interview": replace(record.interview, law_compliance="violation")}


def _not_qualified(record: Record) -> dict[str, Any]:
    assert record.political_review is not None
    return {"political_review": replace(record.political_review, conclusion="not_qualified")}


@pytest.mark.parametrize(
    ("changes", "rule_id", "details"),
    [
        (
            lambda record: {"development_target_since": date(2024, 4, 17)},
            "six_no.cultivation",
            {"activist_since": "2023-04-18", "development_target_since": "2024-04-17", "years": 1},
        ),
        (_unsound, "six_no.motive", {"motive": "unsound"}),
        (
            lambda record: {"trainings": ()},
            "six_no.training",
            {"minimum_days": 3, "minimum_hours": 24, "recorded": 0},
        ),
        (_not_qualified, "six_no.political_review", {"conclusion": "not_qualified"}),
        (lambda record: {"talks": ()}, "six_no.procedure", {"missing": ["talk"]}),
        (_unlawful, "six_no.lawful", {"law_compliance": "violation"}),
    ],
    ids=["cultivation", "motive", "training", "political_review", "procedure", "lawful"],
)
def test_each_condition_alone_is_refused_with_exactly_its_id(
    j: Journey, changes: Any, rule_id: str, details: dict[str, Any]
) -> None:
    with_record(j, **changes(j.record))

    error = approve(j)

    assert rule_ids(error) == {rule_id}
    assert violation(error, rule_id).details == details


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"pre_review_approved_on": None}, ["pre_review"]),
        ({"sponsors": ()}, ["sponsors"]),
        ({"mentors": ()}, ["mentors"]),
        ({"recommendation": None}, ["recommendation"]),
        ({"completed_notices": ()}, ["activist_notice", "admission_notice"]),
        ({"assessments": ()}, ["half_yearly_assessments"]),
        ({"admission_ballot": None}, ["admission_ballot"]),
    ],
    ids=["pre_review", "sponsors", "mentors", "recommendation", "notices", "assessments", "ballot"],
)
def test_a_missing_step_of_the_procedure_is_refused_as_six_no_procedure(
    j: Journey, changes: dict[str, Any], missing: list[str]
) -> None:
    with_record(j, **changes)

    error = approve(j)

    assert "six_no.procedure" in rule_ids(error)
    assert violation(error, "six_no.procedure").details == {"missing": missing}


def test_without_a_committee_interview_both_motive_and_lawfulness_are_refused() -> None:
    j = to_awaiting_approval(Journey.start())

    error = approve(j)

    assert rule_ids(error) == {"six_no.motive", "six_no.lawful"}
    assert violation(error, "six_no.motive").details == {"motive": None}


def test_approval_three_months_after_the_ballot_is_accepted(j: Journey) -> None:
    assert (
        j.act("approve_admission", date(2024, 9, 5), decided_on=date(2024, 9, 5)).destination
        == "probationary_member"
    )


def test_approval_more_than_three_months_after_the_ballot_is_refused(j: Journey) -> None:
    error = approve(j, date(2024, 9, 6))

    assert rule_ids(error) == {"approval.deadline"}
    assert violation(error, "approval.deadline").details == {
        "ballot_on": "2024-06-05",
        "effective_date": "2024-09-06",
        "months": 3,
        "due_by": "2024-09-05",
        "months_with_reason": 6,
        "due_by_with_reason": "2024-12-05",
        "special_reason_given": False,
    }


@pytest.mark.parametrize("on", [date(2024, 9, 6), date(2024, 12, 5)])
def test_a_special_reason_allows_approval_up_to_six_months_after_the_ballot(
    j: Journey, on: date
) -> None:
    decision = j.act("approve_admission", on, decided_on=on, special_reason="上级党委换届")

    assert decision.destination == "probationary_member"


def test_more_than_six_months_after_the_ballot_is_refused_even_with_a_special_reason(
    j: Journey,
) -> None:
    error = approve(j, date(2024, 12, 6), special_reason="上级党委换届")

    assert rule_ids(error) == {"approval.deadline"}
    assert violation(error, "approval.deadline").details["special_reason_given"] is True


def test_an_exhausted_annual_plan_refuses_approval(j: Journey) -> None:
    j.plans = (PlanUsage(organization_id=10, year=2024, quota=2, used=2),)

    error = approve(j)

    assert rule_ids(error) == {"plan.quota"}
    assert violation(error, "plan.quota").details == {
        "year": 2024,
        "quota": 2,
        "used": 2,
        "organization_id": 10,
    }


def test_an_annual_plan_with_room_left_allows_approval(j: Journey) -> None:
    j.plans = (PlanUsage(organization_id=10, year=2024, quota=2, used=1),)

    assert (
        j.act("approve_admission", APPROVED_ON, decided_on=APPROVED_ON).destination
        == "probationary_member"
    )


def test_every_plan_above_the_branch_must_have_room(j: Journey) -> None:
    j.plans = (
        PlanUsage(organization_id=10, year=2024, quota=5, used=1),
        PlanUsage(organization_id=3, year=2024, quota=40, used=40),
    )

    assert violation(approve(j), "plan.quota").details["organization_id"] == 3


def test_a_deployment_that_requires_a_plan_refuses_approval_without_one(j: Journey) -> None:
    situation = j.situation("approve_admission", APPROVED_ON, {"decided_on": APPROVED_ON})
    situation = replace(situation, profile=replace(situation.profile, require_plan=True))

    with pytest.raises(RulesNotMet) as caught:
        decide(situation)

    assert rule_ids(caught.value) == {"plan.quota"}
    assert violation(caught.value, "plan.quota").details == {
        "year": 2024,
        "quota": 0,
        "used": 0,
        "plan": None,
    }


def test_without_a_plan_approval_is_not_limited(j: Journey) -> None:
    situation = j.situation("approve_admission", APPROVED_ON, {"decided_on": APPROVED_ON})

    assert decide(situation).destination == "probationary_member"


def test_a_later_committee_interview_replaces_the_earlier_one() -> None:
    j = interviewed(to_awaiting_approval(Journey.start()), motive="unsound")
    interviewed(j)

    assert (
        j.act("approve_admission", APPROVED_ON, decided_on=APPROVED_ON).destination
        == "probationary_member"
    )


def test_a_rejected_admission_sends_back_and_the_round_starts_over(j: Journey) -> None:
    decision = j.act("reject_admission", APPROVED_ON, reasons="群众反映问题待查")

    assert decision.destination == "development_target"
    assert (j.record.pre_review_approved_on, j.record.admission_ballot, j.record.interview) == (
        None,
        None,
        None,
    )
    with pytest.raises(TransitionNotAllowed):
        j.act("submit_for_pre_review", date(2024, 7, 2), materials=["入党申请书"])
    reopened = j.act(
        "open_publicity",
        date(2024, 7, 8),
        starts_on=date(2024, 7, 8),
        channel="内网",
        content="重新公示",
    )
    assert reopened.destination == "admission_publicity"
