from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import World
from tests.support.http_journey import BALLOT, STEPS, act, run_journey


def history(client: TestClient, candidate_id: int, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/candidates/{candidate_id}/history", headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_a_created_candidate_is_an_applicant_with_its_application_as_the_first_event(
    client: TestClient, world: World, candidate_id: int
) -> None:
    candidate = client.get(f"/api/v1/candidates/{candidate_id}", headers=world.secretary)
    assert candidate.status_code == 200
    assert candidate.headers["ETag"] == '"1"'
    assert candidate.json()["state"] == "applicant"
    assert candidate.json()["state_label"] == "入党申请人"
    events = history(client, candidate_id, world.auditor)
    assert [(e["seq"], e["trigger"], e["outcome"], e["to_state"]) for e in events] == [
        (1, "submit_application", "applied", "applicant")
    ]
    assert "id_number" not in events[0]["evidence"]
    assert "phone" not in events[0]["evidence"]


def test_a_secretary_and_a_reviewer_drive_a_candidate_to_full_membership(
    client: TestClient, world: World, candidate_id: int
) -> None:
    run_journey(client, candidate_id, world.roles)
    candidate = client.get(f"/api/v1/candidates/{candidate_id}", headers=world.secretary).json()
    assert candidate["state"] == "full_member"
    assert candidate["key_dates"]["activist_since"] == "2023-04-18"
    assert candidate["key_dates"]["probation_ends"] == "2025-06-05"
    assert candidate["key_dates"]["full_member_since"] == "2025-06-05"
    events = history(client, candidate_id, world.auditor)
    assert [e["trigger"] for e in events] == ["submit_application", *(step[0] for step in STEPS)]
    assert [e["seq"] for e in events] == list(range(1, len(STEPS) + 2))
    assert {e["actor"]["name"] for e in events} == {"王书记", "陈审查"}
    assert all(e["outcome"] == "applied" for e in events)
    assert [e["prev_hash"] for e in events[1:]] == [e["hash"] for e in events[:-1]]


def test_a_refused_act_changes_nothing_and_adds_exactly_one_refused_event(
    client: TestClient, world: World, candidate_id: int
) -> None:
    before = client.get(f"/api/v1/candidates/{candidate_id}", headers=world.secretary).json()
    response = act(
        client,
        candidate_id,
        "record_recommendation_vote",
        world.secretary,
        "2023-04-10",
        {
            "method": "secret_ballot",
            "party_members": 5,
            "mass_representatives": 5,
            "ballots_cast": 11,
            "votes_for": 5,
        },
    )
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"].endswith("/rules-not-met")
    assert (problem["rule_profile"], problem["event_seq"]) == ("national-2014", 2)
    assert {v["rule"] for v in problem["violations"]} == {"talk.required", "recommendation.counts"}
    counts = next(v for v in problem["violations"] if v["rule"] == "recommendation.counts")
    assert counts["details"] == {"participants": 10, "ballots_cast": 11, "votes_for": 5}
    after = client.get(f"/api/v1/candidates/{candidate_id}", headers=world.secretary).json()
    assert (after["state"], after["version"]) == (before["state"], before["version"])
    events = history(client, candidate_id, world.secretary)
    assert [(e["trigger"], e["outcome"]) for e in events] == [
        ("submit_application", "applied"),
        ("record_recommendation_vote", "refused"),
    ]
    assert events[1]["to_state"] is None
    assert {v["rule"] for v in events[1]["violations"]} == {
        "talk.required",
        "recommendation.counts",
    }
    assert events[1]["evidence"]["ballots_cast"] == 11


def test_a_trigger_not_valid_in_the_state_is_409_and_recorded_once(
    client: TestClient, world: World, candidate_id: int
) -> None:
    response = act(
        client,
        candidate_id,
        "approve_admission",
        world.reviewer,
        "2023-04-01",
        {"decided_on": "2023-04-01"},
    )
    assert response.status_code == 409
    assert response.json()["type"].endswith("/transition-not-allowed")
    assert response.json()["state"] == "applicant"
    events = history(client, candidate_id, world.secretary)
    assert [(e["trigger"], e["outcome"]) for e in events][-1] == ("approve_admission", "refused")
    assert events[-1]["violations"][0]["rule"] == "transition.allowed"


def test_an_unknown_trigger_is_404_and_writes_nothing(
    client: TestClient, world: World, candidate_id: int
) -> None:
    response = act(client, candidate_id, "promote_to_secretary", world.secretary, "2023-04-01", {})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert len(history(client, candidate_id, world.secretary)) == 1


def test_a_failed_admission_ballot_is_applied_and_sends_the_candidate_back(
    client: TestClient, world: World, candidate_id: int
) -> None:
    run_journey(client, candidate_id, world.roles, until="pre_review_passed")
    failed = {
        **BALLOT,
        "present": 9,
        "written_opinions": 0,
        "votes_for": 8,
        "votes_against": 1,
        "abstentions": 0,
    }
    response = act(
        client, candidate_id, "record_admission_ballot", world.secretary, "2024-06-05", failed
    )
    assert response.status_code == 200, response.text
    assert response.json()["candidate"]["state"] == "development_target"
    event = response.json()["event"]
    assert event["outcome"] == "applied"
    assert [w["rule"] for w in event["warnings"]] == ["ballot.majority"]
    assert event["warnings"][0]["details"] == {
        "expected": 16,
        "votes_for": 8,
        "required_more_than": 8,
    }


