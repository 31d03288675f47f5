"""Cultivating an activist into a development target: a year, assessments, mentors, training,
political review, sponsors and the materials of the pre-review."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from tests.support.journey import (
    Journey,
    person,
    to_activist,
    to_admission_publicity,
    to_development_target,
)
from tests.support.refusals import refusal, rule_ids, violation

ACTIVIST_SINCE = date(2023, 4, 18)
ONE_YEAR_LATER = date(2024, 4, 18)
NOTICE = {"channel": "内网", "content": "拟接收预备党员公示"}
REVIEW = {
    "attitude": "拥护",
    "political_history": "清白",
    "law_abidance": "守法",
    "relatives": "无问题",
}
SPONSORS = [person("李四", "M001"), person("孙七", "M003")]


def assessed(j: Journey, *periods: tuple[date, str]) -> Journey:
    for on, period in periods:
        j.act("record_assessment", on, period=period, summary="表现良好")
    return j


@pytest.fixture
def activist() -> Journey:
    return to_activist(Journey.start())


@pytest.fixture
def assessed_activist(activist: Journey) -> Journey:
    return assessed(activist, (date(2023, 10, 20), "2023H2"), (date(2024, 4, 15), "2024H1"))


def test_designating_a_target_364_days_after_the_activist_designation_is_refused(
    assessed_activist: Journey,
) -> None:
    on = ACTIVIST_SINCE + timedelta(days=364)

    error = refusal(assessed_activist, "designate_development_target", on, decided_on=on)

    assert rule_ids(error) == {"cultivation.one_year"}
    assert violation(error, "cultivation.one_year").details == {
        "activist_since": "2023-04-18",
        "earliest": "2024-04-18",
        "effective_date": "2024-04-16",
        "years": 1,
    }


def test_designating_a_target_exactly_one_calendar_year_later_is_accepted(
    assessed_activist: Journey,
) -> None:
    decision = assessed_activist.act(
        "designate_development_target", ONE_YEAR_LATER, decided_on=ONE_YEAR_LATER
    )

    assert decision.destination == "development_target"
    assert assessed_activist.record.development_target_since == ONE_YEAR_LATER


def test_designating_with_fewer_half_yearly_assessments_than_the_year_needs_is_refused(
    activist: Journey,
) -> None:
    assessed(activist, (date(2023, 10, 20), "2023H2"))

    error = refusal(
        activist, "designate_development_target", ONE_YEAR_LATER, decided_on=ONE_YEAR_LATER
    )

    assert rule_ids(error) == {"assessment.half_yearly"}
    assert violation(error, "assessment.half_yearly").details == {
        "activist_since": "2023-04-18",
        "required": 2,
        "recorded": 1,
        "periods": ["2023H2"],
    }


def test_two_assessments_of_the_same_period_count_once(activist: Journey) -> None:
    assessed(activist, (date(2023, 10, 20), "2023H2"), (date(2023, 12, 20), "2023H2"))

    error = refusal(
        activist, "designate_development_target", ONE_YEAR_LATER, decided_on=ONE_YEAR_LATER
    )

    assert violation(error, "assessment.half_yearly").details["recorded"] == 1


def test_a_later_designation_needs_an_assessment_for_every_further_half_year(
    assessed_activist: Journey,
) -> None:
    on = date(2024, 10, 18)

    error = refusal(assessed_activist, "designate_development_target", on, decided_on=on)

    assert violation(error, "assessment.half_yearly").details["required"] == 3


def test_designating_without_mentors_is_refused(assessed_activist: Journey) -> None:
    assessed_activist.record = replace(assessed_activist.record, mentors=())

    error = refusal(
        assessed_activist, "designate_development_target", ONE_YEAR_LATER, decided_on=ONE_YEAR_LATER
    )

    assert rule_ids(error) == {"mentors.count"}


@pytest.mark.parametrize(
    ("mentors", "count", "listed"),
    [
        ([], 0, 0),
        ([person("甲", "M1"), person("乙", "M2"), person("丙", "M3")], 3, 3),
        ([person("李四", "M001"), person("李四（党办）", "M001")], 1, 2),
        ([person("李四"), person("李四")], 1, 2),
    ],
    ids=["none", "three", "same_member_id", "same_name"],
)
def test_mentors_must_be_one_or_two_distinct_people(
    activist: Journey, mentors: list[dict[str, Any]], count: int, listed: int
) -> None:
    error = refusal(activist, "assign_mentors", date(2023, 5, 1), mentors=mentors)

    assert rule_ids(error) == {"mentors.count"}
    assert violation(error, "mentors.count").details == {
        "count": count,
        "listed": listed,
        "minimum": 1,
        "maximum": 2,
    }


@pytest.mark.parametrize(
    "mentors",
    [[person("李四")], [person("李四", "M001"), person("李四", "M009")]],
    ids=["one", "namesakes_with_member_ids"],
)
def test_one_mentor_or_two_namesakes_with_their_own_member_ids_are_accepted(
    activist: Journey, mentors: list[dict[str, Any]]
) -> None:
    activist.act("assign_mentors", date(2023, 5, 1), mentors=mentors)

    assert len(activist.record.mentors) == len(mentors)


@pytest.fixture
def target() -> Journey:
    return to_development_target(Journey.start())


@pytest.mark.parametrize(
    "sponsors",
    [
        [person("李四", "M001")],
        [person("李四", "M001"), person("孙七", "M003"), person("周八", "M004")],
        [person("李四", "M001"), person("李四", "M001")],
    ],
    ids=["one", "three", "duplicate"],
)
def test_sponsors_must_be_exactly_two_distinct_people(
    target: Journey, sponsors: list[dict[str, Any]]
) -> None:
    error = refusal(target, "set_sponsors", date(2024, 5, 12), sponsors=sponsors)

    assert rule_ids(error) == {"sponsors.two_full_members"}
    assert violation(error, "sponsors.two_full_members").details["required"] == 2


def test_opening_the_admission_notice_without_review_training_or_sponsors_names_all_three(
    target: Journey,
) -> None:
    target.record = replace(target.record, trainings=())

    error = refusal(
        target, "open_publicity", date(2024, 5, 13), starts_on=date(2024, 5, 13), **NOTICE
    )

    assert rule_ids(error) == {
        "sponsors.two_full_members",
        "political_review.qualified",
        "training.length",
    }
    assert violation(error, "political_review.qualified").details == {"conclusion": None}
    assert violation(error, "sponsors.two_full_members").details == {
        "count": 0,
        "listed": 0,
        "required": 2,
    }


@pytest.fixture
def untrained_target(target: Journey) -> Journey:
    target.record = replace(target.record, trainings=())
    target.act("record_political_review", date(2024, 5, 10), conclusion="qualified", **REVIEW)
    target.act("set_sponsors", date(2024, 5, 12), sponsors=SPONSORS)
    return target


def trained(j: Journey, *, days: int, hours: int, completed: bool = True) -> Journey:
    j.act(
        "record_training",
        date(2024, 5, 12),
        provider="县直工委党校",
        starts_on=date(2024, 5, 6),
        ends_on=date(2024, 5, 10),
        days=days,
        hours=hours,
        completed=completed,
    )
    return j


@pytest.mark.parametrize(
    ("days", "hours"), [(2, 24), (3, 10)], ids=["two_days_24_hours", "three_days_10_hours"]
)
def test_a_training_of_three_days_or_24_hours_suffices(
    untrained_target: Journey, days: int, hours: int
) -> None:
    trained(untrained_target, days=days, hours=hours)

    decision = untrained_target.act(
        "open_publicity", date(2024, 5, 13), starts_on=date(2024, 5, 13), **NOTICE
    )

    assert decision.destination == "admission_publicity"


def test_a_training_of_two_days_and_23_hours_is_too_short(untrained_target: Journey) -> None:
    trained(untrained_target, days=2, hours=23)

    error = refusal(
        untrained_target, "open_publicity", date(2024, 5, 13), starts_on=date(2024, 5, 13), **NOTICE
    )

    assert rule_ids(error) == {"training.length"}
    assert violation(error, "training.length").details == {
        "minimum_days": 3,
        "minimum_hours": 24,
        "recorded": 1,
    }


def test_a_training_not_completed_does_not_count(untrained_target: Journey) -> None:
    trained(untrained_target, days=5, hours=40, completed=False)

    error = refusal(
        untrained_target, "open_publicity", date(2024, 5, 13), starts_on=date(2024, 5, 13), **NOTICE
    )

    assert rule_ids(error) == {"training.length"}


def test_a_political_review_not_qualified_refuses_the_admission_notice(target: Journey) -> None:
    target.act("record_political_review", date(2024, 5, 10), conclusion="not_qualified", **REVIEW)
    target.act("set_sponsors", date(2024, 5, 12), sponsors=SPONSORS)

    error = refusal(
        target, "open_publicity", date(2024, 5, 13), starts_on=date(2024, 5, 13), **NOTICE
    )

    assert rule_ids(error) == {"political_review.qualified"}
    assert violation(error, "political_review.qualified").details == {"conclusion": "not_qualified"}


def test_a_transfer_keeps_the_cultivation_time(activist: Journey) -> None:
    activist.act("transfer", date(2023, 6, 1), to_branch_id=2, reason="工作调动")
    assessed(activist, (date(2023, 10, 20), "2023H2"), (date(2024, 4, 15), "2024H1"))

    decision = activist.act(
        "designate_development_target", ONE_YEAR_LATER, decided_on=ONE_YEAR_LATER
    )

    assert decision.destination == "development_target"
    assert activist.record.branch_id == 2
    assert activist.record.activist_since == ACTIVIST_SINCE
    assert [(t.from_branch_id, t.to_branch_id) for t in activist.record.transfers] == [(1, 2)]


def test_a_transfer_to_the_same_branch_is_refused(activist: Journey) -> None:
    error = refusal(activist, "transfer", date(2023, 6, 1), to_branch_id=1, reason="无")

    assert rule_ids(error) == {"transfer.other_branch"}


def test_pre_review_materials_are_read_off_the_record() -> None:
    admission = to_admission_publicity(Journey.start())
    admission.record = replace(admission.record, talks=())

    error = refusal(admission, "submit_for_pre_review", date(2024, 5, 20), materials=["入党申请书"])

    assert rule_ids(error) == {"pre_review.materials"}
    assert violation(error, "pre_review.materials").details == {"missing": ["talk"]}


def test_pre_review_materials_name_every_missing_item() -> None:
    admission = to_admission_publicity(Journey.start())
    admission.record = replace(
        admission.record, trainings=(), political_review=None, sponsors=(), assessments=()
    )

    error = refusal(admission, "submit_for_pre_review", date(2024, 5, 20), materials=["入党申请书"])

    assert violation(error, "pre_review.materials").details == {
        "missing": ["half_yearly_assessments", "training", "political_review", "sponsors"]
    }
