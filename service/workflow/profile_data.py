"""A rule profile from plain data (a parsed TOML file): every key checked, with the file, the key
and the reason when one is wrong; and `extends` merged, child over parent. Pure: the shell reads
the files (service.app.profiles)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from service.workflow.definition import ACTS, COMMON_GUARDS
from service.workflow.profiles import VOTING_METHODS, RuleOverride, RuleProfile
from service.workflow.rules import BLOCK, RULES, WARN

# The sane range of every number: wide enough for any text we know of, narrow enough to catch a
# typo (months written as days, a missing digit).
NUMBERS: dict[str, tuple[int, int]] = {
    "minimum_age": (14, 30),
    "talk_within_months": (1, 12),
    "notice_working_days": (1, 30),
    "cultivation_years": (1, 5),
    "assessment_interval_months": (1, 12),
    "training_minimum_days": (1, 60),
    "training_minimum_hours": (1, 500),
    "approval_months": (1, 12),
    "approval_months_with_special_reason": (1, 24),
    "probation_years": (1, 3),
    "extension_months_minimum": (1, 24),
    "extension_months_maximum": (1, 24),
    "maximum_extensions": (0, 3),
    "mentors_minimum": (1, 5),
    "mentors_maximum": (1, 5),
    "sponsors_required": (1, 5),
}
TEXTS = ("name", "label_zh", "label_en", "extends")
METHODS = ("ballot_methods", "recommendation_methods")
FLAGS = ("require_plan",)
KEYS = frozenset((*NUMBERS, *TEXTS, *METHODS, *FLAGS, "rules"))
# A profile states every setting, itself or through `extends`: none falls back to a default
# nobody wrote down (and a stored definition missing one is not read as a profile).
REQUIRED = ("name", "label_zh", *NUMBERS, *METHODS, *FLAGS)
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
# A profile may turn a rule into a warning (or a warning into a refusal) only where the act's
# table checks it; the common guards and the deciding rules keep their severity.
ADJUSTABLE = frozenset(
    rule_id for act in ACTS for rule_id in (*act.guards, *act.warnings)
) - frozenset(COMMON_GUARDS)


@dataclass(frozen=True, slots=True)
class ProfileProblem:
    source: str
    key: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.key}: {self.reason}"


class ProfileInvalid(ValueError):
    """A profile that does not load; `problems` lists every one found."""

    def __init__(self, problems: list[ProfileProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(map(str, problems)))


def check_mapping(data: Mapping[str, Any], *, source: str) -> list[ProfileProblem]:
    """Every problem of one file's keys on its own (a child need not repeat its parent's)."""
    problems: list[ProfileProblem] = []

    def problem(key: str, reason: str) -> None:
        problems.append(ProfileProblem(source, key, reason))

    for key, value in data.items():
        if key not in KEYS:
            problem(key, "unknown key")
        elif key in NUMBERS:
            low, high = NUMBERS[key]
            if isinstance(value, bool) or not isinstance(value, int):
                problem(key, f"must be a whole number, not {type(value).__name__} {value!r}")
            elif not low <= value <= high:
                problem(key, f"{value} is outside {low}..{high}")
        elif key in TEXTS:
            if not isinstance(value, str) or not value.strip():
                problem(key, f"must be a non-empty string, not {value!r}")
            elif key == "name" and not NAME.match(value):
                problem(key, f"{value!r} must be lower-case letters, digits, . _ - (≤ 40)")
        elif key in METHODS:
            if (
                not isinstance(value, list)
                or not value
                or not all(isinstance(v, str) for v in value)
            ):
                problem(key, f"must be a non-empty list of {', '.join(VOTING_METHODS)}")
            elif unknown := [v for v in value if v not in VOTING_METHODS]:
                problem(
                    key, f"unknown method {', '.join(unknown)}; known: {', '.join(VOTING_METHODS)}"
                )
        elif key in FLAGS:
            if not isinstance(value, bool):
                problem(key, f"must be true or false, not {value!r}")
        else:
            problems += _check_rules(value, source=source)
    return problems


def _check_rules(value: Any, *, source: str) -> list[ProfileProblem]:
    if not isinstance(value, Mapping):
        return [ProfileProblem(source, "rules", "must be a table of rule ids")]
    problems = []
    for rule_id, override in value.items():
        key = f"rules.{rule_id}"
        if rule_id not in RULES:
            problems.append(ProfileProblem(source, key, "no rule has this id"))
            continue
        if not isinstance(override, Mapping):
            problems.append(ProfileProblem(source, key, "must be a table (citation, severity)"))
            continue
        for name, setting in override.items():
            if name == "citation":
                if not isinstance(setting, str) or not setting.strip():
                    problems.append(ProfileProblem(source, f"{key}.citation", "must be text"))
            elif name == "severity":
                if setting not in (BLOCK, WARN):
                    reason = f"must be {BLOCK!r} or {WARN!r}, not {setting!r}"
                    problems.append(ProfileProblem(source, f"{key}.severity", reason))
                elif rule_id not in ADJUSTABLE:
                    reason = "this rule's severity is fixed"
                    problems.append(ProfileProblem(source, f"{key}.severity", reason))
            else:
                problems.append(ProfileProblem(source, f"{key}.{name}", "unknown key"))
    return problems


def merge(parent: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """`child` over `parent`: its keys replace the parent's, its rules merge per rule id; the
    child's name and titles are its own."""
    merged = {k: v for k, v in parent.items() if k not in ("name", "label_zh", "label_en")}
    merged.update({k: v for k, v in child.items() if k not in ("rules", "extends")})
    rules = {rule_id: dict(o) for rule_id, o in parent.get("rules", {}).items()}
    for rule_id, override in child.get("rules", {}).items():
        rules[rule_id] = {**rules.get(rule_id, {}), **override}
    if rules:
        merged["rules"] = rules
    return merged


def profile_from_mapping(data: Mapping[str, Any], *, source: str) -> RuleProfile:
    """The profile a complete (merged) mapping states; ProfileInvalid lists every problem."""
    problems = check_mapping(data, source=source)
    problems += [ProfileProblem(source, k, "missing") for k in REQUIRED if k not in data]
    values: dict[str, Any] = {k: v for k, v in data.items() if k not in ("extends", "rules")}
    if not problems:
        for key in METHODS:
            if key in values:
                values[key] = tuple(values[key])
        overrides = tuple(
            RuleOverride(rule_id, o.get("citation"), o.get("severity"))
            for rule_id, o in sorted(data.get("rules", {}).items())
        )
        profile = RuleProfile(**values, rules=overrides)
        for low, high in (
            ("extension_months_minimum", "extension_months_maximum"),
            ("mentors_minimum", "mentors_maximum"),
            ("approval_months", "approval_months_with_special_reason"),
        ):
            if getattr(profile, low) > getattr(profile, high):
                reason = f"{getattr(profile, low)} is more than {high} ({getattr(profile, high)})"
                problems.append(ProfileProblem(source, low, reason))
        if not problems:
            return profile
    raise ProfileInvalid(problems)
