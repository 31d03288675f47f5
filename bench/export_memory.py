"""Peak memory of the audit export against the size of the history (issue 4).

For each size, a seeded history (bench/history_seed.py: valid chains, written in bulk) is served
by the real server (`recruitflow serve`, one process); GET /api/v1/audit/export streams it to a
file, and the server's peak resident set (VmHWM, from /proc) is read before and after. The file
is then checked offline (`recruitflow audit verify-export`) and that process's peak is kept too;
`GET /api/v1/audit/verify` over the same history is timed along the way.

    .venv/bin/python -m bench.export_memory --events 10000 100000 1000000 [--postgresql URL]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.databases import PostgresDatabases, SqliteDatabases
from bench.harness import ROOT, VENV_BIN, serving
from bench.history_seed import seed_long_history
from service.adapters.database import make_engine
from service.adapters.migrations import upgrade
from service.settings import Settings

RESULTS = Path(__file__).resolve().parent / "results"


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc (Linux only)")


def seeded(
    databases: SqliteDatabases | PostgresDatabases, name: str, events: int
) -> tuple[str, str]:
    """(database URL, admin token) of a migrated database holding `events` more events."""
    if isinstance(databases, PostgresDatabases):
        url = databases.create(name)
    else:
        url = databases.url(name)
    upgrade(url)
    engine = make_engine(url)
    try:
        history = seed_long_history(engine, Settings(database_url=url), events=events)
    finally:
        engine.dispose()
    return url, history.admin_token


def measure(url: str, token: str, directory: Path, *, format: str) -> dict[str, Any]:
    target = directory / f"export.{format}"
    log = directory / "server.log"
    command = lambda port: [str(VENV_BIN / "recruitflow"), "serve", "--port", str(port)]  # noqa: E731
    environment = {"RECRUITFLOW_DATABASE_URL": url, "RECRUITFLOW_LOG_LEVEL": "WARNING"}
    with serving(command, environment, workers=1, log=log) as server:
        headers = {"Authorization": f"Bearer {token}"}
        httpx.get(f"{server.url}/api/v1/audit/head", headers=headers).raise_for_status()
        before = peak_rss_mib(server.process.pid)
        started = time.perf_counter()
        with (
            httpx.stream(
                "GET",
                f"{server.url}/api/v1/audit/export",
                params={"format": format},
                headers=headers,
                timeout=600,
            ) as response,
            target.open("wb") as output,
        ):
            response.raise_for_status()
            for chunk in response.iter_bytes():
                output.write(chunk)
        seconds = time.perf_counter() - started
        after = peak_rss_mib(server.process.pid)
        verify_started = time.perf_counter()
        verified = httpx.get(f"{server.url}/api/v1/audit/verify", headers=headers, timeout=600)
        verify_seconds = time.perf_counter() - verify_started
        verify_peak = peak_rss_mib(server.process.pid)
    check = subprocess.Popen(
        [str(VENV_BIN / "recruitflow"), "audit", "verify-export", str(target)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    check_started = time.perf_counter()
    _, status, usage = os.wait4(check.pid, 0)
    assert check.stdout is not None
    verdict = check.stdout.read().strip()
    return {
        "format": format,
        "bytes": target.stat().st_size,
        "export_seconds": round(seconds, 1),
        "server_peak_rss_mib_before": round(before, 1),
        "server_peak_rss_mib_after": round(after, 1),
        "verify_ok": verified.json()["ok"],
        "verify_seconds": round(verify_seconds, 1),
        "server_peak_rss_mib_after_verify": round(verify_peak, 1),
        "check_seconds": round(time.perf_counter() - check_started, 1),
        "check_peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "check_exit_code": os.waitstatus_to_exitcode(status),
        "check_says": verdict[:80],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    parser.add_argument("--postgresql", metavar="URL", default=None)
    options = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory(prefix="rf-export-") as scratch:
        directory = Path(scratch)
        databases = (
            PostgresDatabases(options.postgresql)
            if options.postgresql
            else SqliteDatabases(directory)
        )
        try:
            for events in options.events:
                name = f"export_{events}"
                url, token = seeded(databases, name, events)
                run = {
                    "events": events + 1,
                    **measure(url, token, directory, format=options.format),
                }
                runs.append(run)
                print(json.dumps(run), flush=True)  # noqa: T201
                databases.drop(name)
        finally:
            databases.close()
    engine = "postgresql" if options.postgresql else "sqlite"
    RESULTS.mkdir(exist_ok=True)
    result = {
        "bench": "audit export memory",
        "engine": engine,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "runs": runs,
    }
    path = RESULTS / f"export-memory-{engine}-{options.format}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
