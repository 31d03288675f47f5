"""What a rule is: id, texts, source and a pure check; and the registry every rule joins.

A violation's texts show each value as people read it (service/workflow/words/): nothing as
未记录, choices, steps and acts by their labels; a detail `x_en` stands for `x` in English."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from service.workflow import words
from service.workflow.errors import Violation
from service.workflow.situation import Situation
from service.workflow.words import EN, ZH, Language


class _Pending:
    """A check that needs evidence it was not given (when explaining)."""

    def __repr__(self) -> str:
        return "PENDING"


PENDING: Final = _Pending()
Outcome = dict[str, Any] | _Pending | None
Check = Callable[[Situation], Outcome]

BLOCK = "block"
WARN = "warn"


class _Shown(dict[str, str]):
    def __init__(self, values: dict[str, str], language: Language) -> None:
        super().__init__(values)
        self.language = language

    def __missing__(self, key: str) -> str:
        return words.NOT_RECORDED(self.language)


def _show(key: str, value: Any, language: Language, trigger: str | None) -> str:
    if key == "state" and isinstance(value, str):
        return words.state_label(value, language)
    if key == "trigger" and isinstance(value, str):
        return words.act_label(value, None, language)
    if key == "fields":
        return words.show_fields(value, trigger, language)
    return words.show(value, language)


def render(
    template: str, details: dict[str, Any], language: Language, trigger: str | None = None
) -> str:
    """The template filled with the details as people read them in `language`."""
    shown = {}
    for key, value in details.items():
        if key.endswith("_en"):
            continue
        if language == EN and f"{key}_en" in details:
            value = details[f"{key}_en"]
        shown[key] = _show(key, value, language, trigger)
    return template.format_map(_Shown(shown, language))


@dataclass(frozen=True, slots=True)
class Rule:
    """`check` returns None when the rule holds, the details when it fails, or PENDING."""

    id: str
    message_zh: str
    message_en: str
    source: str
    check: Check | None = None
    severity: str = BLOCK

    def violation(self, details: dict[str, Any], *, trigger: str | None = None) -> Violation:
        """The finding; `trigger` names the act whose evidence fields the texts may name."""
        return Violation(
            rule=self.id,
            message_zh=render(self.message_zh, details, ZH, trigger),
            message_en=render(self.message_en, details, EN, trigger),
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
