"""Asserting refusals: the rule ids a refused act names, and one violation's details."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from service.workflow import RulesNotMet, Violation
from tests.support.journey import Journey


def refusal(j: Journey, trigger: str, on: date, **evidence: Any) -> RulesNotMet:
    state, record = j.state, j.record
    with pytest.raises(RulesNotMet) as caught:
        j.act(trigger, on, **evidence)
    assert (j.state, j.record) == (state, record)
    return caught.value


def rule_ids(error: RulesNotMet) -> set[str]:
    return {violation.rule for violation in error.violations}


def violation(found: RulesNotMet | tuple[Violation, ...], rule_id: str) -> Violation:
    violations = found.violations if isinstance(found, RulesNotMet) else found
    matching = [item for item in violations if item.rule == rule_id]
    assert len(matching) == 1, [item.rule for item in violations]
    return matching[0]
