"""Rule profiles: the numbers and options a deployment chooses (national rules or county seed),
all of them part of the definition (and its hash) every event is pinned to."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

SECRET_BALLOT = "secret_ballot"
SHOW_OF_HANDS = "show_of_hands"
VOTING_METHODS = (SECRET_BALLOT, SHOW_OF_HANDS)


@dataclass(frozen=True, slots=True)
class RuleOverride:
    """A profile's own citation or severity for one rule (None keeps the rule's)."""

    rule: str
    citation: str | None = None
    severity: str | None = None


@dataclass(frozen=True, slots=True)
class RuleProfile:
    name: str
    label_zh: str
    label_en: str = ""
    minimum_age: int = 18
    talk_within_months: int = 1
    notice_working_days: int = 5
    cultivation_years: int = 1
    assessment_interval_months: int = 6
    training_minimum_days: int = 3
    training_minimum_hours: int = 24
    ballot_methods: tuple[str, ...] = (SECRET_BALLOT,)
    recommendation_methods: tuple[str, ...] = (SECRET_BALLOT,)
    approval_months: int = 3
    approval_months_with_special_reason: int = 6
    probation_years: int = 1
    extension_months_minimum: int = 6
    extension_months_maximum: int = 12
    maximum_extensions: int = 1
    mentors_minimum: int = 1
    mentors_maximum: int = 2
    sponsors_required: int = 2
    # A deployment may refuse approvals for which no annual plan was set (plan.quota); off in
    # the built-in profiles, set by RECRUITFLOW_REQUIRE_PLAN (service.app.definitions).
    require_plan: bool = False
    # Sorted by rule id, so equal profiles hash alike however their files listed them.
    rules: tuple[RuleOverride, ...] = ()

    def citation(self, rule_id: str, default: str) -> str:
        for override in self.rules:
            if override.rule == rule_id and override.citation is not None:
                return override.citation
        return default

    def severity(self, rule_id: str, default: str) -> str:
        for override in self.rules:
            if override.rule == rule_id and override.severity is not None:
                return override.severity
        return default

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ballot_methods"] = list(self.ballot_methods)
        data["recommendation_methods"] = list(self.recommendation_methods)
        data["rules"] = {
            o.rule: {k: v for k, v in (("citation", o.citation), ("severity", o.severity)) if v}
            for o in self.rules
        }
        return data


# The built-in profiles as the workflow's own tests use them; a deployment reads them from their
# files (service/workflow/profiles/*.toml, loaded by service.app.profiles), which a test keeps
# equal to these.
NATIONAL_2014 = RuleProfile(
    name="national-2014",
    label_zh="全国《发展党员工作细则》（2014）",
    label_en="National rules on recruiting Party members (2014)",
)
COUNTY_SEED = RuleProfile(
    name="county-seed",
    label_zh="县直机关党组织党建工作八规范",
    label_en="County organs' eight standards of Party building",
    ballot_methods=(SECRET_BALLOT, SHOW_OF_HANDS),
)

PROFILES: dict[str, RuleProfile] = {
    profile.name: profile for profile in (NATIONAL_2014, COUNTY_SEED)
}
DEFAULT_PROFILE = NATIONAL_2014


def get_profile(name: str) -> RuleProfile:
    try:
        return PROFILES[name]
    except KeyError:
        raise KeyError(f"unknown rule profile {name!r}; known: {', '.join(PROFILES)}") from None
