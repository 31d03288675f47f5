"""Kill the real server with SIGKILL in the middle of a load of acts, restart it, and check that
nothing it acknowledged was lost, the chains verify and no candidate is half-updated.

    python -m scripts.crash_test --engine sqlite
    python -m scripts.crash_test --engine postgresql --pg-url postgresql://postgres@127.0.0.1:5432/test

Each client thread registers candidates and walks them through the journey of
tests/http_journey.py, every request under an Idempotency-Key. When the server dies, each thread
keeps the one request it had in flight ("in doubt"); after the restart that request is sent again
with the same key, and must end up applied exactly once (or still be reported in flight).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from scripts.crash_checks import Acknowledged, problems
from service.adapters.database import make_engine
from service.adapters.migrations import upgrade
from service.app.idempotency import IN_FLIGHT_LEASE
from tests.support.http_journey import APPLICATION, SECRETARY, STEPS, people

ADMIN_TOKEN = "crash-test-admin-" + uuid.uuid4().hex
JOURNEY = [step[0] for step in STEPS]


@dataclass
class Load:
    acknowledged: list[Acknowledged] = field(default_factory=list)
    in_doubt: list[tuple[str, dict[str, Any], dict[str, str]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    enough: threading.Event = field(default_factory=threading.Event)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def server(database_url: str, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A started `recruitflow serve`, in a process group of its own (so SIGKILL takes it all)."""
    port = free_port()
    env = {
        **os.environ,
        "RECRUITFLOW_DATABASE_URL": database_url,
        "RECRUITFLOW_ADMIN_TOKEN": ADMIN_TOKEN,
        "RECRUITFLOW_LOG_LEVEL": "INFO",
    }
    command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port)]
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not _ready(base_url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start; see {log}")
            time.sleep(0.05)
        yield base_url, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)


def _ready(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/readyz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def drive(
    base_url: str,
    branch_id: int,
    headers: dict[str, dict[str, str]],
    load: Load,
    *,
    candidates: int,
    kill_after: int,
) -> None:
    """Register `candidates` applicants and walk each through the journey, until the server dies."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        for _ in range(candidates):
            requests = [("/api/v1/candidates", {"branch_id": branch_id, **APPLICATION}, SECRETARY)]
            for trigger, who, on, evidence, _state in STEPS:
                requests.append(
                    (f"/transitions/{trigger}", {"effective_date": on, **evidence}, who)
                )
            candidate_id = None
            for path, body, who in requests:
                url = path if candidate_id is None else f"/api/v1/candidates/{candidate_id}{path}"
                sent = {**headers[who], "Idempotency-Key": uuid.uuid4().hex}
                try:
                    answer = http.post(url, json=body, headers=sent)
                except httpx.TransportError:
                    with load.lock:
                        load.in_doubt.append((url, body, sent))
                    return
                if answer.status_code not in (200, 201):
                    with load.lock:
                        load.errors.append(f"{url}: {answer.status_code} {answer.text[:200]}")
                    return
                _acknowledge(load, answer.json(), kill_after)
                candidate_id = candidate_id or answer.json()["id"]


def _acknowledge(load: Load, body: dict[str, Any], kill_after: int) -> None:
    event = body.get("event")
    with load.lock:
        if event is None:  # a registration: its first event
            load.acknowledged.append(Acknowledged(body["id"], 1, None, "submit_application"))
        else:
            load.acknowledged.append(
                Acknowledged(event["candidate_id"], event["seq"], event["hash"], event["trigger"])
            )
        if len(load.acknowledged) >= kill_after:
            load.enough.set()


def run(database_url: str, *, threads: int, candidates: int, kill_after: int, work: Path) -> int:
    started = time.perf_counter()
    upgrade(database_url)
    log = work / "server.log"
    load = Load()
    with server(database_url, log) as (base_url, process):
        with httpx.Client(base_url=base_url, timeout=30) as http:
            branch_id, headers = people(http, ADMIN_TOKEN)
        workers = [
            threading.Thread(
                target=drive,
                args=(base_url, branch_id, headers, load),
                kwargs={"candidates": candidates, "kill_after": kill_after},
            )
            for _ in range(threads)
        ]
        for worker in workers:
            worker.start()
        load.enough.wait(timeout=60)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        for worker in workers:
            worker.join()
    killed_at = len(load.acknowledged)
    retried: dict[str, int] = {}
    with server(database_url, log) as (base_url, _process), httpx.Client(base_url=base_url) as http:
        waiting = load.in_doubt
        for attempt in range(2):
            still = []
            for url, body, sent in waiting:
                answer = http.post(url, json=body, headers=sent)
                if answer.status_code == 409 and answer.json()["type"].endswith("-in-flight"):
                    still.append((url, body, sent))
                    continue
                if answer.status_code not in (200, 201):
                    load.errors.append(f"retry of {url}: {answer.status_code} {answer.text[:200]}")
                    continue
                _acknowledge(load, answer.json(), kill_after)
                replayed = answer.headers.get("Idempotent-Replayed") == "true"
                outcome = "replayed" if replayed else "taken over" if attempt else "applied"
                retried[outcome] = retried.get(outcome, 0) + 1
            waiting = still
            if not waiting:
                break
            # Claimed before the kill but never applied: the key is free once its lease is out.
            time.sleep(IN_FLIGHT_LEASE.total_seconds() + 0.5)
        load.errors += [f"{url}: still in flight after the lease" for url, _b, _s in waiting]
    registrations = {a.candidate_id for a in load.acknowledged if a.seq == 1}
    engine = make_engine(database_url)
    try:
        found = load.errors + problems(engine, load.acknowledged, JOURNEY)
    finally:
        engine.dispose()
    text = log.read_text(encoding="utf-8", errors="replace")
    secrets = [ADMIN_TOKEN, APPLICATION["id_number"], APPLICATION["phone"]]
    secrets += [h["Authorization"].removeprefix("Bearer ") for h in headers.values()]
    found += [f"the server log holds a secret: {s[:6]}…" for s in secrets if s in text]
    engine_name = make_url(database_url).get_backend_name()
    print(
        f"{engine_name}: {killed_at} acts acknowledged before SIGKILL, "
        f"{len(load.in_doubt)} in doubt, retried after restart: {retried or 'none'}; "
        f"{len(registrations)} candidates checked in {time.perf_counter() - started:.1f} s: "
        + ("OK" if not found else f"{len(found)} PROBLEMS")
    )
    for problem in found:
        print("  " + problem)
    return 1 if found else 0


@contextmanager
def database(engine: str, pg_url: str | None, work: Path) -> Iterator[str]:
    if engine == "sqlite":
        yield f"sqlite:///{work / 'crash.db'}"
        return
    if not pg_url:
        raise SystemExit("--pg-url (or RECRUITFLOW_TEST_PG_URL) is needed for postgresql")
    name = f"rf_crash_{uuid.uuid4().hex[:12]}"
    admin = make_url(pg_url).set(drivername="postgresql")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as db:
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
        finally:
            db.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("RECRUITFLOW_TEST_PG_URL"))
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--candidates", type=int, default=6, help="per thread")
    parser.add_argument("--kill-after", type=int, default=150, help="acknowledged acts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crash-test-") as directory:
        work = Path(directory)
        with database(args.engine, args.pg_url, work) as url:
            return run(
                url,
                threads=args.threads,
                candidates=args.candidates,
                kill_after=args.kill_after,
                work=work,
            )


if __name__ == "__main__":
    sys.exit(main())
