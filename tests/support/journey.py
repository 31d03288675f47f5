"""A small driver for workflow tests: one candidate, acts applied in order with their dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from service.workflow import (
    DEFAULT_PROFILE,
    Decision,
    Record,
    RuleProfile,
    Situation,
    WorkingCalendar,
    coerce,
    decide,
    open_application,
)
from service.workflow.situation import PlanUsage

CALENDAR = WorkingCalendar()
TODAY = date(2026, 11, 26)

BALLOT = {
    "method": "secret_ballot",
    "expected": 16,
    "present": 12,
    "written_opinions": 1,
    "votes_for": 11,
    "votes_against": 1,
    "abstentions": 1,
    "voted_individually": True,
}


@dataclass
class Journey:
    """A candidate moving through the workflow: `act` decides and keeps the result."""

    state: str
    record: Record
    profile: RuleProfile = DEFAULT_PROFILE
    today: date = TODAY
    plans: tuple[PlanUsage, ...] = ()
    calendar: WorkingCalendar = CALENDAR
    decisions: list[Decision] = field(default_factory=list)
    dated_evidence: list[tuple[date, dict[str, Any]]] = field(default_factory=list)

    @classmethod
    def start(
        cls,
        *,
        applied: date = date(2023, 3, 1),
        born: date = date(1995, 5, 20),
        profile: RuleProfile = DEFAULT_PROFILE,
    ) -> Journey:
        record = Record.opened(application_date=applied, birth_date=born, branch_id=1)
        situation = Situation(
            state="applicant",
            trigger="submit_application",
            record=record,
            effective_date=applied,
            today=TODAY,
            profile=profile,
            calendar=CALENDAR,
        )
        return cls(state="applicant", record=open_application(situation), profile=profile)

    def situation(self, trigger: str, on: date, evidence: dict[str, Any] | None) -> Situation:
        return Situation(
            state=self.state,
            trigger=trigger,
            record=self.record,
            effective_date=on,
            today=self.today,
            profile=self.profile,
            calendar=self.calendar,
            evidence=None if evidence is None else coerce(trigger, evidence),
            plans=self.plans,
        )

    def act(self, trigger: str, on: date, **evidence: Any) -> Decision:
        decision = decide(self.situation(trigger, on, evidence))
        self.state, self.record = decision.destination, decision.record
        self.decisions.append(decision)
        self.dated_evidence.append((on, evidence))
        return decision


def person(name: str, member_id: str | None = None) -> dict[str, Any]:
    return {"name": name, "member_id": member_id}


def to_activist_publicity(j: Journey, *, talk: date = date(2023, 3, 20)) -> Journey:
    """Talk, recommendation, and the activist notice opened on 2023-04-11 (5 working days)."""
    j.act("record_talk", talk, talker=person("王书记"), summary="了解入党动机")
    j.act(
        "record_recommendation_vote",
        date(2023, 4, 10),
        method="secret_ballot",
        party_members=12,
        mass_representatives=8,
        ballots_cast=20,
        votes_for=15,
    )
    j.act(
        "open_publicity",
        date(2023, 4, 11),
        starts_on=date(2023, 4, 11),
        channel="公告栏",
        content="拟确定入党积极分子公示",
    )
    return j


def to_activist(j: Journey, *, talk: date = date(2023, 3, 20)) -> Journey:
    to_activist_publicity(j, talk=talk)
    j.act("close_publicity", date(2023, 4, 18), decided_on=date(2023, 4, 18))
    j.act(
        "assign_mentors",
        date(2023, 4, 20),
        mentors=[person("李四", "M001"), person("赵六", "M002")],
    )
    return j


def to_development_target(j: Journey) -> Journey:
    to_activist(j)
    j.act("record_assessment", date(2023, 10, 20), period="2023H2", summary="表现良好")
    j.act("record_assessment", date(2024, 4, 15), period="2024H1", summary="表现良好")
    j.act(
        "record_training",
        date(2024, 4, 16),
        provider="县直工委党校",
        starts_on=date(2024, 4, 8),
        ends_on=date(2024, 4, 12),
        days=5,
        hours=40,
        completed=True,
    )
    j.act("designate_development_target", date(2024, 4, 18), decided_on=date(2024, 4, 18))
    return j


def to_admission_publicity(j: Journey) -> Journey:
    to_development_target(j)
    j.act(
        "record_political_review",
        date(2024, 5, 10),
        conclusion="qualified",
        attitude="拥护党的路线",
        political_history="清白",
        law_abidance="遵纪守法",
        relatives="无问题",
    )
    j.act(
        "set_sponsors", date(2024, 5, 12), sponsors=[person("李四", "M001"), person("孙七", "M003")]
    )
    j.act(
        "open_publicity",
        date(2024, 5, 13),
        starts_on=date(2024, 5, 13),
        channel="内网",
        content="拟接收预备党员公示",
    )
    return j


def to_pre_review_passed(j: Journey) -> Journey:
    to_admission_publicity(j)
    j.act("submit_for_pre_review", date(2024, 5, 20), materials=["入党申请书", "政审材料"])
    j.act(
        "approve_pre_review", date(2024, 5, 28), reviewer=person("县直工委 陈"), opinion="材料齐全"
    )
    return j


def to_awaiting_approval(j: Journey) -> Journey:
    to_pre_review_passed(j)
    j.act("record_admission_ballot", date(2024, 6, 5), **BALLOT)
    return j


def to_probationary(j: Journey) -> Journey:
    to_awaiting_approval(j)
    j.act(
        "record_committee_interview",
        date(2024, 6, 20),
        interviewer=person("县直工委 陈"),
        motive="sound",
        law_compliance="compliant",
        notes="动机端正",
    )
    j.act("approve_admission", date(2024, 7, 1), decided_on=date(2024, 7, 1))
    return j


def to_conversion_publicity(j: Journey) -> Journey:
    to_probationary(j)
    j.act("record_oath", date(2024, 7, 1), held_on=date(2024, 7, 1))
    j.act("apply_for_conversion", date(2025, 5, 20), submitted_on=date(2025, 5, 20))
    j.act(
        "open_publicity",
        date(2025, 5, 21),
        starts_on=date(2025, 5, 21),
        channel="公告栏",
        content="拟转正公示",
    )
    return j


def to_full_member(j: Journey) -> Journey:
    to_conversion_publicity(j)
    j.act("record_conversion_ballot", date(2025, 6, 5), resolution="convert", **BALLOT)
    j.act("approve_conversion", date(2025, 6, 20), decided_on=date(2025, 6, 20))
    return j
