"""Checking one sheet row's cells and turning them into typed values, or naming what is wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from service.app.identity import valid_id_number
from service.app.importing.sheet import RawRow
from service.workflow.words import CHOICES, STATES

STAGES = (
    "applicant",
    "activist",
    "development_target",
    "awaiting_approval",
    "probationary_member",
    "full_member",
)
# The catalogue's labels, the shorter names in use, and the names themselves.
STAGE_NAMES = {
    **{STATES[stage].zh: stage for stage in STAGES},
    "申请人": "applicant",
    "积极分子": "activist",
    "待上级党委审批": "awaiting_approval",
    **{stage: stage for stage in STAGES},
}
GENDERS = {
    **{CHOICES[value].zh: value for value in ("male", "female")},
    "male": "male",
    "female": "female",
}
# The dates each stage needs, besides the application (a later stage needs those before it).
REQUIRED_DATES = {
    "activist": ("activist_date",),
    "development_target": ("development_target_date",),
    "awaiting_approval": ("admission_date",),
    "probationary_member": (),
    "full_member": ("conversion_date",),
}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?$")
_PHONE = re.compile(r"^\+?[0-9][0-9 -]{4,28}[0-9]$")
_SEPARATORS = re.compile(r"[、,，;；/\s]+")


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why a row was not imported: a rule id, or `input.<field>` for a cell."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class ImportRow:
    number: int
    name: str
    gender: str
    birth_date: date
    application_date: date
    stage: str
    ethnicity: str | None = None
    id_number: str | None = None
    education: str | None = None
    work_unit: str | None = None
    phone: str | None = None
    dates: dict[str, date] = field(default_factory=dict)
    mentors: tuple[str, ...] = ()
    sponsors: tuple[str, ...] = ()

    def reached(self, stage: str) -> bool:
        return STAGES.index(self.stage) >= STAGES.index(stage)


class RowRejected(Exception):
    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__("; ".join(problem.code for problem in problems))
        self.problems = problems


def parse_date(value: Any) -> date:
    """ISO dates, 2023/3/1, 2023.03.01, 2023年3月1日; a year and month alone mean its first day."""
    if isinstance(value, date):
        return value
    match = _DATE.match(str(value).strip())
    if match is None:
        raise ValueError(f"{value!r} is not a date")
    year, month, day = match.groups()
    return date(int(year), int(month), int(day or 1))


def _text(values: dict[str, Any], name: str, limit: int) -> str | None:
    value = values.get(name)
    if value is None:
        return None
    text = str(value).strip()
    if len(text) > limit:
        raise ValueError(f"longer than {limit} characters")
    return text or None


def _people(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(name for name in _SEPARATORS.split(str(value).strip()) if name)


def parse_row(raw: RawRow) -> ImportRow:
    """The row's values checked and typed; raises RowRejected naming every bad cell."""
    problems: list[RowProblem] = []
    values = raw.values
    typed: dict[str, Any] = {}

    def check(name: str, convert: Any) -> None:
        try:
            typed[name] = convert()
        except (ValueError, KeyError) as exc:
            problems.append(RowProblem(f"input.{name}", str(exc).strip("'")))

    def required(name: str) -> Any:
        if values.get(name) is None:
            raise ValueError("required")
        return values[name]

    check("name", lambda: _text(values, "name", 100) or required("name"))
    check("gender", lambda: GENDERS[str(required("gender")).strip()])
    check("birth_date", lambda: parse_date(required("birth_date")))
    check("application_date", lambda: parse_date(required("application_date")))
    check("stage", lambda: STAGE_NAMES[str(required("stage")).strip()])
    for name in ("ethnicity", "education", "work_unit"):
        check(name, lambda name=name: _text(values, name, 200))
    check("id_number", lambda: _id_number(values.get("id_number")))
    check("phone", lambda: _phone(values.get("phone")))
    dates: dict[str, date] = {}
    for name in (
        "talk_date",
        "recommendation_date",
        "activist_date",
        "development_target_date",
        "admission_date",
        "approval_date",
        "oath_date",
        "conversion_date",
    ):
        if values.get(name) is not None:
            try:
                dates[name] = parse_date(values[name])
            except ValueError as exc:
                problems.append(RowProblem(f"input.{name}", str(exc)))
    stage = typed.get("stage")
    if stage is not None:
        for needed in STAGES[1 : STAGES.index(stage) + 1]:
            for name in REQUIRED_DATES[needed]:
                if name not in dates and f"input.{name}" not in {p.code for p in problems}:
                    problems.append(RowProblem(f"input.{name}", f"required at stage {stage}"))
    if problems:
        raise RowRejected(problems)
    return ImportRow(
        number=raw.number,
        dates=dates,
        mentors=_people(values.get("mentors")),
        sponsors=_people(values.get("sponsors")),
        **typed,
    )


def _id_number(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip().upper()
    if not valid_id_number(text):
        raise ValueError("not a valid citizen ID number (format or check digit)")
    return text


def _phone(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if not _PHONE.match(text):
        raise ValueError("not a phone number")
    return text
