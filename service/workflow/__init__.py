"""The member-development pipeline: states, acts and rules as data, decided by pure functions.

Imports only the standard library, `transitions` and `chinesecalendar` (see the import-linter
contract in pyproject.toml). The shell loads a candidate's record, builds a `Situation`, calls
`decide` (or `explain`), and persists the `Decision` it returns.

The rule table (`STATES`, `ACTS`) is the one truth: `decide` evaluates every guard itself (so a
refusal lists every failed rule), then reads the destination from the act's own row, and an
outcome the row does not name is an error (`UnknownOutcome`). `transitions` does what it is good
at: one Machine is built from the table at import (no shortcuts, no callbacks, never bound to a
stored object) to check the table — every state reachable, no duplicate transition, final
states final, else `InvalidTable` on import — and to draw the diagram (`mermaid_diagram`).
"""

from service.workflow.calendar import (
    CalendarDate,
    WorkingCalendar,
    YearArrangement,
    add_months,
    add_years,
    load_arrangements,
)
from service.workflow.decide import Decision, Explanation, decide, explain, open_application
from service.workflow.definition import (
    ACTS,
    ACTS_BY_KEY,
    FINAL_STATES,
    INITIAL_STATE,
    REVIEWER,
    SECRETARY,
    STATE_NAMES,
    STATES,
    TRIGGERS,
    TRIGGERS_BY_STATE,
    Act,
    State,
)
from service.workflow.describe import canonical_json, definition_hash, describe, mermaid_diagram
from service.workflow.errors import (
    InvalidTable,
    RulesNotMet,
    TransitionNotAllowed,
    UnknownOutcome,
    UnknownTrigger,
    Violation,
    WorkflowError,
)
from service.workflow.evidence import EVIDENCE, EvidenceField, coerce
from service.workflow.profiles import DEFAULT_PROFILE, PROFILES, RuleProfile, get_profile
from service.workflow.record import Person, Record
from service.workflow.rules import RULES, Rule
from service.workflow.situation import PlanUsage, Situation

SUBMIT_APPLICATION = "submit_application"

__all__ = [
    "ACTS",
    "ACTS_BY_KEY",
    "DEFAULT_PROFILE",
    "EVIDENCE",
    "FINAL_STATES",
    "INITIAL_STATE",
    "PROFILES",
    "REVIEWER",
    "RULES",
    "SECRETARY",
    "STATES",
    "STATE_NAMES",
    "SUBMIT_APPLICATION",
    "TRIGGERS",
    "TRIGGERS_BY_STATE",
    "Act",
    "CalendarDate",
    "Decision",
    "EvidenceField",
    "Explanation",
    "InvalidTable",
    "Person",
    "PlanUsage",
    "Record",
    "Rule",
    "RuleProfile",
    "RulesNotMet",
    "Situation",
    "State",
    "TransitionNotAllowed",
    "UnknownOutcome",
    "UnknownTrigger",
    "Violation",
    "WorkflowError",
    "WorkingCalendar",
    "YearArrangement",
    "add_months",
    "add_years",
    "canonical_json",
    "coerce",
    "decide",
    "definition_hash",
    "describe",
    "explain",
    "get_profile",
    "load_arrangements",
    "mermaid_diagram",
    "open_application",
]
