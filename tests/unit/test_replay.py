"""Rebuilding a candidate's state and record from its applied history alone."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from service.workflow.codec import to_data
from service.workflow.profiles import NATIONAL_2014
from service.workflow.replay import AppliedAct, replay
from tests.support.journey import Journey, to_full_member


def stored(value: Any) -> Any:
    return json.loads(json.dumps(to_data(value), ensure_ascii=False))


def history(j: Journey) -> list[AppliedAct]:
    opened = {"application_date": "2023-03-01", "birth_date": "1995-05-20", "branch_id": 1}
    acts = [AppliedAct("submit_application", None, "applicant", date(2023, 3, 1), opened, {})]
    for decision, (on, evidence) in zip(j.decisions, j.dated_evidence, strict=True):
        acts.append(
            AppliedAct(
                trigger=decision.trigger,
                from_state=decision.source,
                to_state=decision.destination,
                effective_date=on,
                evidence=stored(evidence),
                notes=stored(dict(decision.notes)),
            )
        )
    return acts


@pytest.fixture
def j() -> Journey:
    return to_full_member(Journey.start())


def test_replaying_the_history_of_a_full_journey_gives_the_same_state_and_record(
    j: Journey,
) -> None:
    assert replay(history(j), profile=NATIONAL_2014) == (j.state, j.record)


def test_replaying_up_to_a_date_gives_the_state_and_record_of_that_date(j: Journey) -> None:
    designation = next(d for d in j.decisions if d.trigger == "designate_development_target")

    replayed = replay(history(j), profile=NATIONAL_2014, until=date(2024, 4, 18))

    assert replayed == ("development_target", designation.record)


def test_replaying_up_to_a_date_before_the_application_gives_nothing(j: Journey) -> None:
    assert replay(history(j), profile=NATIONAL_2014, until=date(2023, 2, 28)) is None


def test_an_act_before_the_application_cannot_be_replayed(j: Journey) -> None:
    with pytest.raises(ValueError, match="before the application"):
        replay(history(j)[1:], profile=NATIONAL_2014)
