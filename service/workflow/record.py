"""A candidate's record: what the applied acts so far have established, folded from the history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from service.workflow.codec import from_data, to_data


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    member_id: str | None = None

    @property
    def identity(self) -> str:
        return f"id:{self.member_id}" if self.member_id else f"name:{self.name}"


@dataclass(frozen=True, slots=True)
class Recommendation:
    decided_on: date
    participants: int
    votes_for: int
    passed: bool
    override: bool


@dataclass(frozen=True, slots=True)
class Assessment:
    period: str
    recorded_on: date
    state: str


@dataclass(frozen=True, slots=True)
class Training:
    starts_on: date
    ends_on: date
    days: int
    hours: int
    completed: bool
    state: str


@dataclass(frozen=True, slots=True)
class PoliticalReview:
    recorded_on: date
    conclusion: str


@dataclass(frozen=True, slots=True)
class Objection:
    objection_id: int
    received_on: date
    finding: str | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """A public notice (公示); `stage` names the publicity state it runs in."""

    stage: str
    starts_on: date
    ends_on: date
    provisional: bool
    objections: tuple[Objection, ...] = ()
    closed_on: date | None = None

    @property
    def upheld(self) -> bool:
        return any(objection.finding == "do_not_develop" for objection in self.objections)

    @property
    def unresolved(self) -> tuple[int, ...]:
        return tuple(o.objection_id for o in self.objections if o.finding is None)


@dataclass(frozen=True, slots=True)
class Interview:
    recorded_on: date
    motive: str
    law_compliance: str


@dataclass(frozen=True, slots=True)
class Ballot:
    held_on: date
    expected: int
    votes_for: int
    passed: bool
    resolution: str | None = None
    extend_months: int | None = None


@dataclass(frozen=True, slots=True)
class Transfer:
    on: date
    from_branch_id: int
    to_branch_id: int


@dataclass(frozen=True, slots=True)
class Record:
    """Facts established by applied acts. Key dates are kept, not recomputed, for speed."""

    application_date: date
    birth_date: date
    branch_id: int
    last_act_on: date
    state_entered_on: date
    talks: tuple[date, ...] = ()
    recommendation: Recommendation | None = None
    activist_since: date | None = None
    mentors: tuple[Person, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    trainings: tuple[Training, ...] = ()
    development_target_since: date | None = None
    political_review: PoliticalReview | None = None
    sponsors: tuple[Person, ...] = ()
    notice: Notice | None = None
    completed_notices: tuple[Notice, ...] = ()
    next_objection_id: int = 1
    pre_review_submitted_on: date | None = None
    pre_review_approved_on: date | None = None
    admission_ballot: Ballot | None = None
    interview: Interview | None = None
    admitted_on: date | None = None
    probation_ends: date | None = None
    extensions: int = 0
    oath_on: date | None = None
    conversion_applied_on: date | None = None
    conversion_ballot: Ballot | None = None
    full_member_since: date | None = None
    ended_on: date | None = None
    transfers: tuple[Transfer, ...] = field(default=())

    def completed_notice(self, stage: str) -> Notice | None:
        for notice in reversed(self.completed_notices):
            if notice.stage == stage:
                return notice
        return None

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = to_data(self)
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Record:
        return from_data(cls, data)

    @classmethod
    def opened(cls, *, application_date: date, birth_date: date, branch_id: int) -> Record:
        return cls(
            application_date=application_date,
            birth_date=birth_date,
            branch_id=branch_id,
            last_act_on=application_date,
            state_entered_on=application_date,
        )
