from __future__ import annotations

from fastapi.testclient import TestClient

from service.app.actors import Role
from tests.api.conftest import World
from tests.support.factories import MakeOrg, MakePrincipal, auth
from tests.support.http_journey import act, run_journey


def test_a_transfer_moves_the_candidate_and_its_cultivation_to_the_new_branch(
    client: TestClient,
    world: World,
    candidate_id: int,
    make_org: MakeOrg,
    make_principal: MakePrincipal,
) -> None:
    run_journey(client, candidate_id, world.roles, until="activist")
    new_branch = make_org("税务局党支部", parent=world.committee)
    new_secretary = auth(make_principal(Role.secretary, new_branch, name="赵书记")[1])

    moved = act(
        client,
        candidate_id,
        "transfer",
        world.secretary,
        "2023-05-01",
        {"to_branch_id": new_branch.id, "reason": "工作调动"},
    )

    assert moved.status_code == 200, moved.text
    assert moved.json()["candidate"]["branch_id"] == new_branch.id
    assert moved.json()["candidate"]["key_dates"]["activist_since"] == "2023-04-18"
    assert moved.json()["event"]["organization_id"] == world.branch.id
    old = act(
        client,
        candidate_id,
        "record_assessment",
        world.secretary,
        "2023-10-20",
        {"period": "2023H2", "summary": "良好"},
    )
    assert old.status_code == 403
    new = act(
        client,
        candidate_id,
        "record_assessment",
        new_secretary,
        "2023-10-20",
        {"period": "2023H2", "summary": "良好"},
    )
    assert new.status_code == 200
    assert new.json()["event"]["organization_id"] == new_branch.id


def test_a_transfer_to_the_same_branch_is_refused_and_to_a_committee_is_invalid(
    client: TestClient, world: World, candidate_id: int
) -> None:
    same = act(
        client,
        candidate_id,
        "transfer",
        world.secretary,
        "2023-05-01",
        {"to_branch_id": world.branch.id, "reason": "误操作"},
    )
    assert same.status_code == 409
    assert [v["rule"] for v in same.json()["violations"]] == ["transfer.other_branch"]
    committee = act(
        client,
        candidate_id,
        "transfer",
        world.secretary,
        "2023-05-01",
        {"to_branch_id": world.committee.id, "reason": "误操作"},
    )
    assert committee.status_code == 422
    assert committee.json()["errors"][0]["field"] == "to_branch_id"
