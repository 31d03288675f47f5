"""Rule profiles: national-2014 by default, county-seed adding the show of hands."""

from __future__ import annotations

import pytest

from service.workflow import DEFAULT_PROFILE, PROFILES, get_profile
from service.workflow.profiles import COUNTY_SEED, NATIONAL_2014


def test_the_default_profile_is_national_2014() -> None:
    assert DEFAULT_PROFILE is NATIONAL_2014
    assert set(PROFILES) == {"national-2014", "county-seed"}


def test_profiles_are_found_by_name() -> None:
    assert get_profile("county-seed") is COUNTY_SEED


def test_an_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="national-2014, county-seed"):
        get_profile("provincial")


def test_no_built_in_profile_requires_an_annual_plan() -> None:
    assert [profile.require_plan for profile in PROFILES.values()] == [False, False]


def test_national_2014_votes_by_secret_ballot_only() -> None:
    assert NATIONAL_2014.ballot_methods == ("secret_ballot",)


def test_county_seed_differs_from_national_only_in_allowing_a_show_of_hands() -> None:
    national, county = NATIONAL_2014.as_dict(), COUNTY_SEED.as_dict()

    assert {key for key in national if national[key] != county[key]} == {
        "name",
        "label_zh",
        "label_en",
        "ballot_methods",
    }
    assert county["ballot_methods"] == ["secret_ballot", "show_of_hands"]


def test_both_profiles_recommend_activists_by_secret_ballot() -> None:
    assert (
        NATIONAL_2014.recommendation_methods
        == COUNTY_SEED.recommendation_methods
        == ("secret_ballot",)
    )


def test_the_profile_carries_the_numbers_of_the_rules() -> None:
    assert NATIONAL_2014.as_dict() == {
        "name": "national-2014",
        "label_zh": "全国《发展党员工作细则》（2014）",
        "label_en": "National rules on recruiting Party members (2014)",
        "minimum_age": 18,
        "talk_within_months": 1,
        "notice_working_days": 5,
        "cultivation_years": 1,
        "assessment_interval_months": 6,
        "training_minimum_days": 3,
        "training_minimum_hours": 24,
        "ballot_methods": ["secret_ballot"],
        "recommendation_methods": ["secret_ballot"],
        "approval_months": 3,
        "approval_months_with_special_reason": 6,
        "probation_years": 1,
        "extension_months_minimum": 6,
        "extension_months_maximum": 12,
        "maximum_extensions": 1,
        "mentors_minimum": 1,
        "mentors_maximum": 2,
        "sponsors_required": 2,
        "require_plan": False,
        "rules": {},
    }
