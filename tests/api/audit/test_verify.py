from __future__ import annotations

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from service.app.audit import verify as verification
from tests.api.audit.trail import Trail
from tests.api.conftest import World
from tests.support.rogue import delete_event, edit_evidence, forge, swap


def verify(client: TestClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = client.get("/api/v1/audit/verify", params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def broken(body: dict[str, Any]) -> tuple[Any, ...]:
    first = body["first_broken"]
    return (first["candidate_id"], first["seq"], first["reason"])


def test_an_untouched_history_verifies(
    client: TestClient, world: World, trail: Trail, admin_headers: dict[str, str]
) -> None:
    body = verify(client, world.auditor)
    assert body["ok"] is True
    assert body["first_broken"] is None
    assert (body["candidates_checked"], body["events_checked"]) == (2, 6 + 3)
    assert body["global_events_checked"] == 6 + 3 + 2
    assert body["head"] == client.get("/api/v1/audit/head", headers=world.auditor).json()
    everything = verify(client, admin_headers)
    assert (everything["ok"], everything["candidates_checked"], everything["events_checked"]) == (
        True,
        3,
        11,
    )


def test_one_changed_evidence_byte_is_reported_at_exactly_that_candidate_and_seq(
    client: TestClient, world: World, trail: Trail, engine: Engine
) -> None:
    edit_evidence(
        engine, candidate_id=trail.recommended, seq=3, old='"votes_for":15', new='"votes_for":16'
    )
    body = verify(client, world.auditor)
    assert body["ok"] is False
    assert broken(body) == (trail.recommended, 3, "hash_mismatch")


def test_a_deleted_event_is_reported_as_missing(
    client: TestClient, world: World, trail: Trail, engine: Engine
) -> None:
    delete_event(engine, candidate_id=trail.activist, seq=3)
    assert broken(verify(client, world.auditor)) == (trail.activist, 3, "seq_missing")


def test_a_deleted_last_event_is_reported_against_the_candidates_head(
    client: TestClient, world: World, trail: Trail, engine: Engine
) -> None:
    delete_event(engine, candidate_id=trail.activist, seq=6)
    assert broken(verify(client, world.auditor)) == (trail.activist, 6, "seq_missing")


def test_two_reordered_events_are_reported_where_the_order_breaks(
    client: TestClient, world: World, trail: Trail, engine: Engine
) -> None:
    swap(engine, "seq", where=f"candidate_id = {trail.activist}", first=2, second=3)
    assert broken(verify(client, world.auditor)) == (trail.activist, 2, "hash_mismatch")


def test_events_reordered_in_the_global_chain_are_reported(
    client: TestClient, world: World, trail: Trail, engine: Engine, admin_headers: dict[str, str]
) -> None:
    events = client.get(
        "/api/v1/audit/events", params={"order": "oldest"}, headers=admin_headers
    ).json()["items"]
    first, second = events[1]["global_seq"], events[2]["global_seq"]
    swap(engine, "global_seq", where="1 = 1", first=first, second=second)
    body = verify(client, admin_headers)
    assert broken(body) == (events[2]["candidate_id"], events[2]["seq"], "global_hash_mismatch")
    assert body["first_broken"]["global_seq"] == first


def test_a_chain_deleted_elsewhere_shows_to_every_auditor_without_naming_it(
    client: TestClient, world: World, trail: Trail, engine: Engine, admin_headers: dict[str, str]
) -> None:
    for seq in (2, 1):
        delete_event(engine, candidate_id=trail.elsewhere, seq=seq)
    body = verify(client, world.auditor)
    assert body["ok"] is False
    assert broken(body) == (None, None, "global_seq_missing")
    assert broken(verify(client, admin_headers)) == (trail.elsewhere, 1, "seq_missing")


def test_a_forger_who_rehashes_every_chain_is_caught_by_a_head_noted_earlier(
    client: TestClient, world: World, trail: Trail, engine: Engine
) -> None:
    noted = client.get("/api/v1/audit/head", headers=world.auditor).json()
    vote = client.get(
        "/api/v1/audit/events",
        params={"candidate_id": trail.recommended, "trigger": "record_recommendation_vote"},
        headers=world.auditor,
    ).json()["items"][0]
    forge(
        engine,
        candidate_id=trail.recommended,
        seq=vote["seq"],
        evidence={**vote["evidence"], "votes_for": 20},
    )
    assert verify(client, world.auditor)["ok"] is True
    body = verify(
        client, world.auditor, head_seq=noted["global_seq"], head_hash=noted["global_hash"]
    )
    assert body["ok"] is False
    assert body["first_broken"]["reason"] == "noted_head_mismatch"


def test_verifying_through_a_noted_head_of_an_untouched_history_passes(
    client: TestClient, world: World, trail: Trail
) -> None:
    noted = client.get("/api/v1/audit/head", headers=world.auditor).json()
    client.post(
        f"/api/v1/candidates/{trail.recommended}/transitions/withdraw",
        json={"effective_date": "2023-05-01", "reason": "本人申请"},
        headers=world.secretary,
    )
    body = verify(
        client, world.auditor, head_seq=noted["global_seq"], head_hash=noted["global_hash"]
    )
    assert body["ok"] is True
    assert body["head"]["global_seq"] == noted["global_seq"] + 1


@pytest.mark.parametrize("who", ["secretary", "reviewer"])
def test_verify_and_the_head_are_for_auditors_and_admins(
    client: TestClient, world: World, who: str
) -> None:
    headers = getattr(world, who)
    assert client.get("/api/v1/audit/verify", headers=headers).status_code == 403
    assert client.get("/api/v1/audit/head", headers=headers).status_code == 403


def test_an_auditor_cannot_verify_another_committee(client: TestClient, world: World) -> None:
    response = client.get(
        "/api/v1/audit/verify",
        params={"organization_id": world.other_branch.id},
        headers=world.auditor,
    )
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_noted_head_needs_both_its_seq_and_its_hash(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/audit/verify", params={"head_seq": 3}, headers=world.auditor)
    assert response.status_code == 422


def test_a_running_verification_does_not_hold_up_other_requests(
    client: TestClient, world: World, trail: Trail, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()
    real_verify = verification.verify

    def slow_verify(*args: Any, **kwargs: Any) -> Any:
        started.set()
        release.wait(timeout=30)
        return real_verify(*args, **kwargs)

    monkeypatch.setattr(verification, "verify", slow_verify)
    answers: dict[str, int] = {}

    def get(name: str, path: str) -> None:
        answers[name] = client.get(path, headers=world.auditor).status_code

    verifying = threading.Thread(target=get, args=("verify", "/api/v1/audit/verify"))
    verifying.start()
    assert started.wait(timeout=10)
    reading = threading.Thread(target=get, args=("head", "/api/v1/audit/head"))
    reading.start()
    reading.join(timeout=10)
    answered_meanwhile = not reading.is_alive()
    release.set()
    verifying.join(timeout=30)
    reading.join(timeout=10)
    assert answered_meanwhile, "GET /audit/head waited for the verification to end"
    assert answers == {"head": 200, "verify": 200}
