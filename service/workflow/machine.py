"""The one `transitions` Machine, built from the table at import, confirming every move.

Guards are evaluated by service.workflow.decide beforehand (so every failed rule is reported);
the Machine's conditions only pick the destination by the decided outcome. It is never bound
to a stored object: each move runs on a throwaway cursor.

The Machine is asked once, at import, where each of its transitions leads for each outcome the
definition names; `confirm` then reads those answers from DESTINATIONS, so an act costs a dict
lookup rather than firing an event (with its callbacks and logging) on every request.
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

# Every outcome an act can decide (None for a single-way act): those the Machine is asked about.
OUTCOMES: tuple[str | None, ...] = tuple(
    dict.fromkeys(outcome for act in ACTS for outcome in act.outcomes)
)


def fire(state: str, trigger: str, outcome: str | None) -> str | None:
    """Fire the Machine: the state `trigger` reaches from `state` given the `outcome`, or None
    when no transition's condition holds. Raises MachineError when `state` has no such trigger."""
    cursor = _Cursor(state, outcome)
    return cursor.state if MACHINE.events[trigger].trigger(cursor) else None


# (state, trigger, outcome) → destination: what the Machine answered, for every source of every
# event and every outcome (a combination it refuses is left out).
DESTINATIONS: dict[tuple[str, str, str | None], str] = {
    (source, trigger, outcome): destination
    for trigger, event in MACHINE.events.items()
    for source in event.transitions
    for outcome in OUTCOMES
    if (destination := fire(source, trigger, outcome)) is not None
}


def confirm(state: str, trigger: str, outcome: str | None) -> str:
    """The destination the Machine reaches from `state` by `trigger` given the `outcome`."""
    try:
        return DESTINATIONS[state, trigger, outcome]
    except KeyError:
        raise RuntimeError(
            f"machine refused {trigger} from {state} with outcome {outcome}"
        ) from None
