from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import World
from tests.api.test_dossier_document import admitted_after_a_refusal


def test_the_dossier_lists_the_applied_acts_in_order_with_values_in_words(
    client: TestClient, world: World
) -> None:
    candidate_id = admitted_after_a_refusal(client, world)
    response = client.get(f"/api/v1/candidates/{candidate_id}/dossier", headers=world.auditor)
    assert response.status_code == 200, response.text
    body = response.json()
    entries = body["entries"]
    assert [e["seq"] for e in entries] == [1, *range(3, len(entries) + 2)]
    assert entries[0]["label_zh"] == "递交入党申请书"
    assert entries[1]["trigger"] == "record_talk"
    assert "refused" not in response.text
    assert entries[-1]["label_zh"] == "批准为预备党员"
    vote = {line["label"]: line["value"] for line in entries[2]["evidence_lines"]}
    assert vote["推荐方式"] == "无记名投票"
    application = {line["label"]: line["value"] for line in entries[0]["evidence_lines"]}
    assert application["所在党支部"] == "财政局党支部"
    assert application["申请入党时间"] == "2023年3月1日"
    assert body["state_label"] == "预备党员"
    assert body["committee_name"] == "县直机关工委"
    assert body["personal"]["id_number"] == "110105********002X"
    assert body["key_dates"]["probation_ends"] == "2025-06-05"


def test_a_secretary_of_another_branch_cannot_read_the_dossier(
    client: TestClient, world: World, candidate_id: int
) -> None:
    response = client.get(
        f"/api/v1/candidates/{candidate_id}/dossier", headers=world.other_secretary
    )
    assert response.status_code == 403
    missing = client.get("/api/v1/candidates/999999/dossier", headers=world.auditor)
    assert missing.status_code == 404
