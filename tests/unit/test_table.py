"""Invariants of the table: reachability, finals, one row per (trigger, source), rules defined,
and agreement with the public contract in workflow.md."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from transitions import MachineError

from service.workflow import (
    ACTS,
    EVIDENCE,
    FINAL_STATES,
    INITIAL_STATE,
    RULES,
    STATE_NAMES,
    STATES,
    TRIGGERS,
)
from service.workflow.definition import COMMON_GUARDS
from service.workflow.effects import EFFECTS
from service.workflow.machine import DESTINATIONS, MACHINE, OUTCOMES, confirm, fire

APPLICATION_RULES = ("effective_date.not_future", "applicant.age")
DECIDING_RULES = {"recommendation.majority", "ballot.majority", "transition.allowed"}
CONTRACT_CANDIDATES = (
    Path(__file__).parents[2] / "docs" / "workflow.md",
    Path(__file__).parents[3] / "shared" / "docs" / "workflow.md",
)
RULE_ID = re.compile(r"`([a-z_]+\.[a-z_]+)`")


def _contract() -> str:
    for path in CONTRACT_CANDIDATES:
        if path.exists():
            return path.read_text(encoding="utf-8")
    pytest.skip("workflow.md is not beside the project")


def _section(text: str, heading: str) -> str:
    return text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def _first_column(section: str) -> list[str]:
    return re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)


def test_every_state_is_reachable_from_applicant() -> None:
    reached, frontier = {INITIAL_STATE}, [INITIAL_STATE]
    while frontier:
        state = frontier.pop()
        for act in ACTS:
            if act.source == state:
                for dest in act.outcomes.values():
                    if dest is not None and dest not in reached:
                        reached.add(dest)
                        frontier.append(dest)

    assert reached == set(STATE_NAMES)


def test_final_states_have_no_exits_and_every_other_state_has_one() -> None:
    sources = {act.source for act in ACTS}
    leaving = {act.source for act in ACTS if not act.is_record}

    assert sources.isdisjoint(FINAL_STATES)
    assert leaving == set(STATE_NAMES) - FINAL_STATES
    assert {"full_member", "withdrawn", "disqualified"} == FINAL_STATES


def test_no_two_rows_share_a_trigger_and_source() -> None:
    repeated = [
        key
        for key, count in Counter((act.trigger, act.source) for act in ACTS).items()
        if count > 1
    ]

    assert repeated == []


def test_the_outcomes_of_one_act_lead_to_distinct_destinations() -> None:
    for act in ACTS:
        destinations = list(act.outcomes.values())
        assert len(destinations) == len(set(destinations)), act.trigger


def test_the_machine_reaches_each_declared_destination_by_its_outcome() -> None:
    for act in ACTS:
        for outcome, dest in act.outcomes.items():
            assert confirm(act.source, act.trigger, outcome) == (dest or act.source), (
                act.trigger,
                act.source,
            )


def test_the_destination_table_answers_as_the_machine_for_every_state_trigger_and_outcome() -> None:
    for state in STATE_NAMES:
        for trigger in TRIGGERS:
            for outcome in OUTCOMES:
                try:
                    reached = fire(state, trigger, outcome)
                except MachineError:  # the state has no such trigger
                    reached = None

                assert DESTINATIONS.get((state, trigger, outcome)) == reached, (
                    state,
                    trigger,
                    outcome,
                )


def test_the_table_asks_the_machine_about_every_outcome_its_conditions_test() -> None:
    conditions = {
        condition.func
        for event in MACHINE.events.values()
        for transitions in event.transitions.values()
        for transition in transitions
        for condition in transition.conditions
    }

    assert conditions == {f"when_{outcome}" for outcome in OUTCOMES if outcome is not None}


def test_an_outcome_no_transition_takes_is_refused() -> None:
    with pytest.raises(RuntimeError, match="machine refused"):
        confirm("pre_review_passed", "record_admission_ballot", None)


def test_the_machine_has_one_event_per_trigger_and_no_shortcuts() -> None:
    assert set(MACHINE.events) == set(TRIGGERS)
    assert MACHINE.auto_transitions is False
    assert not [event for event in MACHINE.events if event.startswith("to_")]
    assert list(MACHINE.states) == list(STATE_NAMES)


def test_every_rule_an_act_names_is_defined() -> None:
    named = {rule_id for act in ACTS for rule_id in (*act.guards, *act.warnings)}

    assert named - set(RULES) == set()
    assert set(COMMON_GUARDS) - set(RULES) == set()


def test_every_rule_is_used_by_an_act_the_application_or_a_vote() -> None:
    checked = {rule_id for act in ACTS for rule_id in (*act.guards, *act.warnings)}
    used = checked | set(COMMON_GUARDS) | set(APPLICATION_RULES) | DECIDING_RULES

    assert set(RULES) == used
    assert {rule_id for rule_id, rule in RULES.items() if rule.check is None} == DECIDING_RULES


def test_every_rule_has_chinese_and_english_text_and_a_source() -> None:
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert rule.message_zh, rule_id
        assert rule.message_en, rule_id
        assert rule.source, rule_id
        assert rule.severity in ("block", "warn"), rule_id


def test_warnings_are_warn_rules_and_guards_are_blocking_rules() -> None:
    for act in ACTS:
        assert all(RULES[rule_id].severity == "warn" for rule_id in act.warnings), act.trigger
        assert all(RULES[rule_id].severity == "block" for rule_id in act.guards), act.trigger


def test_every_trigger_has_evidence_and_an_effect() -> None:
    assert set(EVIDENCE) == set(TRIGGERS)
    assert set(EFFECTS) == set(TRIGGERS)


def test_the_states_of_the_contract_are_the_states_of_the_table() -> None:
    section = _section(_contract(), "States")
    labels = dict(re.findall(r"^\| `([a-z_]+)` \| ([^|]+?) \|", section, flags=re.MULTILINE))
    finals = set(re.findall(r"^\| `([a-z_]+)` \| [^|]+ \| yes \|", section, flags=re.MULTILINE))

    assert labels == {state.name: state.label_zh for state in STATES}
    assert finals == FINAL_STATES


def test_the_triggers_of_the_contract_are_the_triggers_of_the_table() -> None:
    assert set(_first_column(_section(_contract(), "Triggers"))) == set(TRIGGERS)


def test_every_rule_id_in_the_contract_is_defined() -> None:
    named = set(RULE_ID.findall(_contract()))

    assert len(named) > 30
    assert named - set(RULES) == set()
