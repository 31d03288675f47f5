"""What a rule is: id, texts, source and a pure check; and the registry every rule joins."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from service.workflow.errors import Violation
from service.workflow.situation import Situation


class _Pending:
    """A check that needs evidence it was not given (when explaining)."""

    def __repr__(self) -> str:
        return "PENDING"


PENDING: Final = _Pending()
Outcome = dict[str, Any] | _Pending | None
Check = Callable[[Situation], Outcome]

BLOCK = "block"
WARN = "warn"


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def _texts(details: dict[str, Any], separator: str) -> _Defaults:
    return _Defaults(
        {
            key: separator.join(map(str, value)) if isinstance(value, list) else value
            for key, value in details.items()
        }
    )


@dataclass(frozen=True, slots=True)
class Rule:
    """`check` returns None when the rule holds, the details when it fails, or PENDING."""

    id: str
    message_zh: str
    message_en: str
    source: str
    check: Check | None = None
    severity: str = BLOCK

    def violation(self, details: dict[str, Any]) -> Violation:
        return Violation(
            rule=self.id,
            message_zh=self.message_zh.format_map(_texts(details, "、")),
            message_en=self.message_en.format_map(_texts(details, ", ")),
            source=self.source,
            details=details,
        )

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "source": self.source,
            "severity": self.severity,
        }


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, *, zh: str, en: str, source: str, severity: str = BLOCK
) -> Callable[[Check], Rule]:
    """Declare a rule from its check function; the rule joins RULES under its id."""

    def register(check: Check) -> Rule:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} declared twice")
        declared = Rule(rule_id, zh, en, source, check, severity)
        RULES[rule_id] = declared
        return declared

    return register


def deciding_rule(rule_id: str, *, zh: str, en: str, source: str) -> Rule:
    """A rule that picks the destination (a vote's result) instead of refusing."""
    declared = Rule(rule_id, zh, en, source, None, BLOCK)
    RULES[rule_id] = declared
    return declared


def iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
