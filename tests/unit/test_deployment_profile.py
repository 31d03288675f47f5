"""The deployment's rule profile: the named one, with RECRUITFLOW_REQUIRE_PLAN resolved into it."""

from __future__ import annotations

from service.app.definitions import current_definitions, deployment_profile
from service.settings import Settings
from service.workflow import definition_hash
from service.workflow.profiles import COUNTY_SEED, NATIONAL_2014


def test_a_deployment_without_require_plan_decides_under_the_built_in_profile() -> None:
    assert deployment_profile(Settings()) is NATIONAL_2014
    assert deployment_profile(Settings(rule_profile="county-seed")) is COUNTY_SEED


def test_require_plan_is_resolved_into_the_profile_and_changes_nothing_else() -> None:
    profile = deployment_profile(Settings(rule_profile="county-seed", require_plan=True))

    assert profile.require_plan is True
    assert {**profile.as_dict(), "require_plan": False} == COUNTY_SEED.as_dict()
    assert deployment_profile(Settings(rule_profile="county-seed", require_plan=True)) is profile


def test_both_settings_of_every_built_in_profile_are_served_by_their_hash() -> None:
    served = current_definitions()
    for rule_profile in ("national-2014", "county-seed"):
        for require_plan in (False, True):
            settings = Settings(rule_profile=rule_profile, require_plan=require_plan)
            body = served[definition_hash(deployment_profile(settings))]
            assert (body["profile"]["name"], body["profile"]["require_plan"]) == (
                rule_profile,
                require_plan,
            )
    assert len(served) == 4
