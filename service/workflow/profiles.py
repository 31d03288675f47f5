"""Rule profiles: the numbers and options a deployment chooses (national rules or county seed),
all of them part of the definition (and its hash) every event is pinned to."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

SECRET_BALLOT = "secret_ballot"
SHOW_OF_HANDS = "show_of_hands"


@dataclass(frozen=True, slots=True)
class RuleProfile:
    name: str
    label_zh: str
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

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ballot_methods"] = list(self.ballot_methods)
        data["recommendation_methods"] = list(self.recommendation_methods)
        return data


NATIONAL_2014 = RuleProfile(name="national-2014", label_zh="全国《发展党员工作细则》（2014）")
COUNTY_SEED = RuleProfile(
    name="county-seed",
    label_zh="县直机关党组织党建工作八规范",
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
