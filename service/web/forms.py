"""Forms for people: the inputs of an act (one per evidence field) and of a new applicant, and
what was typed turned into the data the API's own request models validate.

Form values are strings; they become the JSON shapes the API takes (numbers, booleans, people)
and then pass through the same pydantic model as an API request, so a form accepts exactly what
the API accepts. Each error is told in Chinese beside its field.
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
from service.workflow.words import NO, YES, choice_label

EFFECTIVE_DATE = "effective_date"
# The people a reviewer names as themselves: filled in with the signed-in principal's name.
SELF_NAMED = frozenset({"reviewer", "interviewer"})
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


def date_fields(trigger: str) -> frozenset[str]:
    return frozenset(
        {EFFECTIVE_DATE, *(spec.name for spec in EVIDENCE[trigger] if spec.kind == DATE)}
    )


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
    model: type[BaseModel], data: dict[str, Any], *, dates: frozenset[str] = frozenset()
) -> tuple[BaseModel | None, dict[str, str]]:
    """The model, or the Chinese message for each field that fails it (its first error);
    `dates` names the date fields, whose every error says so."""
    try:
        return model.model_validate(data), {}
    except ValidationError as invalid:
        errors: dict[str, str] = {}
        for error in invalid.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            message = (
                "请填写有效日期。"
                if field in dates
                else _message(error["type"], error.get("ctx") or {})
            )
            errors.setdefault(field, message)
        return None, errors


def _message(kind: str, context: Mapping[str, Any]) -> str:
    if kind in ("missing", "string_too_short", "too_short"):
        return "请填写此项。"
    if kind == "string_too_long":
        return f"不超过 {context.get('max_length')} 个字。"
    if kind == "too_long":
        return f"不超过 {context.get('max_length')} 项。"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "请填写整数。"
    if kind == "greater_than_equal":
        return f"请填写不小于 {context.get('ge')} 的数。"
    if kind == "less_than_equal":
        return f"请填写不大于 {context.get('le')} 的数。"
    if kind in ("literal_error", "bool_type", "enum"):
        return "请从列表中选择。"
    if kind == "string_pattern_mismatch":
        return "格式不正确。"
    if kind == "value_error":
        return "填写的内容不符合要求。"
    return "填写有误。"
