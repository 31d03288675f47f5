"""Sending a webhook over HTTP with httpx: one POST, its status code, or a Chinese reason why
there was none (raised as TimeoutError or ConnectionError, both OSError)."""

from __future__ import annotations

from collections.abc import Mapping

import httpx


class HttpxSender:
    """One pooled client for every receiver; safe to share between threads. Redirects are
    not followed: a receiver answers where it was registered."""

    def __init__(self) -> None:
        self._client = httpx.Client(follow_redirects=False)

    def send(self, url: str, *, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
        try:
            response = self._client.post(url, content=body, headers=dict(headers), timeout=timeout)
        except httpx.TimeoutException as exc:
            raise TimeoutError(f"接收方未在 {timeout:g} 秒内答复") from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise ConnectionError(f"无法连接接收方（{type(exc).__name__}）") from exc
        return response.status_code

    def close(self) -> None:
        self._client.close()
