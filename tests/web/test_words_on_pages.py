"""Every console page of the demonstration, read as each role reads it, holds no English word,
raw identifier, `None`/`True`/`False`, ISO date-time or UTC time (issue 14's rule)."""

from __future__ import annotations

import html
import re
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from service.adapters.clock import FixedClock
from service.cli.demo import load_demo
from service.settings import Settings
from tests.support.factories import auth
from tests.web.console import hidden, sign_in

ALLOWED = {"JSONL", "CSV", "XLSX", "HTTP", "HTTPS", "URL", "API", "PDF", "recruitflow"}
_HIDDEN = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.DOTALL)
_READ_ATTRIBUTES = re.compile(r'\b(?:placeholder|title|aria-label)="([^"]*)"')
_OWN_FIELDS = re.compile(r"https?://\S+|/api/\S+|\b[0-9a-f]{16,}\b")
_SUSPECT = re.compile(
    r"[A-Za-z]+_[A-Za-z_]+|[A-Za-z]{3,}|\d{4}-\d\d-\d\dT|\d\d:\d\dZ|\bUTC\b|\bNone\b"
)
_LINKS = re.compile(r'href="(/console/(?:candidates/\d+/acts/\w+|subscriptions/\d+))"')
CANDIDATES = range(1, 13)
TODAY = date(2026, 11, 26)


def visible_text(page: str) -> list[str]:
    """The lines a reader sees: the text between tags and the attributes a browser shows."""
    shown = html.unescape(_HIDDEN.sub("\n", page)).splitlines()
    return [*shown, *(html.unescape(value) for value in _READ_ATTRIBUTES.findall(page))]


def suspects(page: str) -> list[str]:
    found = []
    for line in visible_text(page):
        words = _SUSPECT.findall(_OWN_FIELDS.sub("", line))
        if any(word not in ALLOWED for word in words):
            found.append(line.strip())
    return found


def test_the_scan_catches_what_people_should_not_read() -> None:
    page = "<td>admin</td><p title='x'>现为：None</p><td>2090-06-30T10:00 UTC</td><p>six_no</p>"
    assert suspects(page) == ["admin", "现为：None", "2090-06-30T10:00 UTC", "six_no"]
    assert suspects("<p>导出 CSV、JSONL</p><a href='/x'>https://a.example/hook</a>") == []


def test_every_page_of_the_demo_reads_as_clean_chinese(
    client: TestClient, engine: Engine, clock: FixedClock, settings: Settings
) -> None:
    clock.set_date(TODAY)
    loaded = load_demo(engine, clock, settings)
    tokens: dict[str, str] = {}
    for principal in loaded.principals:
        tokens.setdefault(principal.role, principal.token)
    admin = auth(tokens["admin"])
    subscribed = client.post(
        "/api/v1/subscriptions",
        json={
            "url": "https://dangyuan.example.gov.cn/hooks/x",
            "organization_id": loaded.committee_id,
            "description": "党员信息库",
        },
        headers=admin,
    )
    expiring = client.post(
        "/api/v1/principals",
        json={
            "name": "临时书记",
            "role": "secretary",
            "organization_id": loaded.branch_ids[1],
            "expires_at": "2090-06-30T10:00:00Z",
        },
        headers=admin,
    )
    assert (subscribed.status_code, expiring.status_code) == (201, 201)

    found: dict[str, list[str]] = {}
    read = 0
    for role in ("secretary", "reviewer", "auditor", "admin"):
        client.cookies.clear()
        sign_in(client, tokens[role])
        paths = [
            "/console/",
            "/console/candidates?q=张",
            "/console/candidates/new",
            "/console/audit",
            "/console/audit/verify",
            "/console/principals",
            "/console/subscriptions",
        ]
        paths += [f"/console/candidates/{number}" for number in CANDIDATES]
        paths += [f"/console/candidates/{number}/dossier" for number in CANDIDATES]
        seen = set(paths)
        for path in paths:
            answer = client.get(path)
            if answer.status_code != 200:
                continue
            read += 1
            if hits := suspects(answer.text):
                found[f"{role} {path}"] = hits
            for link in _LINKS.findall(answer.text):
                if link not in seen:
                    seen.add(link)
                    paths.append(link)

    client.cookies.clear()
    sign_in(client, tokens["secretary"])
    vote = "/console/candidates/2/acts/record_recommendation_vote"
    form = client.get(vote).text
    refused = client.post(
        vote,
        data={
            "csrf_token": hidden(form, "csrf_token"),
            "version": hidden(form, "version"),
            "effective_date": "2026-11-20",
            "method": "show_of_hands",
            "party_members": "12",
            "mass_representatives": "8",
            "ballots_cast": "25",
            "votes_for": "15",
        },
    )
    assert "本次：举手表决" in refused.text
    assert "收回 25 票" in refused.text
    assert suspects(refused.text) == []
    assert found == {}
    assert read > 80
