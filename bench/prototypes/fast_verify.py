"""Prototype: verifying both hash chains at full speed.

Rows come from the DBAPI cursor in batches (no SQLAlchemy row processing; a server-side cursor
on PostgreSQL), the stored canonical JSON columns go into the hashed payload as
`orjson.Fragment`s instead of being parsed and re-serialised, and the datetime is formatted as
service.app.history.recorded_at_text would. Same hashes as service.app.audit.hashes.event_hash.
"""

from __future__ import annotations

import hashlib
import time
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy.engine import Engine

from service.app.audit.hashes import GENESIS

_SELECT = (
    "SELECT candidate_id, seq, global_seq, trigger, from_state, to_state, outcome, actor_id, "
    "actor_name, actor_role, organization_id, effective_date, recorded_at, evidence, violations, "
    "warnings, notes, rule_profile, definition_hash, imported, prev_hash, hash, global_prev_hash, "
    "global_hash FROM history_event ORDER BY global_seq"
)


def _recorded_at(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds") + "Z"
    text = str(value).replace(" ", "T")
    return (text if "." in text else text + ".000000") + "Z"


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def verify(engine: Engine, *, batch: int = 20_000) -> dict[str, Any]:
    started = time.perf_counter()
    raw = engine.raw_connection()
    fragment, sha256, dumps, sort = (
        orjson.Fragment,
        hashlib.sha256,
        orjson.dumps,
        orjson.OPT_SORT_KEYS,
    )
    heads: dict[int, tuple[int, str]] = {}
    global_head, checked, broken = GENESIS, 0, None
    try:
        postgres = engine.dialect.name == "postgresql"
        cursor = raw.cursor(name="verify") if postgres else raw.cursor()
        cursor.execute(_SELECT)
        while rows := cursor.fetchmany(batch):
            for (candidate_id, seq, global_seq, trigger, from_state, to_state, outcome, actor_id,
                 actor_name, actor_role, organization_id, effective_date, recorded_at, evidence,
                 violations, warnings, notes, rule_profile, definition_hash, imported, prev_hash,
                 hash_hex, global_prev_hash, global_hash_hex) in rows:  # fmt: skip
                last_seq, head = heads.get(candidate_id, (0, GENESIS))
                payload = dumps(
                    {
                        "candidate_id": candidate_id,
                        "seq": seq,
                        "trigger": trigger,
                        "from_state": from_state,
                        "to_state": to_state,
                        "outcome": outcome,
                        "actor": {"id": actor_id, "name": actor_name, "role": actor_role},
                        "organization_id": organization_id,
                        "effective_date": _day(effective_date),
                        "recorded_at": _recorded_at(recorded_at),
                        "evidence": fragment(evidence),
                        "violations": fragment(violations),
                        "warnings": fragment(warnings),
                        "notes": fragment(notes),
                        "rule_profile": rule_profile,
                        "definition_hash": definition_hash,
                        "imported": bool(imported),
                        "prev_hash": prev_hash,
                    },
                    option=sort,
                )
                link = f"{global_head}:{global_seq}:{hash_hex}".encode("ascii")
                if broken is None and (
                    seq != last_seq + 1
                    or prev_hash != head
                    or sha256(payload).hexdigest() != hash_hex
                    or global_seq != checked + 1
                    or global_prev_hash != global_head
                    or sha256(link).hexdigest() != global_hash_hex
                ):
                    broken = {"candidate_id": candidate_id, "seq": seq}
                heads[candidate_id] = (seq, hash_hex)
                global_head = global_hash_hex
                checked += 1
        cursor.close()
    finally:
        raw.close()
    elapsed = time.perf_counter() - started
    return {"how": "prototype (bench/prototypes/fast_verify.py)", "events": checked,
            "seconds": elapsed, "events_per_s": checked / elapsed, "ok": broken is None,
            "first_broken": broken}  # fmt: skip
