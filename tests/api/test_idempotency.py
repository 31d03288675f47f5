from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from service.adapters.clock import FixedClock
from service.adapters.tables import Candidate, HistoryEvent, IdempotencyRecord
from service.api.evidence import evidence_model
from service.app import idempotency
from service.app.errors import IdempotencyConflict
from tests.api.conftest import World

TALK = {"effective_date": "2023-03-20", "talker": {"name": "王书记"}, "summary": "谈话"}
TOO_MANY_VOTES = {
    "effective_date": "2023-04-10",
    "method": "secret_ballot",
    "party_members": 5,
    "mass_representatives": 5,
    "ballots_cast": 11,
    "votes_for": 5,
}


def url(candidate_id: int, trigger: str = "record_talk") -> str:
    return f"/api/v1/candidates/{candidate_id}/transitions/{trigger}"


def keyed(headers: dict[str, str], key: str, **more: str) -> dict[str, str]:
    return {**headers, "Idempotency-Key": key, **more}


def count(engine: Engine, *conditions: Any) -> int:
    with engine.connect() as connection:
        total: int = connection.execute(
            select(func.count()).select_from(HistoryEvent).where(*conditions)
        ).scalar_one()
    return total


def test_a_retried_act_gets_the_first_answer_again_and_is_applied_once(
    client: TestClient, world: World, candidate_id: int, engine: Engine
) -> None:
    headers = keyed(world.secretary, "talk-1")
    first = client.post(url(candidate_id), json=TALK, headers=headers)
    retry = client.post(url(candidate_id), json=TALK, headers=headers)
    assert first.status_code == retry.status_code == 200
    assert retry.content == first.content
    assert retry.headers["ETag"] == first.headers["ETag"] == '"2"'
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert count(engine, HistoryEvent.trigger == "record_talk") == 1


def test_a_retried_refusal_gets_the_same_409_and_is_recorded_once(
    client: TestClient, world: World, candidate_id: int, engine: Engine
) -> None:
    headers = keyed(world.secretary, "vote-1")
    trigger = "record_recommendation_vote"
    first = client.post(url(candidate_id, trigger), json=TOO_MANY_VOTES, headers=headers)
    retry = client.post(url(candidate_id, trigger), json=TOO_MANY_VOTES, headers=headers)
    assert first.status_code == retry.status_code == 409
    assert first.headers["content-type"] == retry.headers["content-type"]
    assert first.headers["content-type"].startswith("application/problem+json")
    assert retry.content == first.content
    assert first.json()["type"] == "/problems/rules-not-met"
    assert count(engine, HistoryEvent.trigger == trigger, HistoryEvent.outcome == "refused") == 1


def test_a_retried_registration_creates_one_candidate(
    client: TestClient, world: World, engine: Engine
) -> None:
    headers = keyed(world.secretary, "register-zhang-sanfeng")
    first = client.post("/api/v1/candidates", json=world.application(), headers=headers)
    retry = client.post("/api/v1/candidates", json=world.application(), headers=headers)
    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content
    assert retry.headers["Location"] == first.headers["Location"]
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Candidate)).scalar_one() == 1


def test_the_same_key_with_another_body_is_422_and_changes_nothing(
    client: TestClient, world: World, candidate_id: int, engine: Engine
) -> None:
    headers = keyed(world.secretary, "talk-1")
    assert client.post(url(candidate_id), json=TALK, headers=headers).status_code == 200
    other = client.post(url(candidate_id), json={**TALK, "summary": "另一次"}, headers=headers)
    assert other.status_code == 422
    assert other.json()["type"] == "/problems/idempotency-key-reused"
    elsewhere = client.post(url(candidate_id, "withdraw"), json=TALK, headers=headers)
    assert elsewhere.status_code == 422
    assert count(engine, HistoryEvent.candidate_id == candidate_id) == 2


def test_keys_belong_to_their_principal(
    client: TestClient, world: World, candidate_id: int
) -> None:
    mine = client.post(url(candidate_id), json=TALK, headers=keyed(world.secretary, "k"))
    review = {"effective_date": "2023-03-21", "reviewer": {"name": "陈"}, "opinion": "同意"}
    theirs = client.post(
        url(candidate_id, "approve_pre_review"), json=review, headers=keyed(world.reviewer, "k")
    )
    assert mine.status_code == 200
    assert theirs.json()["type"] == "/problems/transition-not-allowed"


def my_claim(
    client: TestClient, engine: Engine, clock: FixedClock, headers: dict[str, str], path: str
) -> idempotency.Claim:
    """What a first request still running holds on its key (claimed, not yet completed)."""
    principal = client.get("/api/v1/principals/me", headers=headers).json()
    body = evidence_model("record_talk").model_validate(TALK).model_dump(mode="json")
    claimed = idempotency.claim(
        engine,
        clock,
        principal_id=principal["id"],
        key=headers["Idempotency-Key"],
        request_hash=idempotency.request_hash(method="POST", path=path, body=body),
        render=lambda _outcome: idempotency.StoredResponse(200, "{}"),
    )
    assert isinstance(claimed, idempotency.Claim)
    return claimed


