"""Micro-benchmarks over one candidate with a very long history (1,000,000 events by default):
reading a page of it, verifying the chains, exporting it.

    .venv/bin/python -m bench.micro_history --engine sqlite [--events 1000000]
    RECRUITFLOW_BENCH_PG_URL=postgresql://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m bench.micro_history --engine postgresql

- history: `GET /api/v1/candidates/{id}/history?limit=100`, first page and a page half-way in
  (cursor), on the real server (`recruitflow serve`, one process), from 1 and from 4 clients
  (`--clients`): pages/s, wrk latency percentiles, and the server's CPU time per page;
- verification: service.app.audit's verifier over every chain (an admin's `GET /audit/verify`);
- page in-process: the use case behind the history route, and the body it answers;
- export: `GET /api/v1/audit/export?format=jsonl` and `format=csv`, streamed to the
  end: events/s and the server's peak RSS (VmHWM).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy.engine import Engine

from bench.databases import PostgresDatabases, SqliteDatabases
from bench.harness import (
    VENV_BIN,
    CpuSample,
    run_wrk,
    serving,
    ticks_to_seconds,
    wait_for_quiet,
)
from bench.history_seed import LongHistory, seed_long_history
from bench.run import PG_URL_VARIABLES, RESULTS, say
from service.adapters.database import make_engine
from service.adapters.migrations import upgrade
from service.settings import Settings

EXPORT_PATH = "/api/v1/audit/export"
PARTS = ("verify", "page", "history", "export")


def history_latency(
    url: str, world: LongHistory, *, seconds: int, clients: list[int], scratch: Path
) -> dict[str, Any]:
    def command(port: int) -> list[str]:
        return [str(VENV_BIN / "recruitflow"), "serve", "--port", str(port)]

    pages = {
        "first page": f"/api/v1/candidates/{world.candidate_id}/history?limit=100",
        "page at the middle (cursor)": (
            f"/api/v1/candidates/{world.candidate_id}/history?limit=100&cursor={world.events // 2}"
        ),
    }
    found: dict[str, Any] = {}
    with serving(
        command, {"RECRUITFLOW_DATABASE_URL": url}, workers=1, log=scratch / "history.log"
    ) as server:
        for name, path in pages.items():
            env = {"BENCH_PATH": path, "BENCH_TOKEN": world.secretary_token}
            for count in clients:
                warm = scratch / "warm.json"
                run_wrk(server.url, "get.lua", clients=count, seconds=1, env=env, out=warm)
                load = wait_for_quiet(max_wait=20)
                before = CpuSample.take(server.process.pid, None)
                result = run_wrk(
                    server.url,
                    "get.lua",
                    clients=count,
                    seconds=seconds,
                    env=env,
                    out=scratch / "get.json",
                )
                server_s = ticks_to_seconds(
                    CpuSample.take(server.process.pid, None).server - before.server
                )
                summary = result.summary
                kind = summary["kinds"]["get"]
                if kind["ok"] != kind["count"]:
                    raise RuntimeError(f"{path}: {summary['samples']}")
                found[f"{name}, {count} connection(s)"] = {
                    "requests_per_s": summary["requests"] / summary["duration_s"],
                    "p50_ms": kind["p50_ms"],
                    "p99_ms": kind["p99_ms"],
                    "server_cpu_ms_per_request": server_s / summary["requests"] * 1000,
                    "machine_load_before_cores": round(load, 2),
                }
    return found


def verification(engine: Engine, world: LongHistory) -> dict[str, Any]:
    """service.app.audit's verifier, run as an admin over every chain."""
    from service.app.audit.verify import verify
    from service.app.principals import authenticate

    actor = authenticate(engine, world.admin_token)
    assert actor is not None
    started = time.perf_counter()
    report = verify(engine, actor)
    elapsed = time.perf_counter() - started
    return {
        "how": "service.app.audit.verify.verify(engine, admin)",
        "events": report.events_checked,
        "seconds": elapsed,
        "events_per_s": report.events_checked / elapsed,
        "ok": report.first_broken is None,
    }


