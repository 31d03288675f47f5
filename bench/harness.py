"""Processes of a benchmark run: free ports, servers started and stopped by pid, wrk, and CPU
time read from /proc (server process trees, one database's PostgreSQL backends, the machine)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
LUA_DIR = Path(__file__).resolve().parent / "lua"
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name may hold spaces; the fields after it are fixed.
    return text[text.rindex(")") + 2 :].split()


def _cpu_ticks(pid: int) -> int:
    fields = _stat_fields(pid)
    return 0 if fields is None else int(fields[11]) + int(fields[12])


def descendants(root: int) -> list[int]:
    """`root` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat_fields(int(entry.name))) is not None:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, frontier = [root], [root]
    while frontier:
        frontier = [child for pid in frontier for child in children.get(pid, [])]
        found.extend(frontier)
    return found


def postgres_backends(database: str) -> list[int]:
    """Backends serving `database` (their process title names it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres: ") and f" {database} " in title:
            found.append(int(entry.name))
    return found


def machine_ticks() -> tuple[int, int]:
    """CPU ticks the machine's processes ran (user, nice, system, irq, softirq) and the ticks the
    hypervisor stole from this VM."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = values[:8]
    return user + nice + system + irq + softirq, steal


@dataclass
class CpuSample:
    server: int
    backends: dict[int, int]
    machine: int
    steal: int

    @classmethod
    def take(cls, server_pid: int, database: str | None) -> CpuSample:
        server = sum(_cpu_ticks(pid) for pid in descendants(server_pid))
        backends = postgres_backends(database) if database else []
        busy, steal = machine_ticks()
        return cls(server, {pid: _cpu_ticks(pid) for pid in backends}, busy, steal)

    def database_since(self, before: CpuSample) -> int:
        """Ticks of the backends alive now since `before` (a new backend counts from zero)."""
        return sum(ticks - before.backends.get(pid, 0) for pid, ticks in self.backends.items())


def wait_for_quiet(*, max_wait: float, threshold: float = 0.3, window: float = 2.0) -> float:
    """Wait (at most `max_wait` seconds) until the machine's processes use under `threshold`
    cores over a `window`, so other work on a shared machine stays out of a measurement.
    Returns the load of the last window, in cores."""
    deadline = time.monotonic() + max_wait
    while True:
        before, started = machine_ticks()[0], time.monotonic()
        time.sleep(window)
        cores = ticks_to_seconds(machine_ticks()[0] - before) / (time.monotonic() - started)
        if cores < threshold or time.monotonic() >= deadline:
            return cores


def ticks_to_seconds(ticks: int) -> float:
    return ticks / TICKS_PER_SECOND


class Server:
    """A server process started for one run; stopped by its own pid only."""

    def __init__(self, command: list[str], env: Mapping[str, str], *, port: int, log: Path) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._log = log.open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, *, workers: int, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"server exited with {self.process.returncode}; see {self._log.name}"
                )
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response,
            ):
                python_children = len(descendants(self.process.pid)) - 1
                if response.status == 200 and (workers == 1 or python_children >= workers):
                    return
            time.sleep(0.2)
        raise TimeoutError(f"server on {self.url} not ready; see {self._log.name}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()


@contextlib.contextmanager
def serving(
    command: Callable[[int], list[str]], env: Mapping[str, str], *, workers: int, log: Path
) -> Iterator[Server]:
    """A server on a free port, given `command(port)`, ready when yielded and stopped after."""
    port = free_port()
    server = Server(command(port), env, port=port, log=log)
    try:
        server.wait_ready(workers=workers)
        yield server
    finally:
        server.stop()


@dataclass
class WrkResult:
    summary: dict[str, Any]
    client_cpu_s: float


def run_wrk(
    url: str, script: str, *, clients: int, seconds: float, env: Mapping[str, str], out: Path
) -> WrkResult:
    """wrk with one connection per thread, so each thread's Lua state follows its own requests."""
    command = [
        "wrk",
        f"-t{clients}",
        f"-c{clients}",
        f"-d{round(seconds)}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA_DIR / script),
        url,
    ]
    variables = {**os.environ, **env, "BENCH_LUA_DIR": str(LUA_DIR), "BENCH_WRK_OUT": str(out)}
    log = out.with_suffix(".log")
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=variables, stdout=output, stderr=subprocess.STDOUT)
        # wait4 rather than wait: it returns the CPU time wrk itself used.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0 or not out.exists():
        raise RuntimeError(f"wrk failed ({process.returncode}):\n{log.read_text()}")
    return WrkResult(json.loads(out.read_text()), usage.ru_utime + usage.ru_stime)