def test_a_retry_while_the_first_request_runs_is_409_in_flight(
    client: TestClient, world: World, candidate_id: int, engine: Engine, clock: FixedClock
) -> None:
    headers = keyed(world.secretary, "slow")
    my_claim(client, engine, clock, headers, url(candidate_id))
    retry = client.post(url(candidate_id), json=TALK, headers=headers)
    assert retry.status_code == 409
    assert retry.json()["type"] == "/problems/idempotency-in-flight"
    assert count(engine, HistoryEvent.trigger == "record_talk") == 0


def test_a_key_whose_request_died_is_taken_over_and_the_late_original_applies_nothing(
    client: TestClient, world: World, candidate_id: int, engine: Engine, clock: FixedClock
) -> None:
    headers = keyed(world.secretary, "crashed")
    abandoned = my_claim(client, engine, clock, headers, url(candidate_id))
    clock.advance(idempotency.IN_FLIGHT_LEASE + timedelta(seconds=1))
    retry = client.post(url(candidate_id), json=TALK, headers=headers)
    assert retry.status_code == 200
    with Session(engine) as session, pytest.raises(IdempotencyConflict):
        abandoned.complete(session, "late outcome")
    assert count(engine, HistoryEvent.trigger == "record_talk") == 1


def test_a_request_that_fails_before_any_effect_gives_its_key_back(
    client: TestClient, world: World, candidate_id: int, engine: Engine
) -> None:
    stale = client.post(
        url(candidate_id), json=TALK, headers=keyed(world.secretary, "k", **{"If-Match": '"9"'})
    )
    assert stale.status_code == 412
    current = client.post(
        url(candidate_id), json=TALK, headers=keyed(world.secretary, "k", **{"If-Match": '"1"'})
    )
    assert current.status_code == 200
    forbidden = client.post(
        "/api/v1/candidates", json=world.application(), headers=keyed(world.other_secretary, "r")
    )
    assert forbidden.status_code == 403
    with engine.connect() as connection:
        keys = connection.execute(select(IdempotencyRecord.key)).scalars().all()  # type: ignore[call-overload]
    assert keys == ["k"]


def test_keys_are_kept_a_day_then_forgotten(
    client: TestClient, world: World, candidate_id: int, engine: Engine, clock: FixedClock
) -> None:
    headers = keyed(world.secretary, "daily")
    first = client.post(url(candidate_id), json=TALK, headers=headers)
    clock.advance(timedelta(hours=23, minutes=59))
    assert client.post(url(candidate_id), json=TALK, headers=headers).content == first.content
    clock.advance(timedelta(minutes=2))
    assert idempotency.purge_expired(engine, clock) == 1
    again = client.post(url(candidate_id), json={**TALK, "summary": "次日"}, headers=headers)
    assert again.status_code == 200
    assert count(engine, HistoryEvent.trigger == "record_talk") == 2


@pytest.mark.parametrize("key", [b"", b"a" * 201, "空格 key".encode()])
def test_a_malformed_key_is_422(
    client: TestClient, world: World, candidate_id: int, key: bytes
) -> None:
    response = client.post(
        url(candidate_id),
        json=TALK,
        headers={**world.secretary, "Idempotency-Key": key},
    )
    assert response.status_code == 422
    assert any("Idempotency-Key" in error["field"] for error in response.json()["errors"])


def test_concurrent_copies_of_one_request_apply_once(
    client: TestClient, world: World, candidate_id: int, engine: Engine
) -> None:
    headers = keyed(world.secretary, "burst")
    barrier = threading.Barrier(12)
    answers: list[Any] = []

    def send() -> None:
        barrier.wait()
        answers.append(client.post(url(candidate_id), json=TALK, headers=headers))

    threads = [threading.Thread(target=send) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    applied = [a for a in answers if a.status_code == 200]
    assert applied
    assert {a.content for a in applied} == {applied[0].content}
    assert {a.status_code for a in answers} <= {200, 409}
    assert all(
        a.json()["type"] == "/problems/idempotency-in-flight"
        for a in answers
        if a.status_code == 409
    )
    assert count(engine, HistoryEvent.trigger == "record_talk") == 1


@pytest.mark.slow
def test_a_thousand_acts_each_sent_twice_apply_exactly_a_thousand_times(
    client: TestClient, world: World, engine: Engine, engine_kind: str
) -> None:
    if engine_kind != "sqlite":
        pytest.skip("25-30 s on PostgreSQL; the concurrent copies test covers its key race")
    candidates = [
        client.post("/api/v1/candidates", json=world.application(), headers=world.secretary).json()[
            "id"
        ]
        for _ in range(20)
    ]
    for number in range(1000):
        candidate_id = candidates[number % len(candidates)]
        body = {**TALK, "summary": f"第{number}次谈话"}
        headers = keyed(world.secretary, f"talk-{number}")
        first = client.post(url(candidate_id), json=body, headers=headers)
        retry = client.post(url(candidate_id), json=body, headers=headers)
        assert first.status_code == 200, first.text
        assert retry.content == first.content
    applied = count(
        engine, HistoryEvent.trigger == "record_talk", HistoryEvent.outcome == "applied"
    )
    assert applied == 1000