def page_in_process(
    engine: Engine, world: LongHistory, *, repeats: int = 7, loops: int = 50
) -> dict[str, Any]:
    """A page half-way in, built in-process: the route's use case and the body it answers."""
    from service.app.acts import candidate_history
    from service.app.principals import authenticate

    actor = authenticate(engine, world.secretary_token)
    assert actor is not None
    middle = world.events // 2
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(loops):
            page = candidate_history(engine, actor, world.candidate_id, after_seq=middle, limit=100)
            orjson.dumps({"items": page.items, "next_cursor": page.next_cursor})
        samples.append((time.perf_counter() - started) / loops * 1000)
    return {"median_ms": statistics.median(samples), "min_ms": min(samples)}


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def export(url: str, world: LongHistory, *, scratch: Path) -> dict[str, Any]:
    settings_env = {"RECRUITFLOW_DATABASE_URL": url}

    def command(port: int) -> list[str]:
        return [str(VENV_BIN / "recruitflow"), "serve", "--port", str(port)]

    found: dict[str, Any] = {}
    with serving(command, settings_env, workers=1, log=scratch / "export.log") as server:
        for fmt in ("jsonl", "csv"):
            before = _peak_rss_mb(server.process.pid)
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
            started = time.perf_counter()
            connection.request(
                "GET",
                f"{EXPORT_PATH}?format={fmt}",
                headers={"Authorization": f"Bearer {world.admin_token}"},
            )
            response = connection.getresponse()
            lines = size = 0
            while chunk := response.read(1 << 20):
                lines += chunk.count(b"\n")
                size += len(chunk)
            elapsed = time.perf_counter() - started
            connection.close()
            found[fmt] = {
                "status": response.status,
                "lines": lines,
                "megabytes": size / 1e6,
                "seconds": elapsed,
                "events_per_s": lines / elapsed,
                "server_peak_rss_mb_before": before,
                "server_peak_rss_mb_after": _peak_rss_mb(server.process.pid),
            }
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.micro_history", description=__doc__)
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--parts", default=",".join(PARTS), help="comma-separated")
    parser.add_argument(
        "--clients", default="1,4", help="comma-separated numbers of concurrent clients (history)"
    )
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    pg_url = next((os.environ[v] for v in PG_URL_VARIABLES if os.environ.get(v)), None)
    if args.engine == "postgresql" and not pg_url:
        parser.error("set RECRUITFLOW_BENCH_PG_URL for PostgreSQL")
    results: dict[str, Any] = {"engine": args.engine, "events": args.events}
    with tempfile.TemporaryDirectory(prefix="recruitflow-history-") as directory:
        scratch = Path(directory)
        databases = (
            SqliteDatabases(scratch) if args.engine == "sqlite" else PostgresDatabases(pg_url or "")
        )
        try:
            url = (
                databases.create("history")
                if isinstance(databases, PostgresDatabases)
                else databases.url("history")
            )
            upgrade(url)
            engine = make_engine(url)
            started = time.perf_counter()
            world = seed_long_history(engine, Settings(database_url=url), events=args.events)
            results["seeding_s"] = time.perf_counter() - started
            say(f"seeded {world.events} events in {results['seeding_s']:.0f} s")
            if "verify" in parts:
                results["verification"] = verification(engine, world)
                say(f"verification: {json.dumps(results['verification'])}")
            if "page" in parts:
                results["page in-process"] = page_in_process(engine, world)
                say(f"page in-process: {json.dumps(results['page in-process'])}")
            engine.dispose()
            if "history" in parts:
                clients = [int(count) for count in args.clients.split(",")]
                latency = history_latency(
                    url, world, seconds=args.seconds, clients=clients, scratch=scratch
                )
                results["history"] = latency
                say(f"history: {json.dumps(latency, ensure_ascii=False)}")
            if "export" in parts:
                results["export"] = export(url, world, scratch=scratch)
                say(f"export: {json.dumps(results['export'])}")
        finally:
            databases.close()
    RESULTS.mkdir(exist_ok=True)
    suffix = "" if parts == set(PARTS) else "-" + "-".join(sorted(parts))
    (RESULTS / f"micro-history-{args.engine}{suffix}.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
