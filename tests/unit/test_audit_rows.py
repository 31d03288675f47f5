"""History rows as the audit reads them from the driver: the stored text of SQLite (dates, 0/1)
must give the very bytes `content_of` gives for the parsed values, which the hashes cover."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from service.app.audit.hashes import canonical, event_hash
from service.app.audit.rows import stored_content
from service.app.history import EVENT_COLUMNS, content_of


def stored(**changes: Any) -> tuple[Any, ...]:
    values: dict[str, Any] = {
        "candidate_id": 7,
        "seq": 2,
        "global_seq": 9,
        "trigger": "record_talk",
        "from_state": "applicant",
        "to_state": "applicant",
        "outcome": "applied",
        "actor_id": 3,
        "actor_name": "王书记",
        "actor_role": "secretary",
        "organization_id": 2,
        "effective_date": date(2024, 1, 1),
        "recorded_at": datetime(2024, 1, 1, 8, 0, 0, 1000),
        "evidence": '{"summary":"第二次谈话，表现良好"}',
        "violations": "[]",
        "warnings": "[]",
        "notes": "{}",
        "rule_profile": "national-2014",
        "definition_hash": "d" * 64,
        "imported": False,
        "prev_hash": "a" * 64,
        "hash": "b" * 64,
        "global_prev_hash": "c" * 64,
        "global_hash": "e" * 64,
    }
    values.update(changes)
    return tuple(values[name] for name in EVENT_COLUMNS)


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-01 08:00:00.001000",  # as SQLAlchemy stores it
        "2024-01-01 08:00:00",  # a whole second, written by sqlite3's own adapter
        "2024-01-01T08:00:00.5",
        "2024-01-01 08:00",
        "2024-12-31 23:59:59.999999",
    ],
)
def test_a_stored_moment_gives_the_bytes_of_the_parsed_one(text: str) -> None:
    parsed = content_of(stored(recorded_at=datetime.fromisoformat(text)), raw=True)
    from_text = stored_content(stored(recorded_at=text, imported=0))
    assert canonical(from_text) == canonical(parsed)
    assert event_hash(from_text) == event_hash(parsed)


@pytest.mark.parametrize("text", ["2024-01-01", "20240101"])
def test_a_stored_day_gives_the_bytes_of_the_parsed_one(text: str) -> None:
    parsed = content_of(stored(effective_date=date.fromisoformat(text)), raw=True)
    assert canonical(stored_content(stored(effective_date=text))) == canonical(parsed)


def test_stored_booleans_and_driver_objects_come_out_as_content_of_gives_them() -> None:
    assert stored_content(stored(imported=1))["imported"] is True
    assert stored_content(stored(imported=0))["imported"] is False
    assert canonical(stored_content(stored())) == canonical(content_of(stored(), raw=True))


def test_text_that_is_no_date_fails_as_parsing_it_would() -> None:
    with pytest.raises(ValueError, match="Invalid isoformat string"):
        stored_content(stored(recorded_at="yesterday"))
