"""Forms for people: the inputs of an act (one per evidence field) and of a new applicant, and
what was typed turned into the data the API's own request models validate.

Form values are strings; they become the JSON shapes the API takes (numbers, booleans, people)
and then pass through the same pydantic model as an API request, so a form accepts exactly what
the API accepts. Each error is told beside its field in the catalogue's words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from service.workflow import EVIDENCE
from service.workflow.evidence import (
    CHOICE,
    COUNT,
    DATE,
    FLAG,
    IDENTIFIER,
    PEOPLE,
    PERSON,
    TEXTS,
)
from service.workflow.words import NO, YES, ZH, choice_label, input_error

EFFECTIVE_DATE = "effective_date"
_INTEGER = re.compile(r"^\s*-?\d{1,12}\s*$")
_SEPARATORS = re.compile(r"[、，,；;\n]+")
FLAG_CHOICES = (("true", YES.zh), ("false", NO.zh))


@dataclass(frozen=True, slots=True)
class Input:
    """One input of a form, as the template draws it."""

    name: str
    label: str
    kind: str
    required: bool
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()


def act_inputs(trigger: str) -> list[Input]:
    inputs = []
    for spec in EVIDENCE[trigger]:
        choices: tuple[tuple[str, str], ...] = ()
        if spec.kind == CHOICE:
            choices = tuple((value, choice_label(value)) for value in spec.choices)
        elif spec.kind == FLAG:
            choices = FLAG_CHOICES
        hint = spec.hint.zh if spec.hint is not None else ""
        if spec.kind in (PEOPLE, TEXTS):
            hint = "每行一项" if spec.kind == TEXTS else "多人以“、”分隔"
        inputs.append(Input(spec.name, spec.label.zh, spec.kind, spec.required, hint, choices))
    return inputs


def _people(text: str) -> list[dict[str, str]]:
    return [{"name": name.strip()} for name in _SEPARATORS.split(text) if name.strip()]


def _value(kind: str, text: str) -> Any:
    if kind in (COUNT, IDENTIFIER) and _INTEGER.match(text):
        return int(text)
    if kind == FLAG:
        return {"true": True, "false": False}.get(text, text)
    if kind == PERSON:
        return {"name": text}
    if kind == PEOPLE:
        return _people(text)
    if kind == TEXTS:
        return [line.strip() for line in text.splitlines() if line.strip()]
    return text


def act_data(trigger: str, typed: Mapping[str, str]) -> dict[str, Any]:
    """The form's values as the act's JSON body; an empty input is left out (so `missing`)."""
    data: dict[str, Any] = {}
    kinds = {spec.name: spec.kind for spec in EVIDENCE[trigger]}
    for name, kind in ((EFFECTIVE_DATE, DATE), *kinds.items()):
        text = typed.get(name, "").strip()
        if text:
            data[name] = _value(kind, text)
    return data


def validated(
    model: type[BaseModel], data: dict[str, Any]
) -> tuple[BaseModel | None, dict[str, str]]:
    """The model, or what is wrong with each field that fails it (its first error), in the
    catalogue's words, as the API's problems say it."""
    try:
        return model.model_validate(data), {}
    except ValidationError as invalid:
        errors: dict[str, str] = {}
        for error in invalid.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            errors.setdefault(field, input_error(error, ZH))
        return None, errors
