"""Response and request bodies for candidates, acts and history."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from service.adapters.tables import Candidate
from service.api.fields import Day, Identifier, Name, ShortText, UtcDateTime
from service.api.problem import ViolationOut
from service.app.identity import mask_id_number, mask_phone, valid_id_number
from service.workflow import Record
from service.workflow.words import (
    CANDIDATE_FIELDS,
    DATES,
    TRIGGERS,
    description,
    state_label,
)

GENDERS = ("male", "female")


def _about(name: str, note: str = "", **field: Any) -> Any:
    """The field described by its catalogue label (and its choices, for gender)."""
    choices = GENDERS if name == "gender" else ()
    return Field(description=description(CANDIDATE_FIELDS[name], choices=choices) + note, **field)


class CandidateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    branch_id: Identifier = _about("branch_id")
    name: Name = _about("name", examples=["张三"])
    gender: Literal[GENDERS] = _about("gender")  # type: ignore[valid-type]
    birth_date: Day = _about("birth_date")
    application_date: Day = _about("application_date")
    ethnicity: ShortText | None = _about("ethnicity", default=None, examples=["汉族"])
    id_number: str | None = _about(
        "id_number",
        ": 18 characters whose birth date and check digit (GB 11643) must hold too, which the "
        "pattern cannot say: 422 when they do not.",
        default=None,
        pattern=r"^\s*[0-9]{17}[0-9Xx]\s*$",
    )
    education: ShortText | None = _about("education", default=None)
    work_unit: ShortText | None = _about("work_unit", default=None)
    phone: str | None = _about("phone", default=None, pattern=r"^\+?[0-9][0-9 -]{4,28}[0-9]$")

    @field_validator("id_number")
    @classmethod
    def _check_digit(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().upper()
        if not valid_id_number(value):
            raise PydanticCustomError(
                "id_number", "not a valid citizen ID number (format or check digit)"
            )
        return value


class KeyDates(BaseModel):
    application_date: date = Field(description=description(DATES["application_date"]))
    activist_since: date | None = Field(description=description(DATES["activist_since"]))
    development_target_since: date | None = Field(
        description=description(DATES["development_target_since"])
    )
    admitted_on: date | None = Field(description=description(DATES["admitted_on"]))
    probation_ends: date | None = Field(description=description(DATES["probation_ends"]))
    full_member_since: date | None = Field(
        description=f"{description(DATES['full_member_since'])}. Party age counts from this date."
    )
    ended_on: date | None = Field(description=description(DATES["ended_on"]))


class NoticeOut(BaseModel):
    stage: str
    starts_on: date
    ends_on: date
    provisional: bool
    open_objections: list[int]


class CandidateOut(BaseModel):
    id: int
    branch_id: int
    name: str
    gender: str
    ethnicity: str | None
    birth_date: date
    id_number: str | None
    education: str | None
    work_unit: str | None
    phone: str | None
    state: str
    state_label: str
    version: int
    key_dates: KeyDates
    notice: NoticeOut | None
    created_at: UtcDateTime
    updated_at: UtcDateTime

    @classmethod
    def of(
        cls,
        candidate: Candidate | SimpleNamespace,
        *,
        personal: bool,
        record: Record | None = None,
    ) -> CandidateOut:
        """From the table model or its columns as attributes (an act's result); `record`, when
        the caller has it decoded already, spares decoding it again."""
        assert candidate.id is not None
        if record is None:
            record = Record.from_data(orjson.loads(candidate.record))
        notice = record.notice
        return cls(
            id=candidate.id,
            branch_id=candidate.branch_id,
            name=candidate.name,
            gender=candidate.gender,
            ethnicity=candidate.ethnicity,
            birth_date=candidate.birth_date,
            id_number=candidate.id_number if personal else mask_id_number(candidate.id_number),
            education=candidate.education,
            work_unit=candidate.work_unit,
            phone=candidate.phone if personal else mask_phone(candidate.phone),
            state=candidate.state,
            state_label=state_label(candidate.state),
            version=candidate.version,
            key_dates=KeyDates(
                application_date=record.application_date,
                activist_since=record.activist_since,
                development_target_since=record.development_target_since,
                admitted_on=record.admitted_on,
                probation_ends=record.probation_ends,
                full_member_since=record.full_member_since,
                ended_on=record.ended_on,
            ),
            notice=None
            if notice is None
            else NoticeOut(
                stage=notice.stage,
                starts_on=notice.starts_on,
                ends_on=notice.ends_on,
                provisional=notice.provisional,
                open_objections=list(notice.unresolved),
            ),
            created_at=candidate.created_at,
            updated_at=candidate.updated_at,
        )


class CandidatePageOut(BaseModel):
    items: list[CandidateOut]
    next_cursor: str | None


class ActorOut(BaseModel):
    id: int | None
    name: str
    role: str


class EventOut(BaseModel):
    candidate_id: int
    seq: int
    global_seq: int
    trigger: str
    from_state: str | None
    to_state: str | None
    outcome: Literal["applied", "refused"]
    actor: ActorOut
    organization_id: int
    effective_date: date
    recorded_at: str = Field(description="UTC, ISO 8601 with microseconds")
    evidence: dict[str, Any]
    violations: list[ViolationOut]
    warnings: list[ViolationOut]
    notes: dict[str, Any]
    rule_profile: str
    definition_hash: str
    imported: bool
    prev_hash: str
    hash: str
    global_prev_hash: str
    global_hash: str


class HistoryPageOut(BaseModel):
    items: list[EventOut]
    next_cursor: str | None


class ActOut(BaseModel):
    candidate: CandidateOut
    event: EventOut


class ExplanationOut(BaseModel):
    trigger: str
    title_zh: str = Field(
        description="The act's Chinese title.", examples=[TRIGGERS["approve_pre_review"].zh]
    )
    title_en: str = Field(description="The act's English title.", examples=["pass the pre-review"])
    actor: str
    allowed: bool
    violations: list[ViolationOut]
    pending_rules: list[str] = Field(description="Rules judged on the evidence, when it is given.")


class ExplanationsOut(BaseModel):
    candidate_id: int
    state: str
    version: int
    items: list[ExplanationOut]
