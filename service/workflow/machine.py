"""Where a decided act leads, read from its row of the table; and the one `transitions` Machine,
built from the same table to check it and to draw it.

The table (service.workflow.definition) is the one truth. `leads_to` reads the destination from
the act's own row and raises UnknownOutcome for an outcome the row does not name; the guards
were evaluated before, by service.workflow.decide, so that every failed rule is reported.

The Machine is built once at import (auto_transitions=False, no callbacks, never bound to a
stored object, never fired) and checked there: every state reachable from the initial state,
no (trigger, source, outcome) transition declared twice, no exit from a final state. A table
that fails a check raises InvalidTable on import, so no process decides with it. The checks
take a Machine, so they can be run on any table (`build_machine`); describe.py draws the
diagram from the same transitions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from transitions import Machine

from service.workflow.definition import ACTS, INITIAL_STATE, STATES, Act, State
from service.workflow.errors import InvalidTable, UnknownOutcome

# A transition's condition names the outcome that takes it; the diagram shows it as [when_x].
CONDITION_PREFIX = "when_"


def machine_transitions(acts: tuple[Act, ...] = ACTS) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for act in acts:
        for outcome, dest in act.outcomes.items():
            row: dict[str, Any] = {"trigger": act.trigger, "source": act.source, "dest": dest}
            if outcome is not None:
                row["conditions"] = CONDITION_PREFIX + outcome
            rows.append(row)
    return rows


def build_machine(
    states: tuple[State, ...] = STATES,
    acts: tuple[Act, ...] = ACTS,
    *,
    initial: str = INITIAL_STATE,
) -> Machine:
    return Machine(
        model=None,
        states=[{"name": state.name, "final": state.final} for state in states],
        initial=initial,
        transitions=machine_transitions(acts),
        auto_transitions=False,
        send_event=False,
    )


def _moves(machine: Machine) -> Iterator[tuple[str, str, str | None, str | None]]:
    """(trigger, source, outcome, destination) of every transition the Machine holds."""
    for trigger, event in machine.events.items():
        for source, transitions in event.transitions.items():
            for transition in transitions:
                names = [str(condition.func) for condition in transition.conditions]
                outcome = names[0].removeprefix(CONDITION_PREFIX) if names else None
                yield trigger, source, outcome, transition.dest


def unreachable_states(machine: Machine) -> list[str]:
    leads_to: dict[str, set[str]] = {}
    for _, source, _, dest in _moves(machine):
        if dest is not None:
            leads_to.setdefault(source, set()).add(dest)
    initial = str(machine.initial)
    reached, frontier = {initial}, [initial]
    while frontier:
        for dest in leads_to.get(frontier.pop(), ()):
            if dest not in reached:
                reached.add(dest)
                frontier.append(dest)
    return [name for name in machine.states if name not in reached]


def duplicate_transitions(machine: Machine) -> list[tuple[str, str, str | None]]:
    counted = Counter((trigger, source, outcome) for trigger, source, outcome, _ in _moves(machine))
    return [key for key, count in counted.items() if count > 1]


def exits_from_final_states(machine: Machine) -> list[tuple[str, str]]:
    finals = {name for name, state in machine.states.items() if state.final}
    return [(trigger, source) for trigger, source, _, _ in _moves(machine) if source in finals]


def check_machine(machine: Machine) -> None:
    """Raise InvalidTable naming every problem of the table the Machine was built from."""
    problems = [
        *(f"{name} is unreachable from {machine.initial}" for name in unreachable_states(machine)),
        *(
            f"{trigger} from {source} with outcome {outcome} is declared twice"
            for trigger, source, outcome in duplicate_transitions(machine)
        ),
        *(
            f"{trigger} leaves the final state {source}"
            for trigger, source in exits_from_final_states(machine)
        ),
    ]
    if problems:
        raise InvalidTable(problems)


MACHINE = build_machine()
check_machine(MACHINE)


def leads_to(act: Act, outcome: str | None) -> str:
    """The state `act` leads to given its decided `outcome`, as its row says (a record keeps
    the state)."""
    try:
        dest = act.outcomes[outcome]
    except KeyError:
        raise UnknownOutcome(
            trigger=act.trigger, state=act.source, outcome=outcome, named=tuple(act.outcomes)
        ) from None
    return act.source if dest is None else dest
