"""Sending a webhook over HTTP with httpx: one POST, its status code, or a Chinese reason why
there was none (raised as TimeoutError or ConnectionError, both OSError)."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import weakref
from collections.abc import Iterable, Mapping
from typing import Any

import httpcore
import httpx


class _Stream(httpcore.NetworkStream):
    """httpcore's stream, its socket (TLS-wrapped or not) known to the backend."""

    def __init__(self, inner: httpcore.NetworkStream, backend: _CuttableBackend) -> None:
        self._inner = inner
        self._backend = backend
        backend.remember(inner.get_extra_info("socket"))

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, timeout), self._backend)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _CuttableBackend(httpcore.SyncBackend):
    """Connects as httpcore does and keeps the open sockets, so `cut()` can shut them down:
    closing a client does not wake a thread waiting on a receiver's answer; this does."""

    def __init__(self) -> None:
        self._sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self._lock = threading.Lock()

    def remember(self, sock: socket.socket | None) -> None:
        if sock is not None:
            with self._lock:
                self._sockets.add(sock)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = super().connect_tcp(host, port, timeout, local_address, socket_options)
        return _Stream(stream, self)

    def cut(self) -> None:
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)


class HttpxSender:
    """One pooled client for every receiver; safe to share between threads. Redirects are
    not followed: a receiver answers where it was registered."""

    def __init__(self) -> None:
        self._backend = _CuttableBackend()
        transport = httpx.HTTPTransport()
        # httpx has no public way to hand httpcore a network backend.
        transport._pool._network_backend = self._backend
        self._client = httpx.Client(follow_redirects=False, transport=transport)

    def send(self, url: str, *, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
        try:
            response = self._client.post(url, content=body, headers=dict(headers), timeout=timeout)
        except httpx.TimeoutException as exc:
            raise TimeoutError(f"接收方未在 {timeout:g} 秒内答复") from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise ConnectionError(f"无法连接接收方（{type(exc).__name__}）") from exc
        return response.status_code

    def close(self) -> None:
        """Ends the sends still waiting for an answer at once (ConnectionError), then closes."""
        self._backend.cut()
        self._client.close()
