"""The dossier read back as a clerk prints it: a formal 档案 page, parsed."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.adapters.clock import FixedClock
from tests.api.conftest import World
from tests.support.http_journey import act, run_journey

NAME = "张三<i>丰</i>&"
HOSTILE = "<script>alert('档案')</script>"
RULE_ID = re.compile(r"\b[a-z_]+\.[a-z_]+\b")


class Page(HTMLParser):
    """The page's tags, headings, table captions and text, checking every tag closes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.open: list[str] = []
        self.text: list[str] = []
        self.headings: list[str] = []
        self.captions: list[str] = []
        self.labels: list[str] = []
        self.lang: str | None = None
        self.title = ""
        self.style = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag in ("h1", "h2"):
            self.headings.append("")
        if tag == "caption":
            self.captions.append("")
        if tag == "th":
            self.labels.append("")
        if tag not in ("meta", "br"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        closed = self.open.pop() if self.open else None
        assert closed == tag, (tag, self.open[-3:])

    def handle_data(self, data: str) -> None:
        inside = self.open[-1] if self.open else None
        if inside == "style":
            self.style += data
            return
        if inside == "title":
            self.title += data
            return
        self.text.append(data)
        if inside in ("h1", "h2"):
            self.headings[-1] += data
        elif "caption" in self.open:
            self.captions[-1] += data
        elif inside == "th":
            self.labels[-1] += data


def admitted_after_a_refusal(client: TestClient, world: World) -> int:
    """A probationary member whose file began with a refused recommendation vote."""
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


@pytest.fixture
def printed(client: TestClient, world: World, clock: FixedClock) -> tuple[Page, str]:
    candidate_id = admitted_after_a_refusal(client, world)
    clock.set(datetime(2026, 12, 4, 16, 56, 28))
    response = client.get(
        f"/api/v1/candidates/{candidate_id}/dossier",
        params={"format": "html"},
        headers=world.secretary,
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = Page()
    page.feed(response.text)
    page.close()
    return page, "".join(page.text)


def test_the_dossier_is_a_formal_page_of_applied_acts_in_words(
    printed: tuple[Page, str],
) -> None:
    page, text = printed
    assert page.lang == "zh-CN"
    assert page.title == f"发展党员档案 — {NAME}"
    assert page.open == []
    assert {"script", "i", "button", "link", "img"}.isdisjoint(page.tags)
    assert page.headings == [
        "发展党员档案",
        "一、基本情况",
        "二、关键时间",
        "三、发展过程记录",
        "四、审核签章",
    ]
    assert NAME in text
    assert page.captions[0] == "1. 递交入党申请书2023年3月1日　经办人：王书记（党支部书记）"
    assert page.captions[1].startswith("2. 登记谈话")
    assert page.captions[-1].startswith("18. 批准为预备党员")
    assert HOSTILE not in text
    assert "未通过" not in text
    assert "尚未登记党组织派人同入党申请人的谈话" not in text
    assert RULE_ID.findall(text) == []
    assert "None" not in text
    assert "2023H2" not in text
    assert "2023年下半年" in text
    assert "2024年上半年" in text
    assert "2023年3月1日" in text
    assert "2023-03-01" not in text
    assert "财政局党支部" in text
    assert "王书记（党支部书记）" in text
    assert "无记名投票" in text
    assert "secret_ballot" not in text


def test_the_dossier_labels_fields_without_hints_and_names_the_branch(
    printed: tuple[Page, str],
) -> None:
    page, _text = printed
    assert "公示渠道" in page.labels
    assert "考察期" in page.labels
    assert [label for label in page.labels if "如" in label or "编号" in label] == []


def test_the_dossier_ends_with_signatures_and_a_beijing_time(printed: tuple[Page, str]) -> None:
    page, text = printed
    assert "党支部书记签字：" in text
    assert "党委（盖章）" in text
    assert text.count("日期：____年__月__日") == 2
    assert "2026年12月5日 00:56（北京时间）" in text
    assert "2026-12-04" not in text
    assert "size: A4" in page.style
    assert "@bottom-center" in page.style
    assert "http" not in page.style


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_the_dossier_prints_to_a_pdf_in_headless_chromium(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    candidate_id = admitted_after_a_refusal(client, world)
    response = client.get(
        f"/api/v1/candidates/{candidate_id}/dossier",
        params={"format": "html"},
        headers=world.secretary,
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.set_content(response.text)
        pdf = page.pdf(prefer_css_page_size=True)
        browser.close()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2
