from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import World
from tests.support.http_journey import act, run_journey


def history(client: TestClient, world: World, candidate_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/candidates/{candidate_id}/history", headers=world.reviewer)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_an_omitted_reviewer_is_the_signed_in_reviewer_in_the_history(
    client: TestClient, world: World, candidate_id: int
) -> None:
    run_journey(client, candidate_id, world.roles, until="pre_review")
    approved = act(
        client,
        candidate_id,
        "approve_pre_review",
        world.reviewer,
        "2024-05-28",
        {"opinion": "同意"},
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["candidate"]["state"] == "pre_review_passed"
    assert approved.json()["event"]["evidence"]["reviewer"]["name"] == "陈审查"
    last = history(client, world, candidate_id)[-1]
    assert (last["trigger"], last["evidence"]["reviewer"]["name"]) == (
        "approve_pre_review",
        "陈审查",
    )
    assert last["actor"]["name"] == "陈审查"


def test_a_named_interviewer_is_kept_and_an_omitted_one_is_the_principal(
    client: TestClient, world: World, candidate_id: int
) -> None:
    run_journey(client, candidate_id, world.roles, until="awaiting_approval")
    interview = {"motive": "sound", "law_compliance": "compliant", "notes": "入党动机端正"}
    named = {**interview, "interviewer": {"name": "周委员", "member_id": "M009"}}
    for evidence in (named, interview):
        response = act(
            client,
            candidate_id,
            "record_committee_interview",
            world.reviewer,
            "2024-06-20",
            evidence,
        )
        assert response.status_code == 200, response.text
    interviewers = [
        event["evidence"]["interviewer"]
        for event in history(client, world, candidate_id)
        if event["trigger"] == "record_committee_interview"
    ]
    assert interviewers == [
        {"name": "周委员", "member_id": "M009"},
        {"name": "陈审查", "member_id": None},
    ]


def test_other_people_are_not_defaulted(
    client: TestClient, world: World, candidate_id: int
) -> None:
    response = act(
        client, candidate_id, "record_talk", world.secretary, "2023-03-20", {"summary": "谈话"}
    )
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["body.talker"]
    assert [event["trigger"] for event in history(client, world, candidate_id)] == [
        "submit_application"
    ]


def test_the_schema_says_the_reviewer_may_be_left_out(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert "reviewer" not in schemas["ApprovePreReviewEvidence"]["required"]
    assert (
        "当前登录者" in schemas["ApprovePreReviewEvidence"]["properties"]["reviewer"]["description"]
    )
    assert "talker" in schemas["RecordTalkEvidence"]["required"]
