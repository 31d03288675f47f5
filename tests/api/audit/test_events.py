from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.audit.trail import Trail
from tests.api.conftest import World


def events(client: TestClient, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/v1/audit/events", params=params, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def keys(items: list[dict[str, Any]]) -> list[tuple[int, int]]:
    return [(item["candidate_id"], item["seq"]) for item in items]


def test_an_auditor_sees_the_events_of_their_organisation_newest_first(
    client: TestClient, world: World, trail: Trail
) -> None:
    items = events(client, world.auditor)
    assert {item["candidate_id"] for item in items} == {trail.activist, trail.recommended}
    assert len(items) == 9
    global_seqs = [item["global_seq"] for item in items]
    assert global_seqs == sorted(global_seqs, reverse=True)


def test_pages_follow_the_cursor_in_either_order_without_gaps_or_repeats(
    client: TestClient, world: World, trail: Trail
) -> None:
    for order in ("newest", "oldest"):
        seen: list[tuple[int, int]] = []
        cursor = None
        while True:
            params = {"order": order, "limit": 4, **({"cursor": cursor} if cursor else {})}
            page = client.get("/api/v1/audit/events", params=params, headers=world.auditor).json()
            seen += keys(page["items"])
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == keys(events(client, world.auditor, order=order, limit=100))
        assert len(seen) == 9


def test_the_refused_acts_and_the_rules_that_refused_them_can_be_found(
    client: TestClient, world: World, trail: Trail
) -> None:
    refused = events(client, world.auditor, outcome="refused")
    assert keys(refused) == [(trail.activist, 6)]
    by_rule = events(client, world.auditor, rule="cultivation.one_year")
    assert keys(by_rule) == [(trail.activist, 6)]
    assert events(client, world.auditor, rule="cultivation") == []


def test_filters_by_trigger_candidate_actor_and_dates_combine(
    client: TestClient, world: World, trail: Trail
) -> None:
    talks = events(client, world.auditor, trigger="record_talk", order="oldest")
    assert keys(talks) == [(trail.activist, 2), (trail.recommended, 2)]
    secretary_id = talks[0]["actor"]["id"]
    assert len(events(client, world.auditor, actor_id=secretary_id)) == 9
    one = events(client, world.auditor, candidate_id=trail.recommended, trigger="record_talk")
    assert keys(one) == [(trail.recommended, 2)]
    april = events(
        client,
        world.auditor,
        effective_from="2023-04-10",
        effective_to="2023-04-11",
        order="oldest",
    )
    assert [item["trigger"] for item in april] == [
        "record_recommendation_vote",
        "open_publicity",
        "record_recommendation_vote",
    ]
    today = talks[0]["recorded_at"][:10]
    assert len(events(client, world.auditor, recorded_from=today, recorded_to=today)) == 9
    assert events(client, world.auditor, recorded_to="2020-01-01") == []


def test_a_candidate_is_followed_through_its_whole_chain(
    client: TestClient, world: World, trail: Trail, admin_headers: dict[str, str]
) -> None:
    chain = events(client, admin_headers, candidate_id=trail.elsewhere, order="oldest")
    assert keys(chain) == [(trail.elsewhere, 1), (trail.elsewhere, 2)]
    assert [item["prev_hash"] for item in chain[1:]] == [item["hash"] for item in chain[:-1]]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"organization_id": "other"}, 422),
        ({"effective_from": "2024-01-02", "effective_to": "2024-01-01"}, 422),
        ({"outcome": "maybe"}, 422),
        ({"rule": "DROP TABLE"}, 422),
    ],
)
def test_malformed_filters_are_422(
    client: TestClient, world: World, params: dict[str, str], status: int
) -> None:
    response = client.get("/api/v1/audit/events", params=params, headers=world.auditor)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")


def test_the_events_are_for_auditors_and_admins_within_their_organisation(
    client: TestClient, world: World, trail: Trail
) -> None:
    assert client.get("/api/v1/audit/events", headers=world.secretary).status_code == 403
    outside = {"organization_id": world.other_branch.id}
    response = client.get("/api/v1/audit/events", params=outside, headers=world.auditor)
    assert response.status_code == 403
    elsewhere = {"candidate_id": trail.elsewhere}
    response = client.get("/api/v1/audit/events", params=elsewhere, headers=world.auditor)
    assert response.status_code == 403
