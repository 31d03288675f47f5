"""What each applied act establishes in the record: pure functions old record → changed fields.

An effect returns only the fields the act changes; service.workflow.decide.fold applies them
with the dates every act moves in one `replace` of the record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from service.workflow.calendar import add_months, add_years
from service.workflow.record import (
    Assessment,
    Ballot,
    Interview,
    Notice,
    Objection,
    PoliticalReview,
    Recommendation,
    Record,
    Training,
    Transfer,
)
from service.workflow.rules.ballot import ballot_passes
from service.workflow.situation import Situation

NOTICE_STAGE = {
    "recommended": "activist_publicity",
    "development_target": "admission_publicity",
    "probationary_member": "conversion_publicity",
}

Changes = dict[str, Any]  # Record field → new value
Effect = Callable[[Record, Situation, "str | None", Mapping[str, Any]], Changes]


def _ev(s: Situation) -> Mapping[str, Any]:
    assert s.evidence is not None
    return s.evidence


def _close_notice(record: Record, on: date) -> Changes:
    if record.notice is None:
        return {}
    closed = replace(record.notice, closed_on=on)
    return {"notice": None, "completed_notices": (*record.completed_notices, closed)}


def _talk(r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]) -> Changes:
    return {"talks": (*r.talks, s.effective_date)}


def _recommendation(
    r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]
) -> Changes:
    e = _ev(s)
    recommendation = Recommendation(
        decided_on=s.effective_date,
        participants=e["party_members"] + e["mass_representatives"],
        votes_for=e["votes_for"],
        passed=outcome == "passed",
        override=bool(notes.get("override")),
    )
    return {"recommendation": recommendation}


def _open_notice(r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]) -> Changes:
    notice = Notice(
        stage=NOTICE_STAGE[s.state],
        starts_on=_ev(s)["starts_on"],
        ends_on=date.fromisoformat(notes["ends_on"]),
        provisional=bool(notes["provisional"]),
    )
    return {"notice": notice}


def _objection(r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]) -> Changes:
    assert r.notice is not None
    objection = Objection(objection_id=r.next_objection_id, received_on=_ev(s)["received_on"])
    notice = replace(r.notice, objections=(*r.notice.objections, objection))
    return {"notice": notice, "next_objection_id": r.next_objection_id + 1}


def _resolve(r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]) -> Changes:
    assert r.notice is not None
    wanted, finding = _ev(s)["objection_id"], _ev(s)["finding"]
    objections = tuple(
        replace(o, finding=finding) if o.objection_id == wanted else o for o in r.notice.objections
    )
    return {"notice": replace(r.notice, objections=objections)}


def _close(r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]) -> Changes:
    closed = _close_notice(r, s.effective_date)
    if s.state == "activist_publicity" and outcome == "proceed":
        return {**closed, "activist_since": s.effective_date}
    return closed


def _mentors(r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]) -> Changes:
    return {"mentors": tuple(_ev(s)["mentors"])}


def _assessment(r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]) -> Changes:
    assessment = Assessment(period=_ev(s)["period"], recorded_on=s.effective_date, state=s.state)
    return {"assessments": (*r.assessments, assessment)}


def _training(r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]) -> Changes:
    e = _ev(s)
    training = Training(
        starts_on=e["starts_on"],
        ends_on=e["ends_on"],
        days=e["days"],
        hours=e["hours"],
        completed=bool(e["completed"]),
        state=s.state,
    )
    return {"trainings": (*r.trainings, training)}


def _designate(r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]) -> Changes:
    return {"development_target_since": s.effective_date}


def _review(r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]) -> Changes:
    review = PoliticalReview(recorded_on=s.effective_date, conclusion=_ev(s)["conclusion"])
    return {"political_review": review}


def _sponsors(r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]) -> Changes:
    return {"sponsors": tuple(_ev(s)["sponsors"])}


def _submit(r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]) -> Changes:
    return {**_close_notice(r, s.effective_date), "pre_review_submitted_on": s.effective_date}


def _pre_review_passed(
    r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]
) -> Changes:
    return {"pre_review_approved_on": s.effective_date}


def _back_to_target(
    r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]
) -> Changes:
    """A new round from development target: pre-review, ballot and interview start over."""
    return {
        "pre_review_submitted_on": None,
        "pre_review_approved_on": None,
        "admission_ballot": None,
        "interview": None,
    }


def _ballot(s: Situation, *, resolution: str | None = None) -> Ballot:
    e = _ev(s)
    return Ballot(
        held_on=s.effective_date,
        expected=e["expected"],
        votes_for=e["votes_for"],
        passed=ballot_passes(e["expected"], e["votes_for"]),
        resolution=resolution,
        extend_months=e.get("extend_months") if resolution == "extend" else None,
    )


def _admission_ballot(
    r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]
) -> Changes:
    if outcome == "failed":
        return _back_to_target(r, s, outcome, notes)
    return {"admission_ballot": _ballot(s)}


def _interview(r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]) -> Changes:
    e = _ev(s)
    interview = Interview(s.effective_date, motive=e["motive"], law_compliance=e["law_compliance"])
    return {"interview": interview}


def _admit(r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]) -> Changes:
    assert r.admission_ballot is not None
    ends = add_years(r.admission_ballot.held_on, s.profile.probation_years)
    return {"admitted_on": s.effective_date, "probation_ends": ends}


def _oath(r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]) -> Changes:
    return {"oath_on": _ev(s)["held_on"]}


def _conversion_application(
    r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]
) -> Changes:
    return {"conversion_applied_on": _ev(s)["submitted_on"]}


def _conversion_ballot(
    r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]
) -> Changes:
    closed = _close_notice(r, s.effective_date)
    if outcome == "failed":
        return {**closed, "conversion_ballot": None}
    return {**closed, "conversion_ballot": _ballot(s, resolution=_ev(s)["resolution"])}


def _approve_conversion(
    r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]
) -> Changes:
    ballot = r.conversion_ballot
    assert ballot is not None
    assert r.probation_ends is not None
    if outcome == "convert":
        return {"full_member_since": r.probation_ends}
    if outcome == "extend":
        return {
            "probation_ends": add_months(r.probation_ends, ballot.extend_months or 0),
            "extensions": r.extensions + 1,
            "conversion_applied_on": None,
            "conversion_ballot": None,
        }
    return {"ended_on": s.effective_date}


def _reject_conversion(
    r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]
) -> Changes:
    return {"conversion_ballot": None}


def _transfer(r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]) -> Changes:
    to_branch = int(_ev(s)["to_branch_id"])
    transfer = Transfer(on=s.effective_date, from_branch_id=r.branch_id, to_branch_id=to_branch)
    return {"branch_id": to_branch, "transfers": (*r.transfers, transfer)}


def _end(r: Record, s: Situation, outcome: str | None, notes: Mapping[str, Any]) -> Changes:
    return {"ended_on": s.effective_date}


EFFECTS: dict[str, Effect] = {
    "record_talk": _talk,
    "record_recommendation_vote": _recommendation,
    "open_publicity": _open_notice,
    "file_objection": _objection,
    "resolve_objection": _resolve,
    "close_publicity": _close,
    "assign_mentors": _mentors,
    "record_assessment": _assessment,
    "record_training": _training,
    "designate_development_target": _designate,
    "record_political_review": _review,
    "set_sponsors": _sponsors,
    "submit_for_pre_review": _submit,
    "approve_pre_review": _pre_review_passed,
    "reject_pre_review": _back_to_target,
    "record_admission_ballot": _admission_ballot,
    "record_committee_interview": _interview,
    "approve_admission": _admit,
    "reject_admission": _back_to_target,
    "record_oath": _oath,
    "apply_for_conversion": _conversion_application,
    "record_conversion_ballot": _conversion_ballot,
    "approve_conversion": _approve_conversion,
    "reject_conversion": _reject_conversion,
    "transfer": _transfer,
    "withdraw": _end,
}
