"""The evidence each act carries, as data: the API builds its request schemas from this table.

Shapes only (types, required, choices, lengths); each field's label and hint come from the
catalogue (service/workflow/words.py). Whether the evidence satisfies the rules is
the guards' business, so a malformed body is a 422 and a body that breaks a rule is a refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from service.workflow.errors import UnknownTrigger
from service.workflow.record import Person
from service.workflow.words import HINTS, Words, field_words

DATE = "date"
COUNT = "count"  # a non-negative integer
IDENTIFIER = "identifier"  # a positive integer naming something
TEXT = "text"  # UTF-8, trimmed, 1..2000 characters
PERIOD = "period"  # half-year like 2024H1
PERSON = "person"
PEOPLE = "people"
TEXTS = "texts"
FLAG = "flag"
CHOICE = "choice"

TEXT_MAX_LENGTH = 2000
LIST_MAX_ITEMS = 20


@dataclass(frozen=True, slots=True)
class EvidenceField:
    """One field of an act's evidence; `label` and `hint` are the catalogue's words for it."""

    name: str
    kind: str
    label: Words
    hint: Words | None = None
    required: bool = True
    choices: tuple[str, ...] = ()


class _Shape(NamedTuple):
    name: str
    kind: str
    required: bool = True
    choices: tuple[str, ...] = ()


def _f(name: str, kind: str, *, required: bool = True, choices: tuple[str, ...] = ()) -> _Shape:
    return _Shape(name, kind, required, choices)


_BALLOT = (
    _f("method", CHOICE, choices=("secret_ballot", "show_of_hands")),
    _f("expected", COUNT),
    _f("present", COUNT),
    _f("written_opinions", COUNT),
    _f("votes_for", COUNT),
    _f("votes_against", COUNT),
    _f("abstentions", COUNT),
    _f("voted_individually", FLAG),
)

_SHAPES: dict[str, tuple[_Shape, ...]] = {
    "record_talk": (_f("talker", PERSON), _f("summary", TEXT)),
    "record_recommendation_vote": (
        _f("method", CHOICE, choices=("secret_ballot", "show_of_hands")),
        _f("party_members", COUNT),
        _f("mass_representatives", COUNT),
        _f("ballots_cast", COUNT),
        _f("votes_for", COUNT),
        _f("override_reason", TEXT, required=False),
    ),
    "open_publicity": (
        _f("starts_on", DATE),
        _f("channel", TEXT),
        _f("content", TEXT),
    ),
    "file_objection": (_f("received_on", DATE), _f("summary", TEXT)),
    "resolve_objection": (
        _f("objection_id", IDENTIFIER),
        _f("finding", CHOICE, choices=("proceed", "do_not_develop")),
        _f("note", TEXT),
    ),
    "close_publicity": (_f("decided_on", DATE),),
    "assign_mentors": (_f("mentors", PEOPLE),),
    "record_assessment": (
        _f("period", PERIOD),
        _f("summary", TEXT),
    ),
    "record_training": (
        _f("provider", TEXT),
        _f("starts_on", DATE),
        _f("ends_on", DATE),
        _f("days", COUNT),
        _f("hours", COUNT),
        _f("completed", FLAG),
    ),
    "record_political_review": (
        _f("conclusion", CHOICE, choices=("qualified", "not_qualified")),
        _f("attitude", TEXT),
        _f("political_history", TEXT),
        _f("law_abidance", TEXT),
        _f("relatives", TEXT),
    ),
    "designate_development_target": (_f("decided_on", DATE),),
    "set_sponsors": (_f("sponsors", PEOPLE),),
    "submit_for_pre_review": (_f("materials", TEXTS),),
    "approve_pre_review": (_f("reviewer", PERSON), _f("opinion", TEXT)),
    "reject_pre_review": (_f("reviewer", PERSON), _f("reasons", TEXT)),
    "record_admission_ballot": _BALLOT,
    "record_committee_interview": (
        _f("interviewer", PERSON),
        _f("motive", CHOICE, choices=("sound", "unsound")),
        _f(
            "law_compliance",
            CHOICE,
            choices=("compliant", "violation"),
        ),
        _f("notes", TEXT),
    ),
    "approve_admission": (
        _f("decided_on", DATE),
        _f("special_reason", TEXT, required=False),
    ),
    "reject_admission": (_f("reasons", TEXT),),
    "record_oath": (_f("held_on", DATE),),
    "apply_for_conversion": (_f("submitted_on", DATE),),
    "record_conversion_ballot": (
        _f("resolution", CHOICE, choices=("convert", "extend", "cancel")),
        _f("extend_months", COUNT, required=False),
        *_BALLOT,
    ),
    "approve_conversion": (
        _f("decided_on", DATE),
        _f("special_reason", TEXT, required=False),
    ),
    "reject_conversion": (_f("reasons", TEXT),),
    "transfer": (_f("to_branch_id", IDENTIFIER), _f("reason", TEXT)),
    "withdraw": (_f("reason", TEXT),),
}


def _labelled(trigger: str, shape: _Shape) -> EvidenceField:
    label = field_words(trigger, shape.name)
    if label is None:
        raise LookupError(f"the catalogue has no label for {trigger}.{shape.name}")
    return EvidenceField(shape.name, shape.kind, label, HINTS.get(shape.name), *shape[2:])


EVIDENCE: dict[str, tuple[EvidenceField, ...]] = {
    trigger: tuple(_labelled(trigger, shape) for shape in shapes)
    for trigger, shapes in _SHAPES.items()
}


def coerce(trigger: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Evidence with dates as `date` and people as `Person`, from JSON or already typed."""
    if trigger not in EVIDENCE:
        raise UnknownTrigger(trigger)
    fields = {spec.name: spec for spec in EVIDENCE[trigger]}
    typed: dict[str, Any] = {}
    for name, value in data.items():
        spec = fields.get(name)
        if spec is None or value is None:
            typed[name] = value
        elif spec.kind == DATE and not isinstance(value, date):
            typed[name] = date.fromisoformat(value)
        elif spec.kind == PERSON:
            typed[name] = _person(value)
        elif spec.kind == PEOPLE:
            typed[name] = tuple(_person(item) for item in value)
        elif spec.kind == TEXTS:
            typed[name] = tuple(value)
        else:
            typed[name] = value
    return typed


def _person(value: Any) -> Person:
    if isinstance(value, Person):
        return value
    return Person(name=value["name"], member_id=value.get("member_id"))
