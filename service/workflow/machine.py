"""The one `transitions` Machine, built from the table at import, confirming every move.

Guards are evaluated by service.workflow.decide beforehand (so every failed rule is reported);
the Machine's conditions only pick the destination by the decided outcome. It is never bound
to a stored object: each move runs on a throwaway cursor.
"""

from __future__ import annotations

from typing import Any

from transitions import Machine

from service.workflow.definition import ACTS, INITIAL_STATE, STATE_NAMES, Act


class _Cursor:
    """A model for one move: `when_<outcome>` conditions read the decided outcome."""

    __slots__ = ("outcome", "state")

    def __init__(self, state: str, outcome: str | None) -> None:
        self.state = state
        self.outcome = outcome

    def __getattr__(self, name: str) -> bool:
        if name.startswith("when_"):
            return self.outcome == name[len("when_") :]
        raise AttributeError(name)


def machine_transitions(acts: tuple[Act, ...] = ACTS) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for act in acts:
        for outcome, dest in act.outcomes.items():
            row: dict[str, Any] = {"trigger": act.trigger, "source": act.source, "dest": dest}
            if outcome is not None:
                row["conditions"] = f"when_{outcome}"
            rows.append(row)
    return rows


MACHINE = Machine(
    model=None,
    states=list(STATE_NAMES),
    initial=INITIAL_STATE,
    transitions=machine_transitions(),
    auto_transitions=False,
    send_event=False,
)


def confirm(state: str, trigger: str, outcome: str | None) -> str:
    """The destination the Machine reaches from `state` by `trigger` given the `outcome`."""
    cursor = _Cursor(state, outcome)
    if not MACHINE.events[trigger].trigger(cursor):
        raise RuntimeError(f"machine refused {trigger} from {state} with outcome {outcome}")
    return cursor.state
