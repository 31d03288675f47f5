from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import World
from tests.support.http_journey import act, run_journey

NAME = "张三<i>丰</i>&"
HOSTILE = "<script>alert('档案')</script>"


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.open: list[str] = []
        self.text: list[str] = []
        self.headings: list[str] = []
        self.lang: str | None = None
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag in ("h1", "h2"):
            self._in_heading = True
            self.headings.append("")
        if tag not in ("meta", "br"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        closed = self.open.pop() if self.open else None
        assert closed == tag, (tag, self.open[-3:])
        if tag in ("h1", "h2"):
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_heading:
            self.headings[-1] += data


@pytest.fixture
def dossier_candidate(client: TestClient, world: World) -> int:
    response = client.post(
        "/api/v1/candidates", json=world.application(name=NAME), headers=world.secretary
    )
    assert response.status_code == 201, response.text
    candidate_id: int = response.json()["id"]
    refused = act(
        client,
        candidate_id,
        "record_recommendation_vote",
        world.secretary,
        "2023-03-10",
        {
            "method": "secret_ballot",
            "party_members": 5,
            "mass_representatives": 5,
            "ballots_cast": 10,
            "votes_for": 8,
            "override_reason": HOSTILE,
        },
    )
    assert refused.status_code == 409
    run_journey(client, candidate_id, world.roles, until="probationary_member")
    return candidate_id


def test_the_dossier_lists_every_act_in_order_with_refusals_marked(
    client: TestClient, world: World, dossier_candidate: int
) -> None:
    response = client.get(f"/api/v1/candidates/{dossier_candidate}/dossier", headers=world.auditor)
    assert response.status_code == 200, response.text
    body = response.json()
    entries = body["entries"]
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0]["label_zh"] == "递交入党申请书"
    assert (entries[1]["trigger"], entries[1]["outcome"]) == (
        "record_recommendation_vote",
        "refused",
    )
    assert [v["rule"] for v in entries[1]["violations"]] == ["talk.required"]
    assert entries[-1]["label_zh"] == "批准为预备党员"
    assert body["state_label"] == "预备党员"
    assert body["personal"]["id_number"] == "110105********002X"
    assert body["key_dates"]["probation_ends"] == "2025-06-05"


def test_the_dossier_page_is_well_formed_chinese_html_with_user_input_escaped(
    client: TestClient, world: World, dossier_candidate: int
) -> None:
    response = client.get(
        f"/api/v1/candidates/{dossier_candidate}/dossier",
        params={"format": "html"},
        headers=world.secretary,
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = Page()
    page.feed(response.text)
    page.close()
    assert page.lang == "zh-CN"
    assert page.open == []
    assert "script" not in page.tags
    assert "i" not in page.tags
    assert page.headings == ["发展党员档案", "基本情况", "关键时间", "发展过程记录"]
    text = "".join(page.text)
    assert NAME in text
    assert HOSTILE in text
    assert "未通过" in text
    assert "尚未登记党组织派人同入党申请人的谈话" in text
    assert "11010519491231002X" in text
    assert "size: A4" in response.text


def test_a_secretary_of_another_branch_cannot_read_the_dossier(
    client: TestClient, world: World, candidate_id: int
) -> None:
    response = client.get(
        f"/api/v1/candidates/{candidate_id}/dossier", headers=world.other_secretary
    )
    assert response.status_code == 403
    missing = client.get("/api/v1/candidates/999999/dossier", headers=world.auditor)
    assert missing.status_code == 404


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_the_dossier_page_renders_in_headless_chromium(
    client: TestClient, world: World, dossier_candidate: int, tmp_path: Path
) -> None:
    assert CHROMIUM is not None
    page = tmp_path / "dossier.html"
    response = client.get(
        f"/api/v1/candidates/{dossier_candidate}/dossier",
        params={"format": "html"},
        headers=world.secretary,
    )
    page.write_bytes(response.content)
    screenshot = tmp_path / "dossier.png"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=794,1123",
            f"--screenshot={screenshot}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    data = screenshot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 20_000
