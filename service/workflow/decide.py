"""Deciding an act: check every rule, pick the outcome, read its destination from the act's row,
fold the record.

`decide` refuses with every failed rule at once; `explain` runs the same guards for each
trigger of a state without evidence, as a checklist; `open_application` admits a new applicant.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from service.workflow.definition import ACTS_BY_KEY, COMMON_GUARDS, TRIGGERS, TRIGGERS_BY_STATE, Act
from service.workflow.effects import EFFECTS
from service.workflow.errors import RulesNotMet, TransitionNotAllowed, UnknownTrigger, Violation
from service.workflow.machine import leads_to
from service.workflow.record import Record
from service.workflow.rules import PENDING, RULES, WARN
from service.workflow.rules.ballot import BALLOT_MAJORITY, ballot_passes
from service.workflow.rules.intake import RECOMMENDATION_MAJORITY, TRANSITION_ALLOWED
from service.workflow.situation import Situation


@dataclass(frozen=True, slots=True)
class Decision:
    """An act the workflow accepts: where it leads and what the record becomes."""

    trigger: str
    source: str
    destination: str
    outcome: str | None
    record: Record
    rules_checked: tuple[str, ...]
    warnings: tuple[Violation, ...]
    notes: Mapping[str, Any]

    @property
    def changes_state(self) -> bool:
        return self.destination != self.source


@dataclass(frozen=True, slots=True)
class Explanation:
    trigger: str
    allowed: bool
    violations: tuple[Violation, ...]
    pending_rules: tuple[str, ...]
    actor: str


def _act(trigger: str, state: str) -> Act:
    if trigger not in TRIGGERS:
        raise UnknownTrigger(trigger)
    act = ACTS_BY_KEY.get((trigger, state))
    if act is None:
        allowed = TRIGGERS_BY_STATE.get(state, ())
        details = {"state": state, "trigger": trigger, "allowed": list(allowed)}
        raise TransitionNotAllowed(
            trigger=trigger,
            state=state,
            allowed=allowed,
            violation=TRANSITION_ALLOWED.violation(details),
        )
    return act


@dataclass(frozen=True, slots=True)
class _Findings:
    """What the act's guards and warnings found, by the severity the profile gives each rule."""

    refusals: list[Violation]
    warnings: list[Violation]
    pending: list[str]
    checked: tuple[str, ...]


def _evaluate(act: Act, s: Situation) -> _Findings:
    found = _Findings([], [], [], (*COMMON_GUARDS, *act.guards))
    for rule_id in (*found.checked, *act.warnings):
        rule = RULES[rule_id]
        assert rule.check is not None
        details = rule.check(s)
        if details is PENDING:
            if rule_id not in act.warnings:
                found.pending.append(rule_id)
        elif isinstance(details, dict):
            violation = cited(rule.violation(details, trigger=s.trigger), s)
            refuses = s.profile.severity(rule_id, rule.severity) != WARN
            (found.refusals if refuses else found.warnings).append(violation)
    return found


def cited(violation: Violation, s: Situation) -> Violation:
    """The violation with the citation the profile gives its rule (a revised text's article)."""
    source = s.profile.citation(violation.rule, violation.source)
    return violation if source == violation.source else replace(violation, source=source)


