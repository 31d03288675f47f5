"""The hash chains over the history: one per candidate, one over all events.

An event's `hash` is SHA-256 over the canonical JSON of its content and the previous hash of
its candidate's chain; its `global_hash` links that hash into the chain over every event. The
same functions serve the writer, the verifier and the offline check of an exported file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import orjson

GENESIS = "0" * 64

# The fields an event's hash covers, in the exported form (JSON objects, ISO dates).
HASHED_FIELDS = (
    "candidate_id",
    "seq",
    "trigger",
    "from_state",
    "to_state",
    "outcome",
    "actor",
    "organization_id",
    "effective_date",
    "recorded_at",
    "evidence",
    "violations",
    "warnings",
    "notes",
    "rule_profile",
    "definition_hash",
    "imported",
    "prev_hash",
)


def canonical(data: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the bytes every hash is taken over."""
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


def canonical_text(data: Any) -> str:
    return canonical(data).decode("utf-8")


def event_hash(content: Mapping[str, Any]) -> str:
    """The hash of one event from its exported form (it must hold every HASHED_FIELDS key)."""
    payload = {name: content[name] for name in HASHED_FIELDS}
    return hashlib.sha256(canonical(payload)).hexdigest()


def global_hash(*, global_prev_hash: str, global_seq: int, event_hash_hex: str) -> str:
    text = f"{global_prev_hash}:{global_seq}:{event_hash_hex}"
    return hashlib.sha256(text.encode("ascii")).hexdigest()
