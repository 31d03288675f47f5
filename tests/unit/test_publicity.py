"""Public notices (公示制): working-day periods, objections, closing and sending back."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from service.workflow import TransitionNotAllowed, WorkingCalendar, YearArrangement
from tests.support.journey import (
    BALLOT,
    Journey,
    person,
    to_admission_publicity,
    to_conversion_publicity,
)
from tests.support.refusals import refusal, rule_ids, violation

OPENED = date(2025, 9, 29)
RECOMMENDATION = {
    "method": "secret_ballot",
    "party_members": 12,
    "mass_representatives": 8,
    "ballots_cast": 20,
    "votes_for": 15,
}
NOTICE = {"channel": "公告栏", "content": "拟确定入党积极分子公示"}


def recommended(*, applied: date, talk: date, vote: date, today: date | None = None) -> Journey:
    j = Journey.start(applied=applied)
    j.today = today or j.today
    j.act("record_talk", talk, talker=person("王书记"), summary="了解入党动机")
    j.act("record_recommendation_vote", vote, **RECOMMENDATION)
    return j


@pytest.fixture
def j() -> Journey:
    j = recommended(applied=date(2025, 9, 1), talk=date(2025, 9, 10), vote=date(2025, 9, 26))
    j.act("open_publicity", OPENED, starts_on=OPENED, **NOTICE)
    return j


def objection(j: Journey, on: date, finding: str | None = None) -> int:
    j.act("file_objection", on, received_on=on, summary="反映工作作风问题")
    assert j.record.notice is not None
    objection_id = j.record.notice.objections[-1].objection_id
    if finding is not None:
        j.act("resolve_objection", on, objection_id=objection_id, finding=finding, note="经核实")
    return objection_id


def test_a_five_working_day_notice_from_2025_09_29_ends_on_the_make_up_saturday() -> None:
    j = recommended(applied=date(2025, 9, 1), talk=date(2025, 9, 10), vote=date(2025, 9, 26))

    decision = j.act("open_publicity", OPENED, starts_on=OPENED, **NOTICE)

    assert decision.destination == "activist_publicity"
    assert (
        decision.notes["ends_on"],
        decision.notes["provisional"],
        decision.notes["working_days"],
    ) == (
        "2025-10-11",
        False,
        5,
    )
    assert j.record.notice is not None
    assert j.record.notice.ends_on == date(2025, 10, 11)


def test_closing_the_notice_on_2025_10_10_is_refused_as_incomplete(j: Journey) -> None:
    error = refusal(j, "close_publicity", date(2025, 10, 10), decided_on=date(2025, 10, 10))

    assert rule_ids(error) == {"publicity.complete"}
    assert violation(error, "publicity.complete").details == {
        "starts_on": "2025-09-29",
        "ends_on": "2025-10-11",
        "working_days": 5,
        "effective_date": "2025-10-10",
        "provisional": False,
    }


def test_closing_the_notice_on_2025_10_11_designates_the_activist(j: Journey) -> None:
    decision = j.act("close_publicity", date(2025, 10, 11), decided_on=date(2025, 10, 11))

    assert (decision.destination, decision.outcome) == ("activist", "proceed")
    assert j.record.activist_since == date(2025, 10, 11)
    assert j.record.notice is None
    completed = j.record.completed_notice("activist_publicity")
    assert completed is not None
    assert completed.closed_on == date(2025, 10, 11)


def test_a_notice_in_2027_computes_a_provisional_end_and_still_closes() -> None:
    j = recommended(
        applied=date(2026, 10, 8),
        talk=date(2026, 10, 20),
        vote=date(2027, 1, 8),
        today=date(2028, 1, 1),
    )

    decision = j.act("open_publicity", date(2027, 1, 11), starts_on=date(2027, 1, 11), **NOTICE)

    assert (decision.notes["ends_on"], decision.notes["provisional"]) == ("2027-01-15", True)
    assert (
        j.act("close_publicity", date(2027, 1, 15), decided_on=date(2027, 1, 15)).destination
        == "activist"
    )


def test_a_provisional_notice_says_so_when_closed_too_early() -> None:
    j = recommended(
        applied=date(2026, 10, 8),
        talk=date(2026, 10, 20),
        vote=date(2027, 1, 8),
        today=date(2028, 1, 1),
    )
    j.act("open_publicity", date(2027, 1, 11), starts_on=date(2027, 1, 11), **NOTICE)

    error = refusal(j, "close_publicity", date(2027, 1, 14), decided_on=date(2027, 1, 14))

    assert violation(error, "publicity.complete").details["provisional"] is True


def test_a_provisional_notice_is_judged_by_the_official_calendar_once_it_is_loaded() -> None:
    j = recommended(
        applied=date(2026, 10, 8),
        talk=date(2026, 10, 20),
        vote=date(2027, 1, 8),
        today=date(2028, 1, 1),
    )
    j.act("open_publicity", date(2027, 1, 11), starts_on=date(2027, 1, 11), **NOTICE)
    j.calendar = WorkingCalendar.with_arrangements(
        [
            YearArrangement.from_mapping(
                {"year": 2027, "holidays": ["2027-01-13", "2027-01-14"], "workdays": []}
            )
        ]
    )

    error = refusal(j, "close_publicity", date(2027, 1, 15), decided_on=date(2027, 1, 15))

    assert violation(error, "publicity.complete").details == {
        "starts_on": "2027-01-11",
        "ends_on": "2027-01-19",
        "working_days": 5,
        "effective_date": "2027-01-15",
        "provisional": False,
    }
    assert j.act(
        "close_publicity", date(2027, 1, 19), decided_on=date(2027, 1, 19)
    ).destination == ("activist")


def test_an_unresolved_objection_refuses_closing(j: Journey) -> None:
    objection_id = objection(j, date(2025, 9, 30))

    error = refusal(j, "close_publicity", date(2025, 10, 11), decided_on=date(2025, 10, 11))

    assert objection_id == 1
    assert rule_ids(error) == {"publicity.objections_resolved"}
    assert violation(error, "publicity.objections_resolved").details == {"unresolved": [1]}


def test_an_objection_found_proceed_lets_the_notice_close_forward(j: Journey) -> None:
    objection(j, date(2025, 9, 30), finding="proceed")

    assert (
        j.act("close_publicity", date(2025, 10, 11), decided_on=date(2025, 10, 11)).destination
        == "activist"
    )


def test_an_objection_found_do_not_develop_sends_back_to_applicant_before_the_notice_ends(
    j: Journey,
) -> None:
    objection(j, date(2025, 9, 30), finding="do_not_develop")

    decision = j.act("close_publicity", date(2025, 10, 9), decided_on=date(2025, 10, 9))

    assert (decision.destination, decision.outcome) == ("applicant", "upheld")
    assert j.record.activist_since is None
    assert j.record.notice is None


def test_an_upheld_objection_still_waits_for_the_others_to_be_resolved(j: Journey) -> None:
    objection(j, date(2025, 9, 30), finding="do_not_develop")
    objection(j, date(2025, 10, 9))

    error = refusal(j, "close_publicity", date(2025, 10, 9), decided_on=date(2025, 10, 9))

    assert rule_ids(error) == {"publicity.objections_resolved"}
    assert violation(error, "publicity.objections_resolved").details == {"unresolved": [2]}


@pytest.mark.parametrize(
    ("received_on", "on"),
    [
        (date(2025, 9, 28), date(2025, 9, 30)),
        (date(2025, 10, 13), date(2025, 10, 13)),
        (date(2025, 10, 2), date(2025, 9, 30)),
    ],
)
def test_an_objection_received_outside_the_notice_is_refused(
    j: Journey, received_on: date, on: date
) -> None:
    error = refusal(j, "file_objection", on, received_on=received_on, summary="异议")

    assert rule_ids(error) == {"publicity.within_period"}
    assert violation(error, "publicity.within_period").details == {
        "received_on": received_on.isoformat(),
        "starts_on": "2025-09-29",
        "ends_on": "2025-10-11",
    }


def test_resolving_an_objection_that_does_not_exist_is_refused(j: Journey) -> None:
    error = refusal(
        j, "resolve_objection", date(2025, 9, 30), objection_id=7, finding="proceed", note="无"
    )

    assert rule_ids(error) == {"publicity.objection_known"}
    assert violation(error, "publicity.objection_known").details == {"objection_id": 7, "open": []}


def test_resolving_an_objection_twice_is_refused(j: Journey) -> None:
    objection_id = objection(j, date(2025, 9, 30), finding="proceed")

    error = refusal(
        j,
        "resolve_objection",
        date(2025, 10, 1),
        objection_id=objection_id,
        finding="do_not_develop",
        note="改判",
    )

    assert rule_ids(error) == {"publicity.objection_known"}


@pytest.mark.parametrize("starts_on", [date(2025, 9, 25), date(2025, 9, 30)])
def test_a_notice_must_start_between_the_previous_act_and_its_effective_date(
    starts_on: date,
) -> None:
    j = recommended(applied=date(2025, 9, 1), talk=date(2025, 9, 10), vote=date(2025, 9, 26))

    error = refusal(j, "open_publicity", OPENED, starts_on=starts_on, **NOTICE)

    assert rule_ids(error) == {"publicity.period"}
    assert violation(error, "publicity.period").details == {
        "starts_on": starts_on.isoformat(),
        "earliest": "2025-09-26",
        "latest": "2025-09-29",
    }


@pytest.fixture
def admission() -> Journey:
    return to_admission_publicity(Journey.start())


def test_closing_an_admission_notice_without_an_upheld_objection_is_refused(
    admission: Journey,
) -> None:
    error = refusal(admission, "close_publicity", date(2024, 5, 17), decided_on=date(2024, 5, 17))

    assert rule_ids(error) == {"publicity.objection_upheld"}
    assert violation(error, "publicity.objection_upheld").details["upheld"] is False


def test_an_upheld_objection_to_the_admission_notice_sends_back_to_development_target(
    admission: Journey,
) -> None:
    objection(admission, date(2024, 5, 14), finding="do_not_develop")

    decision = admission.act("close_publicity", date(2024, 5, 15), decided_on=date(2024, 5, 15))

    assert (decision.destination, decision.outcome) == ("development_target", "upheld")
    with pytest.raises(TransitionNotAllowed):
        admission.act("submit_for_pre_review", date(2024, 5, 20), materials=["入党申请书"])
    reopened = admission.act(
        "open_publicity", date(2024, 6, 3), starts_on=date(2024, 6, 3), **NOTICE
    )
    assert reopened.destination == "admission_publicity"


def test_submitting_for_pre_review_before_the_admission_notice_ends_is_refused(
    admission: Journey,
) -> None:
    error = refusal(admission, "submit_for_pre_review", date(2024, 5, 16), materials=["入党申请书"])

    assert rule_ids(error) == {"publicity.complete", "pre_review.materials"}
    assert violation(error, "pre_review.materials").details == {"missing": ["admission_notice"]}


def test_submitting_for_pre_review_with_an_open_objection_is_refused(admission: Journey) -> None:
    objection(admission, date(2024, 5, 14))

    error = refusal(admission, "submit_for_pre_review", date(2024, 5, 20), materials=["入党申请书"])

    assert rule_ids(error) == {"publicity.objections_resolved"}


@pytest.mark.parametrize("finding", ["proceed", "do_not_develop"])
def test_only_an_objection_found_proceed_lets_the_admission_go_to_pre_review(
    admission: Journey, finding: str
) -> None:
    objection(admission, date(2024, 5, 14), finding=finding)
    materials = ["入党申请书", "政审材料"]

    if finding == "proceed":
        decision = admission.act("submit_for_pre_review", date(2024, 5, 20), materials=materials)
        assert decision.destination == "pre_review"
        return
    error = refusal(admission, "submit_for_pre_review", date(2024, 5, 20), materials=materials)
    assert rule_ids(error) == {"publicity.no_upheld_objection"}
    assert violation(error, "publicity.no_upheld_objection").details == {"upheld": True}
    closed = admission.act("close_publicity", date(2024, 5, 20), decided_on=date(2024, 5, 20))
    assert closed.destination == "development_target"


@pytest.fixture
def conversion() -> Journey:
    j = to_conversion_publicity(Journey.start())
    objection(j, date(2025, 5, 22), finding="do_not_develop")
    return j


def conversion_ballot(resolution: str, **extra: Any) -> dict[str, Any]:
    return {"resolution": resolution, **BALLOT, **extra}


def test_after_an_upheld_objection_the_assembly_cannot_resolve_to_convert(
    conversion: Journey,
) -> None:
    error = refusal(
        conversion, "record_conversion_ballot", date(2025, 6, 5), **conversion_ballot("convert")
    )

    assert rule_ids(error) == {"publicity.objection_upheld"}
    assert violation(error, "publicity.objection_upheld").details["resolution"] == "convert"


@pytest.mark.parametrize(
    ("resolution", "extra"), [("extend", {"extend_months": 6}), ("cancel", {})]
)
def test_after_an_upheld_objection_the_assembly_may_extend_or_cancel(
    conversion: Journey, resolution: str, extra: dict[str, Any]
) -> None:
    decision = conversion.act(
        "record_conversion_ballot", date(2025, 6, 5), **conversion_ballot(resolution, **extra)
    )

    assert decision.destination == "awaiting_conversion_approval"


def test_a_conversion_ballot_before_its_notice_ends_is_refused() -> None:
    j = to_conversion_publicity(Journey.start())

    error = refusal(j, "record_conversion_ballot", date(2025, 5, 26), **conversion_ballot("cancel"))

    assert rule_ids(error) == {"publicity.complete"}
