"""The HTTP journey of tests/http_journey.py moved by whole years, for tests needing later dates."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from service.workflow import add_years
from tests.support.http_journey import APPLICATION, STEPS, Poster, act

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PERIOD = re.compile(r"^(\d{4})(H[12])$")

Step = tuple[str, str, str, dict[str, Any], str]


def _shift(value: Any, years: int) -> Any:
    if isinstance(value, dict):
        return {key: _shift(item, years) for key, item in value.items()}
    if isinstance(value, list):
        return [_shift(item, years) for item in value]
    if isinstance(value, str) and _DAY.match(value):
        return add_years(date.fromisoformat(value), years).isoformat()
    if isinstance(value, str) and (period := _PERIOD.match(value)):
        return f"{int(period.group(1)) + years}{period.group(2)}"
    return value


def shifted_application(years: int, **changes: Any) -> dict[str, Any]:
    application: dict[str, Any] = _shift(APPLICATION, years)
    application["birth_date"] = APPLICATION["birth_date"]
    application.pop("id_number", None)
    return {**application, **changes}


def shifted_steps(years: int) -> list[Step]:
    return [
        (trigger, who, _shift(on, years), _shift(evidence, years), state)
        for trigger, who, on, evidence, state in STEPS
    ]


def run_shifted(
    client: Poster,
    candidate_id: int,
    headers: dict[str, dict[str, str]],
    *,
    years: int,
    through: str,
) -> None:
    """Apply the shifted steps up to and including the first act `through`."""
    for trigger, who, on, evidence, state in shifted_steps(years):
        response = act(client, candidate_id, trigger, headers[who], on, evidence)
        assert response.status_code == 200, (trigger, response.status_code, response.text)
        assert response.json()["candidate"]["state"] == state, (trigger, response.json())
        if trigger == through:
            return
    raise AssertionError(f"the journey has no {through}")
