"""The reference endpoint: a plain FastAPI `def` route doing a SQLModel read-modify-write + commit.

It is what a naive build of one act costs (no rules, no history), served by uvicorn the same way
as the service and loaded by the same client, so the service's figures are ratios to it.
Configured by environment variables, since uvicorn's `--factory` passes no arguments:
`BENCH_REFERENCE_URL` (SQLite file or PostgreSQL) and `BENCH_REFERENCE_MODE` (`plain`, or
`serialised` to queue SQLite writers on an in-process lock instead of SQLite's busy handler).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, ConfigDict, Field, NaiveDatetime
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Field as ModelField
from sqlmodel import Session, SQLModel

ITEMS = 1000


class Item(SQLModel, table=True):
    __tablename__ = "bench_item"

    id: int | None = ModelField(default=None, primary_key=True)
    name: str = ModelField(max_length=100)
    state: str = ModelField(max_length=40)
    total: int = 0
    version: int = 1
    note: str = ModelField(default="", max_length=2000)
    updated_at: NaiveDatetime


class BumpIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: int = Field(ge=1, le=100)
    note: str = Field(min_length=1, max_length=2000)


class ItemOut(BaseModel):
    id: int
    name: str
    state: str
    total: int
    version: int
    note: str
    updated_at: NaiveDatetime


def reference_engine(url: str) -> Engine:
    """A plain engine: SQLite in WAL mode with a busy timeout, or a pool like the service's."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = sa.create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return sa.create_engine(parsed, pool_size=10, max_overflow=5, pool_pre_ping=True)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def prepare(url: str, *, items: int = ITEMS) -> None:
    """Create the table and its rows (run once before serving)."""
    engine = reference_engine(url)
    SQLModel.metadata.create_all(engine, tables=[Item.__table__])  # type: ignore[attr-defined]
    now = datetime.now(UTC).replace(tzinfo=None)
    with Session(engine) as session:
        for number in range(1, items + 1):
            session.add(Item(id=number, name=f"item {number}", state="open", updated_at=now))
        session.commit()
    engine.dispose()


def create_app() -> FastAPI:
    engine = reference_engine(os.environ["BENCH_REFERENCE_URL"])
    serialised = os.environ.get("BENCH_REFERENCE_MODE", "plain") == "serialised"
    write_lock = threading.Lock()

    @contextlib.contextmanager
    def writing() -> Iterator[None]:
        if serialised:
            with write_lock:
                yield
        else:
            yield

    app = FastAPI(title="recruitflow bench reference")

    @app.post("/items/{item_id}/bump")
    def bump(item_id: int, body: BumpIn) -> ItemOut:
        with writing(), Session(engine) as session:
            item = session.get(Item, item_id)
            if item is None:
                raise HTTPException(status_code=404, detail="no such item")
            item.total += body.amount
            item.version += 1
            item.note = body.note
            item.updated_at = datetime.now(UTC).replace(tzinfo=None)
            session.add(item)
            session.commit()
            session.refresh(item)
            return ItemOut.model_validate(item, from_attributes=True)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