def _outcome(act: Act, s: Situation) -> tuple[str | None, dict[str, Any], list[Violation]]:
    """The outcome that picks the destination, notes for the caller, and informative findings."""
    e: Mapping[str, Any] = s.evidence or {}
    if act.trigger == "record_recommendation_vote":
        participants = e["party_members"] + e["mass_representatives"]
        details = {
            "participants": participants,
            "votes_for": e["votes_for"],
            "required": (participants + 1) // 2,
        }
        if e["votes_for"] * 2 >= participants:
            return "passed", {"majority": True}, []
        finding = RECOMMENDATION_MAJORITY.violation(details)
        if e.get("override_reason"):
            override = {**details, "override": True, "override_reason": e["override_reason"]}
            return (
                "passed",
                {"majority": False, "override": True},
                [RECOMMENDATION_MAJORITY.violation(override)],
            )
        return "failed", {"majority": False}, [finding]
    if act.trigger in ("record_admission_ballot", "record_conversion_ballot"):
        expected, votes_for = e["expected"], e["votes_for"]
        if ballot_passes(expected, votes_for):
            return "passed", {"majority": True}, []
        details = {
            "expected": expected,
            "votes_for": votes_for,
            "required_more_than": expected // 2,
        }
        return "failed", {"majority": False}, [BALLOT_MAJORITY.violation(details)]
    if act.trigger == "close_publicity":
        upheld = s.notice is not None and s.notice.upheld
        return ("upheld" if upheld else "proceed"), {}, []
    if act.trigger == "file_objection":
        return None, {"objection_id": s.record.next_objection_id}, []
    if act.trigger == "approve_conversion":
        ballot = s.record.conversion_ballot
        assert ballot is not None
        assert ballot.resolution is not None
        return ballot.resolution, {"resolution": ballot.resolution}, []
    if act.trigger == "open_publicity":
        end = s.calendar.nth_working_day(e["starts_on"], s.profile.notice_working_days)
        notes = {
            "ends_on": end.day.isoformat(),
            "provisional": end.provisional,
            "working_days": s.profile.notice_working_days,
        }
        return None, notes, []
    return None, {}, []


def decide(s: Situation) -> Decision:
    """Decide the act `s.trigger` with `s.evidence` on `s.record` in `s.state`."""
    act = _act(s.trigger, s.state)
    found = _evaluate(act, s)
    if found.refusals:
        raise RulesNotMet(trigger=s.trigger, state=s.state, violations=tuple(found.refusals))
    outcome, notes, findings = _outcome(act, s)
    if outcome is not None:
        notes = {**notes, "outcome": outcome}
    destination = leads_to(act, outcome)
    record = fold(s, outcome=outcome, notes=notes, destination=destination)
    return Decision(
        trigger=s.trigger,
        source=s.state,
        destination=destination,
        outcome=outcome,
        record=record,
        rules_checked=found.checked,
        warnings=(*found.warnings, *(cited(finding, s) for finding in findings)),
        notes=notes,
    )


def fold(
    s: Situation, *, outcome: str | None, notes: Mapping[str, Any], destination: str
) -> Record:
    """The record after the applied act: what its effect changes and the dates every act moves,
    in one `replace` (the record has some thirty fields, and every act is folded)."""
    record = s.record
    changes = EFFECTS[s.trigger](record, s, outcome, notes)
    return replace(
        record,
        **changes,
        last_act_on=max(record.last_act_on, s.effective_date),
        state_entered_on=s.effective_date if destination != s.state else record.state_entered_on,
    )


def explain(s: Situation) -> tuple[Explanation, ...]:
    """Every trigger of `s.state`, allowed or not, judged on the record alone (no evidence)."""
    explanations = []
    for trigger in TRIGGERS_BY_STATE.get(s.state, ()):
        act = ACTS_BY_KEY[(trigger, s.state)]
        found = _evaluate(act, replace(s, trigger=trigger, evidence=None))
        refusals = tuple(found.refusals)
        explanations.append(
            Explanation(trigger, not refusals, refusals, tuple(found.pending), act.actor)
        )
    return tuple(explanations)


def open_application(s: Situation) -> Record:
    """Admit a new applicant (the first act, `submit_application`); refuses with every failure."""
    failures = []
    for rule_id in ("effective_date.not_future", "applicant.age"):
        rule = RULES[rule_id]
        assert rule.check is not None
        found = rule.check(s)
        if isinstance(found, dict):
            failures.append(cited(rule.violation(found), s))
    if failures:
        raise RulesNotMet(
            trigger="submit_application", state="applicant", violations=tuple(failures)
        )
    return s.record
