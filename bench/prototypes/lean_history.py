"""Prototype: one page of a candidate's history as response bytes, without ORM objects or
pydantic: one Core query, stored canonical JSON passed through as `orjson.Fragment`s, one
`orjson.dumps`. The body has the fields and order of HistoryPageOut."""

from __future__ import annotations

from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from service.adapters.tables import HistoryEvent
from service.app.history import recorded_at_text

EVENT: sa.Table = HistoryEvent.__table__  # type: ignore[attr-defined]
_PAGE = (
    sa.select(EVENT)
    .where(
        EVENT.c.candidate_id == sa.bindparam("candidate_id"),
        EVENT.c.seq > sa.bindparam("after_seq"),
    )
    .order_by(EVENT.c.seq)
    .limit(sa.bindparam("rows"))
)


def _event(row: Any) -> dict[str, Any]:
    fragment = orjson.Fragment
    return {
        "candidate_id": row.candidate_id,
        "seq": row.seq,
        "global_seq": row.global_seq,
        "trigger": row.trigger,
        "from_state": row.from_state,
        "to_state": row.to_state,
        "outcome": row.outcome,
        "actor": {"id": row.actor_id, "name": row.actor_name, "role": row.actor_role},
        "organization_id": row.organization_id,
        "effective_date": row.effective_date.isoformat(),
        "recorded_at": recorded_at_text(row.recorded_at),
        "evidence": fragment(row.evidence),
        "violations": fragment(row.violations),
        "warnings": fragment(row.warnings),
        "notes": fragment(row.notes),
        "rule_profile": row.rule_profile,
        "definition_hash": row.definition_hash,
        "imported": row.imported,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
        "global_prev_hash": row.global_prev_hash,
        "global_hash": row.global_hash,
    }


def history_page_json(
    engine: Engine, candidate_id: int, *, after_seq: int = 0, limit: int = 100
) -> bytes:
    with engine.connect() as connection:
        rows = connection.execute(
            _PAGE, {"candidate_id": candidate_id, "after_seq": after_seq, "rows": limit + 1}
        ).all()
    items = rows[:limit]
    cursor = str(items[-1].seq) if len(rows) > limit and items else None
    return orjson.dumps({"items": [_event(row) for row in items], "next_cursor": cursor})
