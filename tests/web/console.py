"""Signing in to the console as a browser would, for the tests that drive it over HTTP."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from httpx import Response

_HIDDEN = re.compile(r'name="(check|csrf_token)" value="([^"]+)"')


def hidden(page: str, name: str) -> str:
    """The value of the page's hidden input `name` (the login check, the CSRF token)."""
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
