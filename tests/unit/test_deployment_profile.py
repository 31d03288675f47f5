"""The deployment's rule profile: the named one (read from its file), with RECRUITFLOW_REQUIRE_PLAN
resolved into it."""

from __future__ import annotations

from datetime import date

from service.app.definitions import current_definitions, deployment_profile
from service.settings import Settings
from service.workflow import definition_hash
from service.workflow.profiles import COUNTY_SEED, NATIONAL_2014

TODAY = date(2026, 12, 4)


def test_a_deployment_without_require_plan_decides_under_the_built_in_profile() -> None:
    # Read from its file, once per process (one object, found by identity in the hash cache).
    national = deployment_profile(Settings(), on=TODAY)
    assert national == NATIONAL_2014
    assert deployment_profile(Settings(), on=TODAY) is national
    assert deployment_profile(Settings(rule_profile="county-seed"), on=TODAY) == COUNTY_SEED


def test_require_plan_is_resolved_into_the_profile_and_changes_nothing_else() -> None:
    profile = deployment_profile(Settings(rule_profile="county-seed", require_plan=True), on=TODAY)

    assert profile.require_plan is True
    assert {**profile.as_dict(), "require_plan": False} == COUNTY_SEED.as_dict()
    assert (
        deployment_profile(Settings(rule_profile="county-seed", require_plan=True), on=TODAY)
        is profile
    )


def test_both_settings_of_every_built_in_profile_are_served_by_their_hash() -> None:
    served = current_definitions()
    for rule_profile in ("national-2014", "county-seed"):
        for require_plan in (False, True):
            settings = Settings(rule_profile=rule_profile, require_plan=require_plan)
            body = served[definition_hash(deployment_profile(settings, on=TODAY))]
            assert (body["profile"]["name"], body["profile"]["require_plan"]) == (
                rule_profile,
                require_plan,
            )
    assert len(served) == 4
