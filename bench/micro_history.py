"""Micro-benchmarks over one candidate with a very long history (1,000,000 events by default):
reading a page of it, verifying the chains, exporting it.

    .venv/bin/python -m bench.micro_history --engine sqlite [--events 1000000]
    RECRUITFLOW_BENCH_PG_URL=postgresql://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m bench.micro_history --engine postgresql

- history: `GET /api/v1/candidates/{id}/history?limit=100`, first page and a page half-way in
  (cursor), on the real server (`recruitflow serve`), one connection, wrk latency percentiles;
- verification: service.audit's verifier when it exists, else the chains recomputed over rows
  streamed with SQLAlchemy Core (event_hash of event_content, both links, seq without gaps);
- export: `GET /api/v1/audit/export?format=jsonl` streamed to the end when the route exists:
  events/s and the server's peak RSS (VmHWM).
"""

from __future__ import annotations

import argparse
import http.client
import inspect
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bench.databases import PostgresDatabases, SqliteDatabases
from bench.harness import VENV_BIN, run_wrk, serving
from bench.history_seed import LongHistory, seed_long_history
from bench.run import PG_URL_VARIABLES, RESULTS, say
from service.chain import GENESIS, event_hash, global_hash
from service.db import make_engine
from service.history import event_content
from service.migrate import upgrade
from service.persistence.models import HistoryEvent
from service.settings import Settings

EXPORT_PATH = "/api/v1/audit/export"


def history_latency(url: str, world: LongHistory, *, seconds: int, scratch: Path) -> dict[str, Any]:
    def command(port: int) -> list[str]:
        return [str(VENV_BIN / "recruitflow"), "serve", "--port", str(port)]

    pages = {
        "first page": f"/api/v1/candidates/{world.candidate_id}/history?limit=100",
        "page at the middle (cursor)": (
            f"/api/v1/candidates/{world.candidate_id}/history?limit=100&cursor={world.events // 2}"
        ),
    }
    found: dict[str, Any] = {}
    with serving(command, {"RECRUITFLOW_DATABASE_URL": url}, workers=1, log=scratch / "history.log") as server:
        for name, path in pages.items():
            for clients in (1, 4):
                env = {"BENCH_PATH": path, "BENCH_TOKEN": world.secretary_token}
                run_wrk(server.url, "get.lua", clients=clients, seconds=1, env=env, out=scratch / "warm.json")
                result = run_wrk(server.url, "get.lua", clients=clients, seconds=seconds, env=env, out=scratch / "get.json")
                summary = result.summary
                kind = summary["kinds"]["get"]
                if kind["ok"] != kind["count"]:
                    raise RuntimeError(f"{path}: {summary['samples']}")
                found[f"{name}, {clients} connection(s)"] = {
                    "requests_per_s": summary["requests"] / summary["duration_s"],
                    "p50_ms": kind["p50_ms"],
                    "p99_ms": kind["p99_ms"],
                }
    return found


def recompute_chains(engine: Engine, *, batch: int = 10_000) -> dict[str, Any]:
    """Both chains of every event, recomputed from rows streamed with SQLAlchemy Core."""
    table = HistoryEvent.__table__
    heads: dict[int, tuple[int, str]] = {}
    global_head, checked, broken = GENESIS, 0, None
    started = time.perf_counter()
    with engine.connect() as connection:
        rows = connection.execution_options(stream_results=True, yield_per=batch).execute(
            sa.select(table).order_by(table.c.global_seq)  # type: ignore[attr-defined]
        )
        for row in rows:
            seq, head = heads.get(row.candidate_id, (0, GENESIS))
            expected_global = global_hash(
                global_prev_hash=global_head, global_seq=row.global_seq, event_hash_hex=row.hash
            )
            if broken is None and (
                row.seq != seq + 1
                or row.prev_hash != head
                or event_hash(event_content(row)) != row.hash
                or row.global_prev_hash != global_head
                or row.global_seq != checked + 1
                or row.global_hash != expected_global
            ):
                broken = {"candidate_id": row.candidate_id, "seq": row.seq}
            heads[row.candidate_id] = (row.seq, row.hash)
            global_head = row.global_hash
            checked += 1
    elapsed = time.perf_counter() - started
    return {"how": "recomputed with SQLAlchemy Core (no service.audit yet)", "events": checked,
            "seconds": elapsed, "events_per_s": checked / elapsed, "ok": broken is None}  # fmt: skip


def verification(engine: Engine) -> dict[str, Any]:
    try:
        from service import audit  # type: ignore[attr-defined]
    except ImportError:
        return recompute_chains(engine)
    verify = getattr(audit, "verify", None)
    if verify is None:
        return recompute_chains(engine)
    parameters = list(inspect.signature(verify).parameters)
    started = time.perf_counter()
    report = verify(engine)
    elapsed = time.perf_counter() - started
    checked = getattr(report, "events_checked", None) or (report.get("events_checked") if isinstance(report, dict) else None)
    return {"how": f"service.audit.verify({', '.join(parameters)})", "events": checked, "seconds": elapsed,
            "events_per_s": (checked or 0) / elapsed, "report": str(report)[:300]}  # fmt: skip


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def export(url: str, world: LongHistory, *, scratch: Path) -> dict[str, Any]:
    settings_env = {"RECRUITFLOW_DATABASE_URL": url}
    from service.main import create_app

    paths = {getattr(route, "path", "") for route in create_app(Settings(database_url=url)).routes}
    if EXPORT_PATH not in paths:
        return {"todo": f"{EXPORT_PATH} does not exist yet (issue 4); rerun when it does"}

    def command(port: int) -> list[str]:
        return [str(VENV_BIN / "recruitflow"), "serve", "--port", str(port)]

    found: dict[str, Any] = {}
    with serving(command, settings_env, workers=1, log=scratch / "export.log") as server:
        for fmt in ("jsonl", "csv"):
            before = _peak_rss_mb(server.process.pid)
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
            started = time.perf_counter()
            connection.request(
                "GET", f"{EXPORT_PATH}?format={fmt}", headers={"Authorization": f"Bearer {world.admin_token}"}
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
    args = parser.parse_args(argv)
    pg_url = next((os.environ[v] for v in PG_URL_VARIABLES if os.environ.get(v)), None)
    if args.engine == "postgresql" and not pg_url:
        parser.error("set RECRUITFLOW_BENCH_PG_URL for PostgreSQL")
    results: dict[str, Any] = {"engine": args.engine, "events": args.events}
    with tempfile.TemporaryDirectory(prefix="recruitflow-history-") as directory:
        scratch = Path(directory)
        databases = SqliteDatabases(scratch) if args.engine == "sqlite" else PostgresDatabases(pg_url or "")
        try:
            url = databases.create("history") if isinstance(databases, PostgresDatabases) else databases.url("history")
            upgrade(url)
            engine = make_engine(url)
            started = time.perf_counter()
            world = seed_long_history(engine, Settings(database_url=url), events=args.events)
            results["seeding_s"] = time.perf_counter() - started
            say(f"seeded {world.events} events in {results['seeding_s']:.0f} s")
            results["verification"] = verification(engine)
            say(f"verification: {json.dumps(results['verification'])}")
            engine.dispose()
            results["history"] = history_latency(url, world, seconds=args.seconds, scratch=scratch)
            say(f"history: {json.dumps(results['history'], ensure_ascii=False)}")
            results["export"] = export(url, world, scratch=scratch)
            say(f"export: {json.dumps(results['export'])}")
        finally:
            databases.close()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"micro-history-{args.engine}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
