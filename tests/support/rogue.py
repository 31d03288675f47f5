"""What a rogue database administrator can do to the history: drop the append-only guard, then
edit, delete, reorder, or rewrite whole chains with freshly computed hashes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from service.app.audit.events import EVENTS
from service.app.audit.hashes import GENESIS, event_hash, global_hash
from service.app.history import event_content

_DROP_GUARD = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS history_event_no_update",
        "DROP TRIGGER IF EXISTS history_event_no_delete",
    ),
    "postgresql": ("DROP TRIGGER IF EXISTS history_event_no_change ON history_event",),
}


@contextmanager
def unguarded(engine: Engine) -> Iterator[Connection]:
    """A transaction on the database with the append-only triggers dropped."""
    with engine.begin() as connection:
        for statement in _DROP_GUARD[engine.dialect.name]:
            connection.execute(sa.text(statement))
        yield connection


def edit_evidence(engine: Engine, *, candidate_id: int, seq: int, old: str, new: str) -> None:
    with unguarded(engine) as connection:
        where = {"candidate": candidate_id, "seq": seq}
        evidence = connection.execute(
            sa.text(
                "SELECT evidence FROM history_event WHERE candidate_id = :candidate AND seq = :seq"
            ),
            where,
        ).scalar_one()
        assert evidence.count(old) == 1
        assert len(old.encode()) == len(new.encode())
        connection.execute(
            sa.text(
                "UPDATE history_event SET evidence = :evidence"
                " WHERE candidate_id = :candidate AND seq = :seq"
            ),
            {**where, "evidence": evidence.replace(old, new)},
        )


def delete_event(engine: Engine, *, candidate_id: int, seq: int) -> None:
    with unguarded(engine) as connection:
        connection.execute(
            sa.text("DELETE FROM history_event WHERE candidate_id = :candidate AND seq = :seq"),
            {"candidate": candidate_id, "seq": seq},
        )


def swap(engine: Engine, column: str, *, where: str, first: int, second: int) -> None:
    """Swap the values `first` and `second` of `column` among the rows matching `where`."""
    with unguarded(engine) as connection:
        for old, new in ((first, -1), (second, first), (-1, second)):
            connection.execute(
                sa.text(
                    f"UPDATE history_event SET {column} = :new WHERE {column} = :old AND {where}"
                ),
                {"old": old, "new": new},
            )


def forge(engine: Engine, *, candidate_id: int, seq: int, evidence: dict[str, Any]) -> None:
    """Replace one event's evidence and recompute every hash after it, in both chains and the
    heads, as a forger who knows the hashing scheme would."""
    with unguarded(engine) as connection:
        rows = connection.execute(sa.select(EVENTS).order_by(EVENTS.c.global_seq)).all()
        candidate_heads: dict[int, str] = {}
        global_previous = GENESIS
        for row in rows:
            content = event_content(row)
            if (row.candidate_id, row.seq) == (candidate_id, seq):
                content["evidence"] = evidence
            content["prev_hash"] = candidate_heads.get(row.candidate_id, GENESIS)
            content["hash"] = event_hash(content)
            content["global_prev_hash"] = global_previous
            content["global_hash"] = global_hash(
                global_prev_hash=global_previous,
                global_seq=row.global_seq,
                event_hash_hex=content["hash"],
            )
            connection.execute(
                sa.text(
                    "UPDATE history_event SET evidence = :evidence, prev_hash = :prev_hash,"
                    " hash = :hash, global_prev_hash = :global_prev_hash,"
                    " global_hash = :global_hash WHERE id = :id"
                ),
                {
                    "id": row.id,
                    "evidence": orjson.dumps(
                        content["evidence"], option=orjson.OPT_SORT_KEYS
                    ).decode(),
                    **{
                        key: content[key]
                        for key in ("prev_hash", "hash", "global_prev_hash", "global_hash")
                    },
                },
            )
            candidate_heads[row.candidate_id] = content["hash"]
            global_previous = content["global_hash"]
        for candidate, head in candidate_heads.items():
            connection.execute(
                sa.text("UPDATE candidate SET chain_head = :head WHERE id = :id"),
                {"head": head, "id": candidate},
            )
        connection.execute(
            sa.text("UPDATE chain_head SET global_hash = :head WHERE id = 1"),
            {"head": global_previous},
        )
