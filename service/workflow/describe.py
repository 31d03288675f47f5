"""The definition as served to integrators and auditors: JSON, its content hash, a diagram."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Any

from transitions.extensions import GraphMachine

from service.workflow.definition import ACTS, COMMON_GUARDS, INITIAL_STATE, STATE_NAMES, STATES
from service.workflow.evidence import EVIDENCE
from service.workflow.machine import machine_transitions
from service.workflow.profiles import RuleProfile
from service.workflow.rules import RULES
from service.workflow.words import EN, ZH, choice_label

DEFINITION_VERSION = 1


def describe(profile: RuleProfile) -> dict[str, Any]:
    """States, acts, rules and the profile's settings: the whole contract, as JSON data."""
    return {
        "version": DEFINITION_VERSION,
        "profile": profile.as_dict(),
        "initial_state": INITIAL_STATE,
        "states": [
            {"name": s.name, "label_zh": s.label_zh, "label_en": s.label_en, "final": s.final}
            for s in STATES
        ],
        "common_rules": list(COMMON_GUARDS),
        "transitions": [
            {
                "trigger": act.trigger,
                "source": act.source,
                "label_zh": act.label_zh,
                "label_en": act.label_en,
                "actor": act.actor,
                "record": act.is_record,
                "destinations": [
                    {"outcome": outcome, "dest": dest} for outcome, dest in act.outcomes.items()
                ],
                "rules": list(act.guards),
                "warnings": list(act.warnings),
            }
            for act in ACTS
        ],
        "evidence": {
            trigger: [
                {
                    "name": f.name,
                    "kind": f.kind,
                    "required": f.required,
                    "choices": [
                        {
                            "value": value,
                            "label_zh": choice_label(value, ZH),
                            "label_en": choice_label(value, EN),
                        }
                        for value in f.choices
                    ],
                    "label_zh": f.label.zh,
                    "label_en": f.label.en,
                    "hint_zh": None if f.hint is None else f.hint.zh,
                    "hint_en": None if f.hint is None else f.hint.en,
                }
                for f in fields
            ]
            for trigger, fields in EVIDENCE.items()
        },
        "rules": [_rule(RULES[rule_id].describe(), profile) for rule_id in sorted(RULES)],
    }


def _rule(described: dict[str, Any], profile: RuleProfile) -> dict[str, Any]:
    """The rule as the profile applies it: its citation and severity where the profile sets them."""
    rule_id = described["id"]
    return {
        **described,
        "source": profile.citation(rule_id, described["source"]),
        "severity": profile.severity(rule_id, described["severity"]),
    }


def canonical_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@cache
def definition_hash(profile: RuleProfile) -> str:
    """The SHA-256 of the definition under `profile` (the resolved one, with every setting that
    changes decisions: a deployment's `require_plan` gives a hash of its own)."""
    body = canonical_json(describe(profile))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@cache
def mermaid_diagram() -> str:
    """A Mermaid state diagram drawn by `transitions` from the Machine's transitions (the
    table's rows), records left out."""

    class _Diagram:
        state = INITIAL_STATE

    model = _Diagram()
    GraphMachine(
        model=model,
        states=list(STATE_NAMES),
        initial=INITIAL_STATE,
        transitions=[row for row in machine_transitions() if row["dest"] is not None],
        auto_transitions=False,
        graph_engine="mermaid",
        show_conditions=True,
    )
    drawn: str = model.get_graph().draw(None)  # type: ignore[attr-defined]
    return _tidy(drawn)


def _tidy(drawn: str) -> str:
    """Valid front matter, Chinese state labels, and no styling of the diagram model's state."""
    labels = {state.name: state.label_zh for state in STATES}
    lines = ["---", "title: 发展党员工作流程 (recruitflow)", "---"]
    body = drawn.split("---", 2)[2] if drawn.startswith("---") else drawn
    for line in body.strip("\n").splitlines():
        stripped = line.strip()
        if stripped.startswith(("classDef ", "Class ", "class ")):
            continue
        if stripped.startswith("state ") and " as " in stripped:
            name = stripped.rsplit(" as ", 1)[1]
            line = f'  state "{labels.get(name, name)} {name}" as {name}'
        lines.append(line.rstrip())
    return "\n".join(line for i, line in enumerate(lines) if line or lines[i - 1]) + "\n"
