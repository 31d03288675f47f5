"""A webhook receiver for tests: an http.server on loopback, in a thread the test starts, that
keeps what it received and answers as told (a status per request, or hanging until released)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import orjson


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return orjson.loads(self.body)


@dataclass
class Receiver:
    url: str
    received: list[Received] = field(default_factory=list)
    # Status codes for the next requests, in order; 200 once they run out.
    answers: list[int] = field(default_factory=list)
    # While set, requests wait (up to `hold_seconds`) for `release` before answering.
    hold: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    hold_seconds: float = 30.0

    def ids(self) -> list[str]:
        return [one.headers["webhook-id"] for one in self.received]


class Answering:
    """A sender that sends nothing: every POST is answered `status`."""

    def __init__(self, status: int) -> None:
        self.status = status

    def send(self, url: str, *, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
        return self.status


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            receiver.received.append(
                Received({k.lower(): v for k, v in self.headers.items()}, body)
            )
            if receiver.hold.is_set():
                receiver.release.wait(receiver.hold_seconds)
            status = receiver.answers.pop(0) if receiver.answers else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # the worker's 8 senders connect at once (the default is 5)


@contextmanager
def receiving(path: str = "/hooks") -> Iterator[Receiver]:
    """A started receiver at http://127.0.0.1:<free port><path>; stopped on exit."""
    receiver = Receiver(url="")
    server = _Server(("127.0.0.1", 0), _handler(receiver))
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}{path}"
    thread = threading.Thread(
        target=server.serve_forever, args=(0.02,), name="webhook-receiver", daemon=True
    )
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release.set()
        server.shutdown()
        server.server_close()
        thread.join()
