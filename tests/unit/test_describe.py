"""The served definition: the whole table as JSON, its content hash and the diagram."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

from service.workflow import (
    ACTS,
    EVIDENCE,
    RULES,
    STATE_NAMES,
    STATES,
    canonical_json,
    definition_hash,
    describe,
    mermaid_diagram,
)
from service.workflow.profiles import COUNTY_SEED, NATIONAL_2014


def test_the_description_holds_every_state_act_rule_and_evidence_field() -> None:
    described = describe(NATIONAL_2014)

    assert [state["name"] for state in described["states"]] == list(STATE_NAMES)
    assert len(described["transitions"]) == len(ACTS)
    assert {rule["id"] for rule in described["rules"]} == set(RULES)
    assert set(described["evidence"]) == set(EVIDENCE)
    assert described["initial_state"] == "applicant"
    assert described["common_rules"] == [
        "effective_date.not_future",
        "effective_date.in_order",
        "evidence.dates",
    ]


def test_a_vote_is_described_with_its_destinations_by_outcome() -> None:
    described = describe(NATIONAL_2014)
    ballot = next(t for t in described["transitions"] if t["trigger"] == "record_admission_ballot")

    assert ballot["destinations"] == [
        {"outcome": "passed", "dest": "awaiting_approval"},
        {"outcome": "failed", "dest": "development_target"},
    ]
    assert ballot["rules"] == [
        "ballot.method",
        "ballot.individual",
        "ballot.counts",
        "ballot.quorum",
    ]
    assert ballot["record"] is False


def test_the_description_is_json_with_chinese_kept_readable() -> None:
    body = canonical_json(describe(NATIONAL_2014))

    assert json.loads(body) == describe(NATIONAL_2014)
    assert "入党积极分子" in body


def test_the_hash_is_stable_and_differs_between_profiles() -> None:
    assert definition_hash(NATIONAL_2014) == definition_hash(replace(NATIONAL_2014))
    assert definition_hash(NATIONAL_2014) != definition_hash(COUNTY_SEED)
    assert len(definition_hash(COUNTY_SEED)) == 64


def test_requiring_a_plan_is_described_and_gives_a_hash_of_its_own() -> None:
    requiring = replace(NATIONAL_2014, require_plan=True)

    assert describe(NATIONAL_2014)["profile"]["require_plan"] is False
    assert describe(requiring)["profile"]["require_plan"] is True
    assert definition_hash(requiring) != definition_hash(NATIONAL_2014)
    assert (
        definition_hash(requiring)
        == hashlib.sha256(canonical_json(describe(requiring)).encode("utf-8")).hexdigest()
    )


def test_the_profile_is_part_of_the_description() -> None:
    assert describe(COUNTY_SEED)["profile"]["ballot_methods"] == ["secret_ballot", "show_of_hands"]


def test_the_diagram_draws_every_state_and_every_move_but_no_records() -> None:
    diagram = mermaid_diagram()

    assert "stateDiagram-v2" in diagram
    for state in STATES:
        assert f'state "{state.label_zh} {state.name}" as {state.name}' in diagram
    assert "applicant --> recommended: record_recommendation_vote [when_passed]" in diagram
    assert "record_talk" not in diagram
