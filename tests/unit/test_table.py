"""Invariants of the table: reachability, finals, one row per (trigger, source), rules defined,
destinations read from the rows, the Machine's checks, and agreement with workflow.md."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from service.workflow import (
    ACTS,
    ACTS_BY_KEY,
    EVIDENCE,
    FINAL_STATES,
    INITIAL_STATE,
    RULES,
    SECRETARY,
    STATE_NAMES,
    STATES,
    TRIGGERS,
    Act,
    InvalidTable,
    State,
    UnknownOutcome,
)
from service.workflow.definition import COMMON_GUARDS, NON_FINAL, PUBLICITY_STATES
from service.workflow.effects import EFFECTS
from service.workflow.machine import (
    MACHINE,
    build_machine,
    check_machine,
    duplicate_transitions,
    exits_from_final_states,
    leads_to,
    unreachable_states,
)

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


def test_each_declared_destination_is_read_from_the_acts_row_by_its_outcome() -> None:
    for act in ACTS:
        for outcome, dest in act.outcomes.items():
            assert leads_to(act, outcome) == (dest or act.source), (
                act.trigger,
                act.source,
            )


def test_an_outcome_the_row_does_not_name_is_refused() -> None:
    with pytest.raises(UnknownOutcome) as caught:
        leads_to(ACTS_BY_KEY["approve_admission", "awaiting_approval"], "cancel")

    assert (caught.value.trigger, caught.value.state, caught.value.outcome) == (
        "approve_admission",
        "awaiting_approval",
        "cancel",
    )
    assert caught.value.named == (None,)
    with pytest.raises(UnknownOutcome):
        leads_to(ACTS_BY_KEY["record_admission_ballot", "pre_review_passed"], None)
    with pytest.raises(UnknownOutcome):
        leads_to(ACTS_BY_KEY["approve_conversion", "awaiting_conversion_approval"], "passed")


def test_the_machine_has_one_event_per_trigger_and_no_shortcuts() -> None:
    assert set(MACHINE.events) == set(TRIGGERS)
    assert MACHINE.auto_transitions is False
    assert not [event for event in MACHINE.events if event.startswith("to_")]
    assert list(MACHINE.states) == list(STATE_NAMES)
    assert {name for name, state in MACHINE.states.items() if state.final} == FINAL_STATES


def test_the_machine_holds_one_transition_per_outcome_named_by_its_condition() -> None:
    held = {
        (trigger, source, tuple(condition.func for condition in transition.conditions))
        for trigger, event in MACHINE.events.items()
        for source, transitions in event.transitions.items()
        for transition in transitions
    }
    declared = {
        (act.trigger, act.source, () if outcome is None else (f"when_{outcome}",))
        for act in ACTS
        for outcome in act.outcomes
    }

    assert held == declared


def test_the_real_table_passes_every_check_of_the_machine() -> None:
    assert unreachable_states(MACHINE) == []
    assert duplicate_transitions(MACHINE) == []
    assert exits_from_final_states(MACHINE) == []
    check_machine(MACHINE)


def test_a_state_no_act_leads_to_fails_the_reachability_check() -> None:
    limbo = State("limbo")
    machine = build_machine((*STATES, limbo), ACTS)

    assert unreachable_states(machine) == ["limbo"]
    with pytest.raises(InvalidTable, match="limbo is unreachable from applicant"):
        check_machine(machine)


def test_a_transition_declared_twice_fails_the_duplicate_check() -> None:
    again = Act("approve_pre_review", "pre_review", "reviewer", {None: "withdrawn"})
    machine = build_machine(STATES, (*ACTS, again))

    assert duplicate_transitions(machine) == [("approve_pre_review", "pre_review", None)]
    with pytest.raises(InvalidTable, match="approve_pre_review from pre_review with outcome None"):
        check_machine(machine)


def test_an_act_leaving_a_final_state_fails_the_finals_check() -> None:
    reopen = Act("reopen", "withdrawn", SECRETARY, {None: "applicant"})
    record = Act("record_talk", "full_member", SECRETARY, {None: None})
    machine = build_machine(STATES, (*ACTS, reopen, record))

    assert exits_from_final_states(machine) == [
        ("record_talk", "full_member"),
        ("reopen", "withdrawn"),
    ]
    with pytest.raises(InvalidTable, match="reopen leaves the final state withdrawn"):
        check_machine(machine)


def test_every_check_that_fails_is_named_at_once() -> None:
    limbo = State("limbo")
    reopen = Act("reopen", "withdrawn", SECRETARY, {None: "applicant"})
    machine = build_machine((*STATES, limbo), (*ACTS, reopen, reopen))

    with pytest.raises(InvalidTable) as caught:
        check_machine(machine)

    assert caught.value.problems == [
        "limbo is unreachable from applicant",
        "reopen from withdrawn with outcome None is declared twice",
        "reopen leaves the final state withdrawn",
        "reopen leaves the final state withdrawn",
    ]


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


def _contract_moves() -> dict[str, list[str]]:
    """Each trigger's "from → to" cell, split into its "; "-separated parts."""
    moves: dict[str, list[str]] = {}
    for line in _section(_contract(), "Triggers").splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
            moves[cells[0].strip("`")] = re.split(r"; (?![^(]*\))", cells[1])
    return moves


def _said(part: str) -> dict[str, set[str]]:
    """The destinations one part of the contract's cell gives each source ("record" keeps it)."""
    before = re.fullmatch(r"any non-final state before ([a-z_]+) → ([a-z_]+)", part)
    if before:
        sources = STATE_NAMES[: STATE_NAMES.index(before[1])]
        return {source: {before[2]} for source in sources}
    recorded = re.fullmatch(r"(.+?) \(record.*\)", part)
    if recorded:
        groups = {"any *_publicity": PUBLICITY_STATES, "any non-final": NON_FINAL}
        sources = groups.get(recorded[1]) or tuple(recorded[1].split(", "))
        return {source: {"record"} for source in sources}
    source, to = part.split(" → ")
    return {source: {re.sub(r" \(.*\)$", "", dest) for dest in to.split(r" \| ")}}


def test_the_destinations_of_the_table_are_those_of_the_contract() -> None:
    for trigger, parts in _contract_moves().items():
        said = {source: dests for part in parts for source, dests in _said(part).items()}
        table = {
            act.source: {"record" if dest is None else dest for dest in act.outcomes.values()}
            for act in ACTS
            if act.trigger == trigger
        }

        assert said == table, trigger


def test_approving_an_admission_leads_to_probation_and_nowhere_else() -> None:
    (approve,) = [act for act in ACTS if act.trigger == "approve_admission"]

    assert approve.outcomes == {None: "probationary_member"}
    assert leads_to(approve, None) == "probationary_member"


def test_every_rule_id_in_the_contract_is_defined() -> None:
    named = set(RULE_ID.findall(_contract()))

    assert len(named) > 30
    assert named - set(RULES) == set()