def test_a_ballot_without_quorum_is_refused_with_the_numbers(
    client: TestClient, world: World, candidate_id: int
) -> None:
    run_journey(client, candidate_id, world.roles, until="pre_review_passed")
    thin = {
        **BALLOT,
        "present": 8,
        "written_opinions": 0,
        "votes_for": 8,
        "votes_against": 0,
        "abstentions": 0,
    }
    response = act(
        client, candidate_id, "record_admission_ballot", world.secretary, "2024-06-05", thin
    )
    assert response.status_code == 409
    violations = response.json()["violations"]
    assert [v["rule"] for v in violations] == ["ballot.quorum"]
    assert violations[0]["details"] == {"expected": 16, "present": 8, "required_more_than": 8}
    assert "应到 16" in violations[0]["message_zh"]


def test_an_act_with_a_stale_if_match_is_412_and_a_current_one_applies(
    client: TestClient, world: World, candidate_id: int
) -> None:
    evidence = {"effective_date": "2023-03-20", "talker": {"name": "王书记"}, "summary": "谈话"}
    url = f"/api/v1/candidates/{candidate_id}/transitions/record_talk"
    stale = client.post(url, json=evidence, headers={**world.secretary, "If-Match": '"7"'})
    assert stale.status_code == 412
    assert stale.json()["type"].endswith("/version-conflict")
    current = client.post(url, json=evidence, headers={**world.secretary, "If-Match": '"1"'})
    assert current.status_code == 200
    assert current.headers["ETag"] == '"2"'
    assert len(history(client, candidate_id, world.secretary)) == 2


def test_unknown_evidence_fields_and_bad_values_are_422_naming_the_field(
    client: TestClient, world: World, candidate_id: int
) -> None:
    url = f"/api/v1/candidates/{candidate_id}/transitions/record_talk"
    typo = client.post(
        url,
        json={
            "effective_date": "2023-03-20",
            "talker": {"name": "王"},
            "sumary": "x",
            "summary": "y",
        },
        headers=world.secretary,
    )
    assert typo.status_code == 422
    assert any("sumary" in error["field"] for error in typo.json()["errors"])
    negative = act(
        client,
        candidate_id,
        "record_recommendation_vote",
        world.secretary,
        "2023-04-10",
        {
            "method": "secret_ballot",
            "party_members": -1,
            "mass_representatives": 5,
            "ballots_cast": 1,
            "votes_for": 1,
        },
    )
    assert negative.status_code == 422
    assert any(error["field"].endswith("party_members") for error in negative.json()["errors"])
    control = act(
        client,
        candidate_id,
        "record_talk",
        world.secretary,
        "2023-03-20",
        {"talker": {"name": "王"}, "summary": "bad\x07bell"},
    )
    assert control.status_code == 422
    assert len(history(client, candidate_id, world.secretary)) == 1


def test_chinese_text_round_trips_byte_for_byte(
    client: TestClient, world: World, candidate_id: int
) -> None:
    summary = "谈话：入党动机端正，对党的认识较深刻；「引号」、《书名号》与𠀀（扩展B区汉字）"
    response = act(
        client,
        candidate_id,
        "record_talk",
        world.secretary,
        "2023-03-20",
        {"talker": {"name": "欧阳书记"}, "summary": summary},
    )
    assert response.status_code == 200
    stored = history(client, candidate_id, world.secretary)[-1]["evidence"]
    assert stored["summary"].encode("utf-8") == summary.encode("utf-8")
    assert stored["talker"]["name"] == "欧阳书记"
    candidate = client.get(f"/api/v1/candidates/{candidate_id}", headers=world.secretary).json()
    assert (candidate["name"], candidate["ethnicity"]) == ("张三丰", "汉族")


def test_explanations_list_every_trigger_of_the_state_with_the_rules_that_refuse_it(
    client: TestClient, world: World, candidate_id: int
) -> None:
    response = client.get(f"/api/v1/candidates/{candidate_id}/transitions", headers=world.reviewer)
    assert response.status_code == 200
    items = {item["trigger"]: item for item in response.json()["items"]}
    assert set(items) == {"record_talk", "record_recommendation_vote", "transfer", "withdraw"}
    assert items["record_talk"]["allowed"] is True
    vote = items["record_recommendation_vote"]
    assert vote["allowed"] is False
    assert [v["rule"] for v in vote["violations"]] == ["talk.required"]
    assert "recommendation.counts" in vote["pending_rules"]


def test_an_upheld_objection_at_the_admission_notice_refuses_pre_review(
    client: TestClient, world: World, candidate_id: int
) -> None:
    run_journey(client, candidate_id, world.roles, until="admission_publicity")
    filed = act(
        client,
        candidate_id,
        "file_objection",
        world.secretary,
        "2024-05-14",
        {"received_on": "2024-05-14", "summary": "反映工作作风问题"},
    )
    assert filed.status_code == 200, filed.text
    objection_id = filed.json()["event"]["notes"]["objection_id"]
    finding = {"objection_id": objection_id, "finding": "do_not_develop", "note": "经核实"}
    resolved = act(
        client, candidate_id, "resolve_objection", world.secretary, "2024-05-15", finding
    )
    assert resolved.status_code == 200, resolved.text

    materials = {"materials": ["入党申请书", "政审材料", "培训结业证书"]}
    refused = act(
        client, candidate_id, "submit_for_pre_review", world.secretary, "2024-05-20", materials
    )

    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert problem["type"] == "/problems/rules-not-met"
    assert [v["rule"] for v in problem["violations"]] == ["publicity.no_upheld_objection"]
    closed = act(
        client,
        candidate_id,
        "close_publicity",
        world.secretary,
        "2024-05-20",
        {"decided_on": "2024-05-20"},
    )
    assert closed.json()["candidate"]["state"] == "development_target", closed.text
