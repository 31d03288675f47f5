from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import World
from tests.support.http_journey import run_journey


def test_explain_names_each_act_by_its_chinese_and_english_title_in_the_state(
    client: TestClient, world: World, candidate_id: int
) -> None:
    run_journey(client, candidate_id, world.roles, until="recommended")
    response = client.get(f"/api/v1/candidates/{candidate_id}/transitions", headers=world.reviewer)
    assert response.status_code == 200, response.text
    titles = {
        item["trigger"]: (item["title_zh"], item["title_en"]) for item in response.json()["items"]
    }
    assert titles["open_publicity"] == ("开始积极分子公示", "open the activist notice")
    assert titles["transfer"] == ("转接组织关系", "transfer to another branch")
    assert all(zh and en and zh != en for zh, en in titles.values())
