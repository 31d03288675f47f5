"""Signing in to the console as a browser would, and filling its forms, for the tests that drive
it over HTTP or in Chromium (and the screenshots)."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

_HIDDEN = re.compile(r'name="(check|csrf_token|version)" value="([^"]+)"')


def hidden(page: str, name: str) -> str:
    """The value of the page's hidden input `name` (the login check, the CSRF token, the
    candidate's version an act form sends back as its If-Match)."""
    for found, value in _HIDDEN.findall(page):
        if found == name:
            return str(value)
    raise AssertionError(f"no hidden input {name!r} on the page")


def sign_in(client: TestClient, token: str) -> Response:
    form = client.get("/console/login")
    response: Response = client.post(
        "/console/login",
        data={"token": token, "check": hidden(form.text, "check")},
        follow_redirects=False,
    )
    return response


def fill_recommendation_vote(page: Any, *, method: str) -> None:
    """The recommendation vote's form in a browser page: 12 members, 8 representatives, 20
    ballots, 15 for."""
    page.get_by_label("推荐方式").select_option(method)
    for label, value in (
        ("参加推荐的党员数", "12"),
        ("参加推荐的群众代表数", "8"),
        ("收回选票数", "20"),
        ("推荐票数", "15"),
    ):
        page.get_by_label(label, exact=True).fill(value)
