"""Fetching an identity provider's JSON documents (its OpenID configuration, its JWKS) over
HTTP with httpx, for service.app.oidc, which is handed `fetch_json` and knows no HTTP."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

MAX_BYTES = 1_000_000


class FetchFailed(ConnectionError):
    """The document could not be fetched or is not a JSON object (a ConnectionError, so that
    its callers need not know this module)."""


def fetch_json(url: str, *, timeout: float = 5.0) -> Mapping[str, Any]:
    try:
        response = httpx.get(url, timeout=timeout, follow_redirects=False)
        response.raise_for_status()
        if len(response.content) > MAX_BYTES:
            raise FetchFailed(f"{url} answered more than {MAX_BYTES} bytes")
        document = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise FetchFailed(f"{url} cannot be fetched: {exc}") from exc
    if not isinstance(document, dict):
        raise FetchFailed(f"{url} did not answer a JSON object")
    return document
