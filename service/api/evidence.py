"""Request models for the acts, generated once from the workflow's evidence table."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints, create_model

from service.api.fields import Count, Day, Identifier, MemberId, Name, Text
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


@cache
def evidence_model(trigger: str) -> type[BaseModel]:
    effective = description(FIELDS["effective_date"]) + "，北京时间 (Asia/Shanghai)"
    fields: dict[str, Any] = {"effective_date": (Day, Field(description=effective))}
    for spec in EVIDENCE[trigger]:
        annotation = _annotation(spec)
        text = description(spec.label, hint=spec.hint, choices=spec.choices)
        if spec.required:
            fields[spec.name] = (annotation, Field(description=text))
        else:
            fields[spec.name] = (annotation | None, Field(default=None, description=text))
    model: type[BaseModel] = create_model(
        f"{_pascal(trigger)}Evidence",
        __config__=ConfigDict(extra="forbid"),
        **fields,
    )
    return model


def evidence_of(body: BaseModel) -> dict[str, Any]:
    """The evidence as JSON data, without effective_date and without absent optional fields."""
    data: dict[str, Any] = body.model_dump(mode="json")
    return {
        name: value
        for name, value in data.items()
        if name != "effective_date" and value is not None
    }
