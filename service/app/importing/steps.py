"""From a row's stage and known dates to the acts that bring a candidate there, and their rehearsal.

A sheet holds the dates an organiser keeps (application, activist, development target, the
branch assembly, approval, conversion); the acts between them are dated so that each notice
runs its full working days before the step it precedes. Counts a sheet does not hold (votes)
are recorded as the smallest meeting that passes, texts as a pointer to the paper file; every
event is marked `imported`, so no one mistakes them for minutes. The rehearsal decides every
act with the pure workflow, so a row that breaks a rule is refused before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from service.app.importing.rows import ImportRow, RowProblem, RowRejected
from service.workflow import (
    REVIEWER,
    SECRETARY,
    Decision,
    Record,
    RuleProfile,
    RulesNotMet,
    Situation,
    TransitionNotAllowed,
    WorkingCalendar,
    add_months,
    coerce,
    decide,
    open_application,
)
from service.workflow.calendar import whole_months_between
from service.workflow.situation import PlanUsage
from service.workflow.words import CHOICES, act_label

PAPER_FILE = "历史数据导入，详见纸质档案"
# The profile in force on a day (the deployment's schedule).
ProfileOn = Callable[[date], RuleProfile]
SMALLEST_MEETING = {
    "method": "secret_ballot",
    "expected": 1,
    "present": 1,
    "written_opinions": 0,
    "votes_for": 1,
    "votes_against": 0,
    "abstentions": 0,
    "voted_individually": True,
}
SMALLEST_RECOMMENDATION = {
    "method": "secret_ballot",
    "party_members": 1,
    "mass_representatives": 0,
    "ballots_cast": 1,
    "votes_for": 1,
}


@dataclass(frozen=True, slots=True)
class PlannedAct:
    trigger: str
    actor: str  # SECRETARY or REVIEWER
    on: date
    evidence: dict[str, Any]


def latest_notice_start(calendar: WorkingCalendar, profile: RuleProfile, done_by: date) -> date:
    """The last day a notice can start and still have run its working days by `done_by`."""
    start = done_by
    while calendar.nth_working_day(start, profile.notice_working_days).day > done_by:
        start -= timedelta(days=1)
    return start


def _people(names: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"name": name} for name in names]


def _half_year(day: date) -> str:
    return f"{day.year}H{1 if day.month <= 6 else 2}"


def _notice(start: date) -> dict[str, Any]:
    return {"starts_on": start.isoformat(), "channel": PAPER_FILE, "content": PAPER_FILE}


def _to_activist(
    row: ImportRow, profiles: ProfileOn, calendar: WorkingCalendar
) -> list[PlannedAct]:
    activist = row.dates["activist_date"]
    start = latest_notice_start(calendar, profiles(activist), activist)
    voted = min(row.dates.get("recommendation_date", start), start)
    return [
        PlannedAct("record_recommendation_vote", SECRETARY, voted, dict(SMALLEST_RECOMMENDATION)),
        PlannedAct("open_publicity", SECRETARY, start, _notice(start)),
        PlannedAct("close_publicity", SECRETARY, activist, {"decided_on": activist.isoformat()}),
        PlannedAct("assign_mentors", SECRETARY, activist, {"mentors": _people(row.mentors)}),
    ]


def _to_target(row: ImportRow, profiles: ProfileOn) -> list[PlannedAct]:
    activist, target = row.dates["activist_date"], row.dates["development_target_date"]
    interval = profiles(target).assessment_interval_months
    acts = [
        PlannedAct(
            "record_assessment",
            SECRETARY,
            on,
            {"period": _half_year(on), "summary": PAPER_FILE},
        )
        for k in range(1, whole_months_between(activist, target) // interval + 1)
        if (on := add_months(activist, k * interval)) <= target
    ]
    decided = {"decided_on": target.isoformat()}
    return [*acts, PlannedAct("designate_development_target", SECRETARY, target, decided)]


def _to_ballot(row: ImportRow, profiles: ProfileOn, calendar: WorkingCalendar) -> list[PlannedAct]:
    target, ballot = row.dates["development_target_date"], row.dates["admission_date"]
    start = latest_notice_start(calendar, profiles(ballot), ballot)
    notice_end = calendar.nth_working_day(start, profiles(start).notice_working_days).day
    profile = profiles(target)
    training = {
        "provider": PAPER_FILE,
        "starts_on": (target - timedelta(days=profile.training_minimum_days - 1)).isoformat(),
        "ends_on": target.isoformat(),
        "days": profile.training_minimum_days,
        "hours": profile.training_minimum_hours,
        "completed": True,
    }
    review = {
        "conclusion": "qualified",
        **dict.fromkeys(("attitude", "political_history", "law_abidance", "relatives"), PAPER_FILE),
    }
    return [
        PlannedAct("record_training", SECRETARY, target, training),
        PlannedAct("record_political_review", SECRETARY, target, review),
        PlannedAct("set_sponsors", SECRETARY, target, {"sponsors": _people(row.sponsors)}),
        PlannedAct("open_publicity", SECRETARY, start, _notice(start)),
        PlannedAct("submit_for_pre_review", SECRETARY, notice_end, {"materials": [PAPER_FILE]}),
        PlannedAct(
            "approve_pre_review",
            REVIEWER,
            notice_end,
            {"reviewer": {"name": "上级党委"}, "opinion": PAPER_FILE},
        ),
        PlannedAct("record_admission_ballot", SECRETARY, ballot, dict(SMALLEST_MEETING)),
    ]


def _to_probation(row: ImportRow) -> list[PlannedAct]:
    approved = row.dates.get("approval_date", row.dates["admission_date"])
    oath = row.dates.get("oath_date", approved)
    interview = {
        "interviewer": {"name": "上级党委"},
        "motive": "sound",
        "law_compliance": "compliant",
        "notes": PAPER_FILE,
    }
    return [
        PlannedAct("record_committee_interview", REVIEWER, approved, interview),
        PlannedAct("approve_admission", REVIEWER, approved, {"decided_on": approved.isoformat()}),
        PlannedAct("record_oath", SECRETARY, oath, {"held_on": oath.isoformat()}),
    ]


def _to_full_member(
    row: ImportRow, profiles: ProfileOn, calendar: WorkingCalendar
) -> list[PlannedAct]:
    """The conversion ballot and approval on the conversion date; `probation.ended` judges it."""
    ballot = row.dates["conversion_date"]
    start = latest_notice_start(calendar, profiles(ballot), ballot)
    return [
        PlannedAct("apply_for_conversion", SECRETARY, start, {"submitted_on": start.isoformat()}),
        PlannedAct("open_publicity", SECRETARY, start, _notice(start)),
        PlannedAct(
            "record_conversion_ballot",
            SECRETARY,
            ballot,
            {"resolution": "convert", **SMALLEST_MEETING},
        ),
        PlannedAct("approve_conversion", REVIEWER, ballot, {"decided_on": ballot.isoformat()}),
    ]


def plan_acts(row: ImportRow, profiles: ProfileOn, calendar: WorkingCalendar) -> list[PlannedAct]:
    """The acts after the application that bring the row's candidate to its stage, each stage
    planned by the numbers of the profile in force on its date (`profiles(day)`)."""
    acts: list[PlannedAct] = []
    talk = row.dates.get("talk_date")
    if talk is not None or row.reached("activist"):
        on = talk or row.application_date
        acts.append(
            PlannedAct(
                "record_talk",
                SECRETARY,
                on,
                {"talker": {"name": CHOICES["branch"].zh}, "summary": PAPER_FILE},
            )
        )
    if row.reached("activist"):
        acts += _to_activist(row, profiles, calendar)
    if row.reached("development_target"):
        acts += _to_target(row, profiles)
    if row.reached("awaiting_approval"):
        acts += _to_ballot(row, profiles, calendar)
    if row.reached("probationary_member"):
        acts += _to_probation(row)
    if row.reached("full_member"):
        acts += _to_full_member(row, profiles, calendar)
    return acts


@dataclass(frozen=True, slots=True)
class Rehearsal:
    """The application's record and each act's decision, all accepted by the workflow."""

    opened: Record
    acts: list[tuple[PlannedAct, Decision]]
    final_state: str


def rehearse(
    row: ImportRow,
    acts: list[PlannedAct],
    *,
    branch_id: int,
    profiles: ProfileOn,
    calendar: WorkingCalendar,
    today: date,
    plans: tuple[PlanUsage, ...],
) -> Rehearsal:
    """Decide every act in order on the pure workflow, each under the profile in force on its
    date; RowRejected at the first refusal."""
    record = Record.opened(
        application_date=row.application_date, birth_date=row.birth_date, branch_id=branch_id
    )
    base = Situation(
        state="applicant",
        trigger="submit_application",
        record=record,
        effective_date=row.application_date,
        today=today,
        profile=profiles(row.application_date),
        calendar=calendar,
        plans=plans,
    )
    decided: list[tuple[PlannedAct, Decision]] = []
    try:
        opened = open_application(base)
        state, record = "applicant", opened
        for act in acts:
            situation = replace(
                base,
                state=state,
                trigger=act.trigger,
                record=record,
                effective_date=act.on,
                profile=profiles(act.on),
                evidence=coerce(act.trigger, act.evidence),
            )
            decision = decide(situation)
            decided.append((act, decision))
            state, record = decision.destination, decision.record
    except RulesNotMet as refusal:
        title = act_label(refusal.trigger, refusal.state)
        raise RowRejected(
            [RowProblem(v.rule, f"{title}：{v.message_zh}") for v in refusal.violations]
        ) from None
    except TransitionNotAllowed as refusal:
        raise RowRejected(
            [RowProblem(refusal.violation.rule, refusal.violation.message_zh)]
        ) from None
    if state != row.stage:
        message = f"the acts end in {state}, not {row.stage} (a vote's dates or counts?)"
        raise RowRejected([RowProblem("import.stage", message)])
    return Rehearsal(opened, decided, state)
