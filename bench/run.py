"""`make bench`: acts against the service and the reference endpoint, side by side, loaded by
the same wrk client, on SQLite (1 process) and, given a PostgreSQL URL, on PostgreSQL with
1 and 2 workers. Results go to bench/results/acts-<time>.json and a table on stdout."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench import reference_app
from bench.databases import PostgresDatabases, SqliteDatabases
from bench.harness import (
    ROOT,
    VENV_BIN,
    CpuSample,
    WrkResult,
    run_wrk,
    serving,
    ticks_to_seconds,
    wait_for_quiet,
)
from bench.seed import SeededWorld, seed, write_plan
from service.adapters.clock import SystemClock
from service.adapters.database import make_engine
from service.adapters.migrations import upgrade
from service.settings import Settings

RESULTS = Path(__file__).resolve().parent / "results"
PG_URL_VARIABLES = ("RECRUITFLOW_BENCH_PG_URL", "RECRUITFLOW_TEST_PG_URL")

Databases = SqliteDatabases | PostgresDatabases


@dataclass(frozen=True)
class Options:
    seconds: int
    warmup: int
    clients: int
    candidates: int
    scratch: Path
    quiet_wait: float = 0.0
    rounds: int = 1


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def machine() -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line),
        "?",
    )
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "service"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "commit": commit + ("+uncommitted service/ changes" if dirty else ""),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _measure(
    url_of_server: str,
    server_pid: int,
    script: str,
    *,
    label: str,
    options: Options,
    env: dict[str, str],
    database: str | None,
) -> tuple[WrkResult, dict[str, float]]:
    scratch = options.scratch
    run_wrk(
        url_of_server,
        script,
        clients=options.clients,
        seconds=options.warmup,
        env={**env, "BENCH_PHASE": "warmup"},
        out=scratch / f"{label}-warmup.json",
    )
    load_before = wait_for_quiet(max_wait=options.quiet_wait) if options.quiet_wait else None
    before, started = CpuSample.take(server_pid, database), time.monotonic()
    result = run_wrk(
        url_of_server,
        script,
        clients=options.clients,
        seconds=options.seconds,
        env={**env, "BENCH_PHASE": "measure"},
        out=scratch / f"{label}.json",
    )
    after, elapsed = CpuSample.take(server_pid, database), time.monotonic() - started
    server = ticks_to_seconds(after.server - before.server)
    db = ticks_to_seconds(after.database_since(before))
    busy = ticks_to_seconds(after.machine - before.machine)
    steal = ticks_to_seconds(after.steal - before.steal)
    cpu = {
        "elapsed_s": elapsed,
        "server_cpu_s": server,
        "db_cpu_s": db,
        "client_cpu_s": result.client_cpu_s,
        "other_cpu_s": max(0.0, busy - server - db - result.client_cpu_s),
        "steal_s": steal,
        "load_before_cores": -1.0 if load_before is None else load_before,
    }
    return result, cpu


def _summarise(
    result: WrkResult, cpu: dict[str, float], *, target: str, engine: str, workers: int
) -> dict[str, Any]:
    summary = result.summary
    requests = summary["requests"]
    kinds = summary["kinds"]
    unexpected = sum(kind["count"] - kind["ok"] for kind in kinds.values())
    per_request = 1000 / requests if requests else 0.0
    return {
        "target": target,
        "engine": engine,
        "workers": workers,
        "requests": requests,
        "acts_per_s": requests / summary["duration_s"],
        "p50_ms": summary["latency_ms"]["p50"],
        "p90_ms": summary["latency_ms"]["p90"],
        "p99_ms": summary["latency_ms"]["p99"],
        "server_cpu_ms_per_act": cpu["server_cpu_s"] * per_request,
        "db_cpu_ms_per_act": cpu["db_cpu_s"] * per_request,
        "client_cpu_ms_per_act": cpu["client_cpu_s"] * per_request,
        "server_cores": cpu["server_cpu_s"] / cpu["elapsed_s"],
        "db_cores": cpu["db_cpu_s"] / cpu["elapsed_s"],
        "other_cores": cpu["other_cpu_s"] / cpu["elapsed_s"],
        "steal_cores": cpu["steal_s"] / cpu["elapsed_s"],
        "load_before_cores": cpu["load_before_cores"],
        "unexpected": unexpected,
        "kinds": kinds,
        "socket_errors": summary["errors"],
        "wrk_latency_ms": summary["wrk_latency_ms"],
        "samples": list(summary["samples"] or []),
    }


def run_reference(
    databases: Databases, *, engine: str, workers: int, mode: str, options: Options
) -> dict[str, Any]:
    name = f"reference_{mode}_w{workers}"
    if isinstance(databases, PostgresDatabases):
        url = databases.create(name)
    else:
        url = databases.url(name)
    reference_app.prepare(url)
    env = {
        "BENCH_REFERENCE_URL": url,
        "BENCH_REFERENCE_MODE": mode,
        "BENCH_REFERENCE_ITEMS": str(reference_app.ITEMS),
    }

    def command(port: int) -> list[str]:
        return [
            str(VENV_BIN / "uvicorn"),
            "bench.reference_app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-access-log",
        ]

    try:
        with serving(command, env, workers=workers, log=options.scratch / f"{name}.log") as server:
            result, cpu = _measure(
                server.url,
                server.process.pid,
                "reference.lua",
                label=name,
                options=options,
                env=env,
                database=databases.database_name(url),
            )
    finally:
        databases.drop(name)
    return {
        **_summarise(result, cpu, target=f"reference ({mode})", engine=engine, workers=workers),
        "mode": mode,
    }


def seed_template(databases: Databases, options: Options) -> tuple[str, SeededWorld]:
    if isinstance(databases, PostgresDatabases):
        url = databases.create("template")
    else:
        url = databases.url("template")
    upgrade(url)
    engine = make_engine(url)
    started = time.monotonic()
    try:
        world = seed(engine, Settings(database_url=url), candidates=options.candidates)
    finally:
        engine.dispose()
    elapsed = time.monotonic() - started
    say(f"  seeded {len(world.candidates)} candidates with {world.acts} acts in {elapsed:.1f} s")
    return "template", world


def service_command(port: int, workers: int) -> list[str]:
    """The service as users run it: `recruitflow serve` (service.main:create_served_app)."""
    return [
        str(VENV_BIN / "recruitflow"),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]


def run_service(
    databases: Databases,
    template: str,
    plan: Path,
    *,
    engine: str,
    workers: int,
    options: Options,
) -> dict[str, Any]:
    name = f"service_w{workers}"
    url = databases.clone(template, name)
    env = {"RECRUITFLOW_DATABASE_URL": url, "BENCH_PLAN": str(plan)}
    try:
        with serving(
            lambda port: service_command(port, workers),
            env,
            workers=workers,
            log=options.scratch / f"{name}.log",
        ) as server:
            result, cpu = _measure(
                server.url,
                server.process.pid,
                "acts.lua",
                label=name,
                options=options,
                env=env,
                database=databases.database_name(url),
            )
        record_bytes = _average_record_bytes(url)
    finally:
        databases.drop(name)
    return {
        **_summarise(result, cpu, target="service", engine=engine, workers=workers),
        "record_bytes_avg": record_bytes,
    }


def _average_record_bytes(url: str) -> float:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            value = connection.execute(
                sa.text("SELECT avg(length(record)) FROM candidate")
            ).scalar()
    finally:
        engine.dispose()
    return float(value or 0)


def _suite(
    databases: Databases, *, engine: str, workers: list[int], modes: list[str], options: Options
) -> list[dict[str, Any]]:
    say(f"{engine}: seeding the template")
    template, world = seed_template(databases, options)
    plan = options.scratch / f"plan-{engine}.lua"
    write_plan(world, plan, clients=options.clients, today=SystemClock().today())
    runs = []
    for count in workers:
        # Round by round, the references and then the service: on a VM whose speed drifts
        # (bench/README.md, "Machine"), each ratio is taken within one round.
        for round_ in range(1, options.rounds + 1):
            of = f", round {round_}/{options.rounds}" if options.rounds > 1 else ""
            for mode in modes:
                say(f"{engine}, {count} worker(s){of}: reference ({mode})")
                runs.append(
                    run_reference(
                        databases, engine=engine, workers=count, mode=mode, options=options
                    )
                    | {"round": round_}
                )
                _report_run(runs[-1])
            say(f"{engine}, {count} worker(s){of}: service")
            runs.append(
                run_service(
                    databases, template, plan, engine=engine, workers=count, options=options
                )
                | {"round": round_}
            )
            _report_run(runs[-1])
    return runs


def _report_run(run: dict[str, Any]) -> None:
    say(
        f"  {run['acts_per_s']:.0f}/s p50 {run['p50_ms']:.1f} ms p99 {run['p99_ms']:.1f} ms, "
        f"server {run['server_cpu_ms_per_act']:.2f} ms CPU/act, "
        f"other load {run['other_cores']:.2f} cores, stolen {run['steal_cores']:.2f} cores"
    )
    if run["unexpected"]:
        say(f"  WARNING: {run['unexpected']} unexpected responses, e.g. {run['samples'][:2]}")


def _setup(run: dict[str, Any]) -> tuple[str, int, int]:
    return run["engine"], run["workers"], run.get("round", 1)


def ratios(runs: list[dict[str, Any]]) -> None:
    """Each service run against the fastest reference of the same engine, workers and round."""
    for run in runs:
        if run["target"] != "service":
            continue
        references = [r for r in runs if r["target"] != "service" and _setup(r) == _setup(run)]
        if references:
            best = max(references, key=lambda r: r["acts_per_s"])
            run["reference"] = best["target"]
            run["ratio_to_reference"] = run["acts_per_s"] / best["acts_per_s"]


def table(runs: list[dict[str, Any]]) -> str:
    head = (
        "| engine | workers | round | endpoint | acts/s | p50 ms | p99 ms | server CPU ms/act "
        "| DB CPU ms/act | × reference | stolen cores |\n" + "|---" * 11 + "|"
    )
    rows = []
    for r in runs:
        database = f"{r['db_cpu_ms_per_act']:.2f}" if r["engine"] == "postgresql" else "–"
        ratio = f"{r['ratio_to_reference']:.2f}" if "ratio_to_reference" in r else ""
        rows.append(
            f"| {r['engine']} | {r['workers']} | {r.get('round', 1)} | {r['target']} "
            f"| {r['acts_per_s']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} "
            f"| {r['server_cpu_ms_per_act']:.2f} | {database} | {ratio} | {r['steal_cores']:.2f} |"
        )
    return "\n".join([head, *rows])


def _spread(runs: list[dict[str, Any]], key: str, digits: int) -> str:
    """The median of `key` over `runs`, and its range."""
    values = sorted(r[key] for r in runs if key in r)
    if not values:
        return ""
    middle = statistics.median(values)
    return f"{middle:.{digits}f} ({values[0]:.{digits}f}–{values[-1]:.{digits}f})"


def summary(runs: list[dict[str, Any]]) -> str:
    """Per engine and workers over the rounds: the service's median and range."""
    head = (
        "| engine | workers | rounds | service acts/s | ÷ reference acts/s | p99 ms "
        "| server CPU ms/act |\n|---|---|---|---|---|---|---|"
    )
    by_setup: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for run in runs:
        if run["target"] == "service":
            by_setup.setdefault((run["engine"], run["workers"]), []).append(run)
    rows = [
        f"| {engine} | {workers} | {len(service)} | {_spread(service, 'acts_per_s', 0)} "
        f"| {_spread(service, 'ratio_to_reference', 2)} | {_spread(service, 'p99_ms', 1)} "
        f"| {_spread(service, 'server_cpu_ms_per_act', 2)} |"
        for (engine, workers), service in by_setup.items()
    ]
    return "\n".join([head, *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.run", description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds per run")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up seconds per run")
    parser.add_argument("--clients", type=int, default=16, help="concurrent connections")
    parser.add_argument("--candidates", type=int, default=1000, help="candidates seeded per engine")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=60.0,
        help="seconds to wait for other load to pass before each run",
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="runs of each setup, references and service"
    )
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--pg-workers", default="1,2")
    parser.add_argument(
        "--pg-url",
        default=next((os.environ[v] for v in PG_URL_VARIABLES if os.environ.get(v)), None),
    )
    args = parser.parse_args(argv)
    engines = args.engines.split(",")
    RESULTS.mkdir(exist_ok=True)
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="recruitflow-bench-") as scratch:
        options = Options(
            args.seconds,
            args.warmup,
            args.clients,
            args.candidates,
            Path(scratch),
            args.quiet_wait,
            args.rounds,
        )
        suites: list[tuple[str, Callable[[], Databases], list[int], list[str]]] = []
        if "sqlite" in engines:
            suites.append(
                ("sqlite", lambda: SqliteDatabases(options.scratch), [1], ["plain", "serialised"])
            )
        if "postgresql" in engines:
            if args.pg_url:
                workers = [int(w) for w in args.pg_workers.split(",")]
                suites.append(
                    ("postgresql", lambda: PostgresDatabases(args.pg_url), workers, ["plain"])
                )
            else:
                say("postgresql: skipped (set RECRUITFLOW_BENCH_PG_URL or RECRUITFLOW_TEST_PG_URL)")
        for engine, databases_of, workers, modes in suites:
            databases = databases_of()
            try:
                runs += _suite(
                    databases, engine=engine, workers=workers, modes=modes, options=options
                )
            finally:
                databases.close()
    ratios(runs)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    output = RESULTS / f"acts-{stamp}.json"
    parameters = {k: v for k, v in vars(args).items() if k != "pg_url"}
    output.write_text(
        json.dumps({"machine": machine(), "parameters": parameters, "runs": runs}, indent=2) + "\n"
    )
    say("")
    say(table(runs))
    say("")
    say(summary(runs))
    say(f"\nwrote {output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
