"""Micro-benchmark: one request through the ASGI app in-process, no socket, one at a time.

What a request costs the server's CPU without HTTP parsing, the client or other requests: the
service's act (`POST …/transitions/assign_mentors`) beside the reference endpoint
(bench/reference_app.py) on the same SQLite engine, each through its whole app (middleware,
routing, validation, the threadpool hand-off, the use case, the response), then the act's use
case alone, and the act's route with the use case answered for free (its result computed once):
the framework's floor for an act. CPU µs per request (process time), median of the repeats.

    .venv/bin/python -m bench.micro_request [--repeats 7] [--requests 400]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from bench import reference_app
from bench.micro_act import MENTORS
from bench.run import RESULTS, say
from bench.seed import seed
from service.adapters.clock import SystemClock
from service.adapters.database import make_engine
from service.adapters.migrations import upgrade
from service.app import acts
from service.app.principals import authenticate
from service.main import create_app
from service.settings import Settings

Call = Callable[[], Awaitable[int]]


def asgi_call(app: Any, method: str, path: str, body: bytes, headers: dict[str, str]) -> Call:
    """One request to `app` as a server would make it; returns the status."""
    raw_headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    raw_headers += [(b"content-type", b"application/json"), (b"host", b"bench")]
    raw_headers.append((b"content-length", str(len(body)).encode()))

    async def call() -> int:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": raw_headers,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
            "state": {},
        }
        sent = False
        status = 0

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await app(scope, receive, send)
        return status

    return call


async def measure(call: Call, *, repeats: int, requests: int, expect: int) -> dict[str, float]:
    for _ in range(requests // 4):
        assert await call() == expect
    cpu, wall = [], []
    for _ in range(repeats):
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        for _ in range(requests):
            status = await call()
            assert status == expect, status
        cpu.append((time.process_time() - started_cpu) / requests * 1e6)
        wall.append((time.perf_counter() - started_wall) / requests * 1e6)
    return {"cpu_us": statistics.median(cpu), "wall_us": statistics.median(wall)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.micro_request", description=__doc__)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args(argv)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="recruitflow-request-") as scratch:
        url = f"sqlite:///{Path(scratch) / 'service.adapters.database'}"
        upgrade(url)
        settings, clock = Settings(database_url=url), SystemClock()
        engine = make_engine(url)
        world = seed(engine, settings, candidates=20)
        activist = next(c for c in world.candidates if c.pool == "activist")
        actor = authenticate(engine, activist.secretary)
        assert actor is not None
        service = create_app(settings, engine=engine)
        body = orjson.dumps({"effective_date": "2023-05-15", **MENTORS})
        act_path = f"/api/v1/candidates/{activist.id}/transitions/assign_mentors"
        bearer = {"authorization": f"Bearer {activist.secretary}"}

        reference_url = f"sqlite:///{Path(scratch) / 'reference.db'}"
        reference_app.prepare(reference_url)
        os.environ["BENCH_REFERENCE_URL"] = reference_url
        os.environ["BENCH_REFERENCE_MODE"] = "serialised"
        reference = reference_app.create_app()
        bump = orjson.dumps({"amount": 1, "note": "基准"})

        def use_case() -> None:
            acts.perform_act(
                engine, clock, settings, actor, candidate_id=activist.id,
                trigger="assign_mentors", evidence=MENTORS, effective_date=date(2023, 5, 15),
            )  # fmt: skip

        async def use_case_call() -> int:
            use_case()
            return 200

        async def run() -> None:
            cases: dict[str, tuple[Call, int]] = {
                "service: act over ASGI": (asgi_call(service, "POST", act_path, body, bearer), 200),
                "reference: bump over ASGI": (
                    asgi_call(reference, "POST", "/items/7/bump", bump, {}), 200
                ),
                "service: act use case alone (perform_act)": (use_case_call, 200),
            }  # fmt: skip
            for name, (call, expect) in cases.items():
                results[name] = await measure(
                    call, repeats=args.repeats, requests=args.requests, expect=expect
                )
            # The floor of the act's route: everything but the use case, which answers a
            # result computed once (what the framework costs an act that cost nothing).
            done = acts.perform_act(
                engine, clock, settings, actor, candidate_id=activist.id,
                trigger="assign_mentors", evidence=MENTORS, effective_date=date(2023, 5, 15),
            )  # fmt: skip
            real, acts.perform_act = acts.perform_act, lambda *_a, **_k: done
            try:
                results["service: act route, use case answered for free"] = await measure(
                    cases["service: act over ASGI"][0],
                    repeats=args.repeats,
                    requests=args.requests,
                    expect=200,
                )
            finally:
                acts.perform_act = real

        # The access log line is part of the cost; written where it costs what a file would.
        with open(os.devnull, "w") as devnull:
            stdout, sys.stdout = sys.stdout, devnull
            try:
                asyncio.run(run())
            finally:
                sys.stdout = stdout
        engine.dispose()
    say("| in-process, SQLite, one at a time | CPU µs/request | wall µs/request |\n|---|---|---|")
    for name, figures in results.items():
        say(f"| {name} | {figures['cpu_us']:.0f} | {figures['wall_us']:.0f} |")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "micro-request-sqlite.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
