"""Streaming the filtered history as JSON lines or CSV, oldest first, with a final line holding
the chain heads and a digest of the file; memory stays flat whatever the number of events.

Everything is read in one snapshot (REPEATABLE READ on PostgreSQL, a read transaction in WAL
mode on SQLite), so the heads match the events even while others keep acting.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from service.adapters.database import UnitOfWork
from service.adapters.tables import Candidate, ChainHead
from service.app.actors import Actor
from service.app.audit.events import (
    EVENT_VALUES,
    EVENTS,
    EventQuery,
    EventScope,
    conditions,
    resolve,
)
from service.app.audit.formats import (
    CSV_HEADS_MARK,
    csv_cells,
    csv_header,
    csv_row,
    heads_tail,
    json_line,
)
from service.app.audit.hashes import canonical
from service.app.audit.rows import partitions, stored_events
from service.app.history import content_of

ExportFormat = Literal["jsonl", "csv"]
CANDIDATES: sa.Table = Candidate.__table__  # type: ignore[attr-defined]
HEAD: sa.Table = ChainHead.__table__  # type: ignore[attr-defined]


def export_events(
    engine: Engine, actor: Actor, query: EventQuery, *, format: ExportFormat, exported_at: str
) -> Iterator[bytes]:
    """Check access now (so refusals are ordinary errors), then stream chunks of the file."""
    with UnitOfWork(engine) as uow:
        scope = resolve(uow.session, actor, query)
    return _stream(engine, query, scope, format=format, exported_at=exported_at)


def _stream(
    engine: Engine, query: EventQuery, scope: EventScope, *, format: ExportFormat, exported_at: str
) -> Iterator[bytes]:
    where = conditions(query, scope)
    digest = hashlib.sha256()
    with UnitOfWork(engine, snapshot=True) as uow:
        connection = uow.connection
        head = connection.execute(sa.select(HEAD.c.global_seq, HEAD.c.global_hash)).one()
        if format == "csv":
            header = csv_header().encode("utf-8")
            digest.update(header)
            yield header
        events = 0
        statement = sa.select(*EVENT_VALUES).where(*where).order_by(EVENTS.c.global_seq)
        for rows in stored_events(connection, statement):
            contents = [content_of(row, raw=True) for row in rows]
            if format == "csv":
                chunk = "".join(map(csv_row, map(csv_cells, contents))).encode("utf-8")
            else:
                chunk = b"".join(map(json_line, contents))
            events += len(rows)
            digest.update(chunk)
            yield chunk
        heads = _candidate_heads(connection, where)
        global_head = {"global_hash": head.global_hash, "global_seq": head.global_seq}
        tail = heads_tail(
            events=events,
            exported_at=exported_at,
            filters=query.described(),
            global_head=global_head,
        )
        yield from _final_line(heads, tail, digest, csv=format == "csv")


def _candidate_heads(
    connection: Connection, where: list[sa.ColumnElement[bool]]
) -> Iterator[bytes]:
    """`[candidate_id, last_seq, chain_head, events exported]` of each candidate exported."""
    exported = (
        sa.select(EVENTS.c.candidate_id, sa.func.count().label("events"))
        .where(*where)
        .group_by(EVENTS.c.candidate_id)
        .subquery()
    )
    statement = (
        sa.select(
            CANDIDATES.c.id, CANDIDATES.c.last_seq, CANDIDATES.c.chain_head, exported.c.events
        )
        .join(exported, exported.c.candidate_id == CANDIDATES.c.id)
        .order_by(CANDIDATES.c.id)
    )
    for rows in partitions(connection, statement):
        yield b",".join(canonical(tuple(row)) for row in rows)


def _final_line(heads: Iterator[bytes], tail: bytes, digest: Any, *, csv: bool) -> Iterator[bytes]:
    """The final record, streamed: its digest covers the file before it and the record itself
    without `sha256`, the key that sorts last (so the line stays canonical JSON)."""

    def pieces() -> Iterator[bytes]:
        yield b'{"candidate_heads":['
        for index, chunk in enumerate(heads):
            yield chunk if index == 0 else b"," + chunk
        yield b"]" + tail

    if csv:
        yield f'{CSV_HEADS_MARK},"'.encode()
    for piece in pieces():
        digest.update(piece)
        yield _csv_quoted(piece) if csv else piece
    digest.update(b"}")
    end = b',"sha256":"' + digest.hexdigest().encode("ascii") + b'"}'
    yield _csv_quoted(end) + b'"\r\n' if csv else end + b"\n"


def _csv_quoted(piece: bytes) -> bytes:
    return piece.replace(b'"', b'""')
