"""Where a use case that writes runs: on the event loop when SQLite is free, else in a thread.

A SQLite database takes one writer at a time, and the service already queues its own writes
on an in-process lock (service.db.UnitOfWork). Handing a write to a worker thread and back
cost more CPU than the act itself on the benchmark machine (bench/README.md: an act is
≈ 0.26 ms in-process, ≈ 0.43 ms through a thread, and the act load ran 35 % faster without
the hand-off). So when nothing else of this process is writing and no other process holds
the database's write lock, the write runs right here, on the event loop, with `wait=False`;
if either is taken it raises WriterBusy before doing anything, and the write goes to the
threadpool to wait its turn there. The event loop never waits on a lock.

PostgreSQL writes always go to the threadpool: they wait on the network and on row locks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from service.adapters.database import WriterBusy, is_sqlite

T = TypeVar("T")


async def run_write(engine: Engine, write: Callable[[bool], T]) -> T:
    """`write(wait)`: the use case, told whether it may wait for the database's write lock."""
    if is_sqlite(engine):
        try:
            return write(False)
        except WriterBusy:
            pass
    return await run_in_threadpool(write, True)
