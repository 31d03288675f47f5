from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import World
from tests.support.http_journey import APPLICATION, STEPS, run_journey


def as_of(client: TestClient, headers: dict[str, str], candidate_id: int, day: str) -> Any:
    return client.get(f"/api/v1/candidates/{candidate_id}", params={"as_of": day}, headers=headers)


def test_as_of_gives_for_every_date_of_a_full_journey_the_state_and_key_dates_of_that_day(
    client: TestClient, world: World, candidate_id: int
) -> None:
    responses = run_journey(client, candidate_id, world.roles)
    applied = APPLICATION["application_date"]
    no_dates = dict.fromkeys(responses[0].json()["candidate"]["key_dates"])
    # Each day something happened, the candidate as the last act of that day answered it.
    then = {applied: {"state": "applicant", "key_dates": no_dates | {"application_date": applied}}}
    then |= {
        on: response.json()["candidate"]
        for (_, _, on, _, _), response in zip(STEPS, responses, strict=True)
    }
    for day, expected in then.items():
        got = as_of(client, world.auditor, candidate_id, day)
        assert got.status_code == 200, (day, got.text)
        body = got.json()
        assert (day, body["state"]) == (day, expected["state"])
        assert (day, body["key_dates"]) == (day, expected["key_dates"])
        assert (day, body["notice"]) == (day, expected.get("notice"))
        assert "ETag" not in got.headers


def test_between_two_acts_the_candidate_is_as_the_earlier_one_left_it(
    client: TestClient, world: World, candidate_id: int
) -> None:
    run_journey(client, candidate_id, world.roles)
    assert as_of(client, world.auditor, candidate_id, "2024-01-01").json()["state"] == "activist"
    probation = as_of(client, world.auditor, candidate_id, "2025-01-01").json()
    assert probation["state"] == "probationary_member"
    assert probation["key_dates"]["probation_ends"] == "2025-06-05"
    assert probation["key_dates"]["full_member_since"] is None


def test_before_the_application_the_candidate_did_not_exist(
    client: TestClient, world: World, candidate_id: int
) -> None:
    day = date.fromisoformat(APPLICATION["application_date"]) - timedelta(days=1)
    response = as_of(client, world.auditor, candidate_id, day.isoformat())
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_as_of_reads_like_the_candidate_itself(
    client: TestClient, world: World, candidate_id: int
) -> None:
    assert as_of(client, world.other_reviewer, candidate_id, "2024-01-01").status_code == 403
    assert as_of(client, world.auditor, candidate_id, "not-a-day").status_code == 422
    assert as_of(client, world.auditor, 999_999, "2024-01-01").status_code == 404
