"""Request models for the acts, generated once from the workflow's evidence table.

A person field of an act the table gives a reviewer (审查人, 谈话人) names that reviewer: it may
be omitted, and then holds the signed-in principal's name before the rules judge the act.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints, create_model

from service.api.fields import Count, Day, Identifier, MemberId, Name, Text
from service.app.actors import self_named_fields
from service.workflow import EVIDENCE
from service.workflow.evidence import (
    CHOICE,
    COUNT,
    DATE,
    FLAG,
    IDENTIFIER,
    LIST_MAX_ITEMS,
    PEOPLE,
    PERIOD,
    PERSON,
    TEXT,
    TEXTS,
    EvidenceField,
)
from service.workflow.words import FIELDS, description


class PersonIn(BaseModel):
    """A person named in evidence; `member_id` is the calling system's own member number."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    member_id: MemberId | None = None


Period = Annotated[
    str, StringConstraints(pattern=r"^(19|20)\d{2}H[12]$"), Field(examples=["2024H1"])
]

_TYPES: dict[str, Any] = {
    DATE: Day,
    COUNT: Count,
    IDENTIFIER: Identifier,
    TEXT: Text,
    PERIOD: Period,
    PERSON: PersonIn,
    PEOPLE: Annotated[list[PersonIn], Field(max_length=LIST_MAX_ITEMS)],
    TEXTS: Annotated[list[Text], Field(min_length=1, max_length=LIST_MAX_ITEMS)],
    FLAG: StrictBool,
}


def _annotation(spec: EvidenceField) -> Any:
    if spec.kind == CHOICE:
        return Literal[spec.choices]
    return _TYPES[spec.kind]


def _pascal(trigger: str) -> str:
    return "".join(part.capitalize() for part in trigger.split("_"))


# The fields each act fills with the principal's name when omitted, by request model.
_PRINCIPAL_FIELDS: dict[type[BaseModel], tuple[str, ...]] = {}
_DEFAULTS_TO_PRINCIPAL = "；省略时为当前登录者的姓名"


@cache
def evidence_model(trigger: str) -> type[BaseModel]:
    effective = description(FIELDS["effective_date"]) + "，北京时间 (Asia/Shanghai)"
    fields: dict[str, Any] = {"effective_date": (Day, Field(description=effective))}
    defaulted = self_named_fields(trigger)
    for spec in EVIDENCE[trigger]:
        annotation = _annotation(spec)
        text = description(spec.label, hint=spec.hint, choices=spec.choices)
        if spec.name in defaulted:
            text += _DEFAULTS_TO_PRINCIPAL
        if spec.required and spec.name not in defaulted:
            fields[spec.name] = (annotation, Field(description=text))
        else:
            fields[spec.name] = (annotation | None, Field(default=None, description=text))
    model: type[BaseModel] = create_model(
        f"{_pascal(trigger)}Evidence",
        __config__=ConfigDict(extra="forbid"),
        **fields,
    )
    _PRINCIPAL_FIELDS[model] = defaulted
    return model


def evidence_of(body: BaseModel, *, principal: str | None = None) -> dict[str, Any]:
    """The evidence as JSON data, without effective_date and without absent optional fields;
    a reviewer's own person field left out names `principal` (the signed-in principal)."""
    data: dict[str, Any] = body.model_dump(mode="json")
    if principal is not None:
        for name in _PRINCIPAL_FIELDS.get(type(body), ()):
            if data.get(name) is None:
                data[name] = PersonIn(name=principal).model_dump(mode="json")
    return {
        name: value
        for name, value in data.items()
        if name != "effective_date" and value is not None
    }
