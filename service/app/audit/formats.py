"""The exported forms of an event (a JSON line, a CSV row) and of the final line with the chain
heads; each decodes back to exactly what it was made from, so the offline check can demand that
every line be in the one form the service writes.

The final line carries `sha256`: the digest of every byte before it and of the final record's
canonical JSON without that key; its keys sort before "sha256", so the line stays canonical.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Mapping, Sequence
from typing import Any

import orjson

from service.app.audit.hashes import HASHED_FIELDS, canonical
from service.app.history import EVENT_COLUMNS

FORMAT = "recruitflow-audit-export/1"
CHAIN_FIELDS = ("hash", "global_seq", "global_prev_hash", "global_hash")
EVENT_FIELDS = frozenset((*HASHED_FIELDS, *CHAIN_FIELDS))
CSV_BOM = "\ufeff"
CSV_TERMINATOR = "\r\n"
CSV_HEADS_MARK = "chain_heads"
# One column per stored history column, in the order the service keeps them.
CSV_COLUMNS = EVENT_COLUMNS
_INTEGERS = ("candidate_id", "seq", "global_seq", "organization_id")
_JSON = ("evidence", "violations", "warnings", "notes")
_OPTIONAL_TEXT = ("from_state", "to_state")
# Spreadsheets run cells starting with these as formulas; a leading apostrophe defuses them and
# is removed again on reading, so the hash still sees the name as it was recorded.
_FORMULA_STARTS = ("=", "+", "-", "@", "'")
_CELLS = operator.itemgetter(*CSV_COLUMNS)
_TO_QUOTE = re.compile('[",\r\n]').search


class NotInExportForm(ValueError):
    """A line that is not exactly what the service writes (edited, or not an export)."""


def json_line(content: Mapping[str, Any]) -> bytes:
    return canonical(content) + b"\n"


def csv_cells(content: Mapping[str, Any]) -> list[str]:
    actor = content["actor"]
    name = actor["name"]
    cells = {
        **content,
        **{key: canonical(content[key]).decode("utf-8") for key in _JSON},
        **{key: content[key] or "" for key in _OPTIONAL_TEXT},
        "actor_id": "" if actor["id"] is None else actor["id"],
        "actor_name": f"'{name}" if name.startswith(_FORMULA_STARTS) else name,
        "actor_role": actor["role"],
        "imported": "true" if content["imported"] else "false",
    }
    return list(map(str, _CELLS(cells)))


def csv_row(cells: Sequence[str]) -> str:
    """One row as `csv.writer` writes it (quotes only where needed, CRLF), in a fraction of
    the time."""
    quoted = ['"' + cell.replace('"', '""') + '"' if _TO_QUOTE(cell) else cell for cell in cells]
    return ",".join(quoted) + CSV_TERMINATOR


def csv_header() -> str:
    return CSV_BOM + csv_row(CSV_COLUMNS)


def content_of_json_line(raw: bytes) -> dict[str, Any]:
    """The event of one JSON line, which must be byte for byte what `json_line` writes."""
    try:
        content = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise NotInExportForm("not valid JSON") from error
    if not isinstance(content, dict) or set(content) != EVENT_FIELDS:
        raise NotInExportForm("not an event: its fields are not an event's fields")
    if not all(isinstance(content[key], int) for key in _INTEGERS) or not all(
        isinstance(content[key], str) for key in ("prev_hash", *CHAIN_FIELDS) if key != "global_seq"
    ):
        raise NotInExportForm("not an event: a number or a hash has the wrong type")
    if json_line(content) != raw:
        raise NotInExportForm("not in the canonical form the service writes")
    return content


def content_of_csv_row(cells: Sequence[str], raw: str) -> dict[str, Any]:
    """The event of one CSV row, which must be exactly what `csv_cells` and `csv_row` write."""
    if len(cells) != len(CSV_COLUMNS):
        raise NotInExportForm(f"{len(cells)} cells where an event has {len(CSV_COLUMNS)}")
    cell = dict(zip(CSV_COLUMNS, cells, strict=True))
    try:
        content: dict[str, Any] = {
            **{key: int(cell[key]) for key in _INTEGERS},
            **{key: orjson.loads(cell[key]) for key in _JSON},
            **{key: cell[key] or None for key in _OPTIONAL_TEXT},
        }
    except (ValueError, orjson.JSONDecodeError) as error:
        raise NotInExportForm(f"a cell does not decode: {error}") from error
    name = cell["actor_name"]
    content["actor"] = {
        "id": int(cell["actor_id"]) if cell["actor_id"].isdigit() else None,
        "name": name[1:] if name.startswith("'") else name,
        "role": cell["actor_role"],
    }
    content["imported"] = cell["imported"] == "true"
    for key in (
        "trigger",
        "outcome",
        "effective_date",
        "recorded_at",
        "rule_profile",
        "definition_hash",
        "prev_hash",
        "hash",
        "global_prev_hash",
        "global_hash",
    ):
        content[key] = cell[key]
    if csv_row(csv_cells(content)) != raw:
        raise NotInExportForm("not in the form the service writes")
    return content


def heads_tail(
    *, events: int, exported_at: str, filters: Mapping[str, Any], global_head: Mapping[str, Any]
) -> bytes:
    """The canonical JSON of the final record after its `candidate_heads` array, up to (not
    including) the closing brace: `,"events":…,"global_head":{…}`."""
    rest = canonical(
        {
            "events": events,
            "exported_at": exported_at,
            "filters": dict(filters),
            "format": FORMAT,
            "global_head": dict(global_head),
        }
    )
    return b"," + rest[1:-1]
