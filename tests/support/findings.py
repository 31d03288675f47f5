"""One finding of every rule id, each from a situation that breaks the rule, for tests of how
refusals read (nothing recorded, choices, lists of steps, dates out of order)."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

import pytest

from service.workflow import RULES, RulesNotMet, TransitionNotAllowed, Violation
from service.workflow.definition import SIX_NO
from service.workflow.situation import PlanUsage
from tests.support.journey import (
    BALLOT,
    Journey,
    person,
    to_activist,
    to_admission_publicity,
    to_awaiting_approval,
    to_pre_review_passed,
)

ON = date(2024, 6, 10)


def _checked(j: Journey, rule_id: str, trigger: str, on: date, **evidence: Any) -> Violation:
    rule = RULES[rule_id]
    assert rule.check is not None
    details = rule.check(j.situation(trigger, on, evidence))
    assert isinstance(details, dict), (rule_id, details)
    return rule.violation(details, trigger=trigger)


def _fresh() -> Journey:
    return Journey.start()


def _refused(j: Journey, rule_id: str, trigger: str, on: date, **evidence: Any) -> Violation:
    with pytest.raises((RulesNotMet, TransitionNotAllowed)) as caught:
        j.act(trigger, on, **evidence)
    found = caught.value
    assert isinstance(found, RulesNotMet | TransitionNotAllowed)
    violations = found.violations if isinstance(found, RulesNotMet) else (found.violation,)
    return next(v for v in violations if v.rule == rule_id)


def _decided(j: Journey, rule_id: str, trigger: str, on: date, **evidence: Any) -> Violation:
    return next(v for v in j.act(trigger, on, **evidence).warnings if v.rule == rule_id)


def _too_young() -> Violation:
    with pytest.raises(RulesNotMet) as caught:
        Journey.start(born=date(2010, 1, 1))
    return caught.value.violations[0]


def _ballot(**changes: Any) -> dict[str, Any]:
    return {**BALLOT, **changes}


def _with_objection(j: Journey, **finding: Any) -> Journey:
    j.act("file_objection", date(2024, 5, 15), received_on=date(2024, 5, 15), summary="反映问题")
    if finding:
        j.act("resolve_objection", date(2024, 5, 16), objection_id=1, note="核实", **finding)
    return j


@cache
def one_finding_per_rule() -> dict[str, Violation]:
    """rule id → a violation of it, worded as the workflow words it."""
    fresh, vote = _fresh(), {"method": "secret_ballot", "party_members": 10}
    found = {
        violation.rule: violation
        for violation in (
            _checked(fresh, "effective_date.not_future", "record_talk", date(2027, 1, 1)),
            _checked(fresh, "effective_date.in_order", "record_talk", date(2023, 2, 1)),
            _checked(
                to_activist(_fresh()),
                "evidence.dates",
                "designate_development_target",
                ON,
                decided_on=date(2024, 6, 11),
            ),
            _too_young(),
            _checked(fresh, "talk.after_application", "record_talk", date(2023, 9, 1)),
            _checked(fresh, "talk.required", "record_recommendation_vote", ON),
            _checked(
                fresh,
                "recommendation.secret_ballot",
                "record_recommendation_vote",
                ON,
                **{**vote, "method": "show_of_hands"},
            ),
            _checked(
                fresh,
                "recommendation.counts",
                "record_recommendation_vote",
                ON,
                **vote,
                mass_representatives=0,
                ballots_cast=12,
                votes_for=3,
            ),
            _refused(_fresh(), "transition.allowed", "approve_admission", ON),
            _checked(fresh, "mentors.count", "assign_mentors", ON, mentors=[person("李四")] * 3),
            _checked(
                fresh, "sponsors.two_full_members", "set_sponsors", ON, sponsors=[person("李四")]
            ),
            _checked(
                fresh, "transfer.other_branch", "transfer", ON, to_branch_id=1, reason="工作调动"
            ),
            _checked(
                fresh, "probation.extend_once", "record_conversion_ballot", ON, resolution="extend"
            ),
            _checked(fresh, "publicity.period", "open_publicity", ON, starts_on=date(2023, 1, 2)),
            _checked(fresh, "publicity.objection_known", "resolve_objection", ON, objection_id=9),
            _checked(
                Journey(
                    state="awaiting_approval",
                    record=fresh.record,
                    plans=(PlanUsage(organization_id=1, year=2024, quota=3, used=3),),
                ),
                "plan.quota",
                "approve_admission",
                ON,
            ),
        )
    }
    for rule_id in (
        *SIX_NO,
        "approval.deadline",
        "cultivation.one_year",
        "training.length",
        "political_review.qualified",
        "pre_review.materials",
        "conversion.applied",
        "publicity.complete",
    ):
        found[rule_id] = _checked(fresh, rule_id, "approve_admission", ON)
    found["probation.ended"] = _checked(
        fresh, "probation.ended", "record_conversion_ballot", ON, resolution="convert"
    )
    found["publicity.objection_upheld"] = _checked(
        fresh, "publicity.objection_upheld", "close_publicity", ON
    )
    activist = to_activist(_fresh())
    found["assessment.half_yearly"] = _checked(
        activist, "assessment.half_yearly", "designate_development_target", date(2024, 4, 18)
    )
    noticed = _with_objection(to_admission_publicity(_fresh()))
    found["publicity.objections_resolved"] = _checked(
        noticed, "publicity.objections_resolved", "submit_for_pre_review", ON
    )
    found["publicity.within_period"] = _checked(
        noticed, "publicity.within_period", "file_objection", ON, received_on=date(2024, 5, 1)
    )
    upheld = _with_objection(to_admission_publicity(_fresh()), finding="do_not_develop")
    found["publicity.no_upheld_objection"] = _checked(
        upheld, "publicity.no_upheld_objection", "submit_for_pre_review", ON
    )
    talked = _fresh()
    talked.act("record_talk", date(2023, 3, 20), talker=person("王书记"), summary="了解入党动机")
    found["recommendation.majority"] = _decided(
        talked,
        "recommendation.majority",
        "record_recommendation_vote",
        date(2023, 4, 10),
        **vote,
        mass_representatives=0,
        ballots_cast=10,
        votes_for=2,
    )
    ballots = to_awaiting_approval(_fresh())
    counts = _ballot(method="show_of_hands", voted_individually=False, present=4, votes_for=9)
    for rule_id in ("ballot.method", "ballot.individual", "ballot.counts", "ballot.quorum"):
        found[rule_id] = _checked(ballots, rule_id, "record_admission_ballot", ON, **counts)
    found["ballot.majority"] = _decided(
        to_pre_review_passed(_fresh()),
        "ballot.majority",
        "record_admission_ballot",
        date(2024, 6, 5),
        **_ballot(votes_for=5, votes_against=6),
    )
    return found
