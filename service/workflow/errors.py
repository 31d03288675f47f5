"""Why the workflow refuses an act, and the two defects of the table it never lets pass.

WorkflowError
├── UnknownTrigger        the workflow has no such act at all
├── TransitionNotAllowed  the act exists but not in the candidate's current state
├── RulesNotMet           the act is valid here but its evidence or the record fails rules
├── UnknownOutcome        an act was decided with an outcome its row of the table does not name
└── InvalidTable          the table fails a check made when it is loaded (see machine.py)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Violation:
    """One failed rule, with the numbers that made it fail."""

    rule: str
    message_zh: str
    message_en: str
    source: str
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "source": self.source,
            "details": self.details,
        }


class WorkflowError(Exception):
    """Base of every refusal the workflow raises."""


class UnknownTrigger(WorkflowError):
    def __init__(self, trigger: str) -> None:
        super().__init__(f"unknown trigger {trigger!r}")
        self.trigger = trigger


class TransitionNotAllowed(WorkflowError):
    """`violation` is the `transition.allowed` finding the history records for the attempt."""

    def __init__(
        self, *, trigger: str, state: str, allowed: tuple[str, ...], violation: Violation
    ) -> None:
        super().__init__(f"{trigger!r} is not allowed in state {state!r}")
        self.trigger = trigger
        self.state = state
        self.allowed = allowed
        self.violation = violation


class RulesNotMet(WorkflowError):
    def __init__(self, *, trigger: str, state: str, violations: tuple[Violation, ...]) -> None:
        rules = ", ".join(violation.rule for violation in violations)
        super().__init__(f"{trigger!r} refused in state {state!r}: {rules}")
        self.trigger = trigger
        self.state = state
        self.violations = violations


class UnknownOutcome(WorkflowError):
    """A defect, never a refusal: the decision picked an outcome the act's row does not map."""

    def __init__(
        self, *, trigger: str, state: str, outcome: str | None, named: tuple[str | None, ...]
    ) -> None:
        super().__init__(
            f"{trigger!r} from {state!r} names no outcome {outcome!r} (it names {list(named)})"
        )
        self.trigger = trigger
        self.state = state
        self.outcome = outcome
        self.named = named


class InvalidTable(WorkflowError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("the workflow table is wrong: " + "; ".join(problems))
        self.problems = problems
