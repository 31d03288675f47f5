"""Rebuilding a candidate's state and record from its applied history alone (for `as_of` and
for checking the stored record against the history)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from service.workflow.calendar import WorkingCalendar
from service.workflow.decide import fold
from service.workflow.definition import INITIAL_STATE
from service.workflow.evidence import coerce
from service.workflow.profiles import RuleProfile
from service.workflow.record import Record
from service.workflow.situation import Situation

SUBMIT_APPLICATION = "submit_application"


@dataclass(frozen=True, slots=True)
class AppliedAct:
    """One applied history event as replay needs it (evidence and notes as stored JSON)."""

    trigger: str
    from_state: str | None
    to_state: str
    effective_date: date
    evidence: Mapping[str, Any]
    notes: Mapping[str, Any]


def replay(
    acts: Iterable[AppliedAct], *, profile: RuleProfile, until: date | None = None
) -> tuple[str, Record] | None:
    """The state and record after the applied acts (in history order) dated up to `until`;
    None when the application itself is later than `until`."""
    state: str | None = None
    record: Record | None = None
    for act in acts:
        if until is not None and act.effective_date > until:
            continue
        if act.trigger == SUBMIT_APPLICATION:
            evidence = act.evidence
            record = Record.opened(
                application_date=date.fromisoformat(evidence["application_date"]),
                birth_date=date.fromisoformat(evidence["birth_date"]),
                branch_id=int(evidence["branch_id"]),
            )
            state = INITIAL_STATE
            continue
        if record is None or state is None:
            raise ValueError(f"{act.trigger} before the application")
        situation = Situation(
            state=state,
            trigger=act.trigger,
            record=record,
            effective_date=act.effective_date,
            today=act.effective_date,
            profile=profile,
            calendar=WorkingCalendar(),
            evidence=coerce(act.trigger, act.evidence),
        )
        outcome = act.notes.get("outcome")
        record = fold(situation, outcome=outcome, notes=act.notes, destination=act.to_state)
        state = act.to_state
    if state is None or record is None:
        return None
    return state, record
