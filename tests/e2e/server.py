"""Starts the real service (migrate, then uvicorn) on a free port, as a user would, and stops it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

ADMIN_TOKEN = "e2e-admin-token-0123456789abcdefghijklmnopqrstuvwxyz"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "service.cli", *args]


@contextmanager
def running_service(
    database_url: str, *, workers: int = 1, startup_seconds: float = 30
) -> Iterator[str]:
    """The base URL of a migrated, started service; terminated and awaited on exit."""
    env = {
        **os.environ,
        "RECRUITFLOW_DATABASE_URL": database_url,
        "RECRUITFLOW_ADMIN_TOKEN": ADMIN_TOKEN,
        "RECRUITFLOW_LOG_LEVEL": "WARNING",
    }
    subprocess.run(_cli("migrate"), env=env, check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(
        _cli("serve", "--port", str(port), "--workers", str(workers)),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_seconds
        while True:
            try:
                if httpx.get(f"{base_url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the service did not start (exit code {process.poll()})")
            time.sleep(0.1)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
