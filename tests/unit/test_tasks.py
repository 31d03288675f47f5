from __future__ import annotations

from dataclasses import replace
from datetime import date

from service.app.tasks import REVIEWER_STATES, WAY_FORWARD, next_act
from service.workflow import STATE_NAMES, Record
from service.workflow.deadlines import Due
from service.workflow.definition import NON_FINAL
from service.workflow.record import Interview

RECORD = Record.opened(application_date=date(2025, 3, 1), birth_date=date(1995, 5, 20), branch_id=1)


def test_reviewers_wait_where_the_table_gives_a_reviewer_an_act() -> None:
    assert REVIEWER_STATES == ("pre_review", "awaiting_approval", "awaiting_conversion_approval")


def test_the_way_forward_leads_to_the_nearest_later_state() -> None:
    forward = {state: act.trigger for state, act in WAY_FORWARD.items() if act is not None}
    assert set(forward) == set(NON_FINAL)
    assert forward["admission_publicity"] == "submit_for_pre_review"
    assert forward["pre_review"] == "approve_pre_review"
    assert forward["awaiting_conversion_approval"] == "approve_conversion"
    for state, act in WAY_FORWARD.items():
        assert act is not None
        ahead = [STATE_NAMES.index(d) for d in act.outcomes.values() if d is not None]
        assert max(ahead) > STATE_NAMES.index(state), state


def test_a_due_step_done_by_a_record_act_comes_first() -> None:
    talk = Due(what="talk", due_date=date(2025, 4, 1), rule="talk.after_application")
    due, undated = next_act("applicant", RECORD, talk), next_act("applicant", RECORD, None)
    assert due is not None
    assert undated is not None
    assert (due.trigger, undated.trigger) == ("record_talk", "record_recommendation_vote")


def test_approval_waits_for_the_committee_interview_until_it_is_recorded() -> None:
    waiting = next_act("awaiting_approval", RECORD, None)
    assert waiting is not None
    assert (waiting.trigger, waiting.actor) == ("record_committee_interview", "reviewer")
    interviewed = replace(RECORD, interview=Interview(date(2025, 5, 1), "sound", "compliant"))
    approval = next_act("awaiting_approval", interviewed, None)
    assert approval is not None
    assert approval.trigger == "approve_admission"
