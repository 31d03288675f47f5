"""Rule profiles as TOML files: the built-in ones equal the rules of before, a deployment's own
extends one, and a file that is wrong is refused with the file, the key and the reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from service.app.profiles import InForce, in_force, load_profile, parse_schedule, profile_problems
from service.workflow import RuleProfile, RulesNotMet, describe
from service.workflow.profile_data import ProfileInvalid, profile_from_mapping
from service.workflow.profiles import COUNTY_SEED, NATIONAL_2014
from tests.support.journey import Journey, person, to_activist_publicity


@pytest.mark.parametrize("profile", [NATIONAL_2014, COUNTY_SEED], ids=lambda p: p.name)
def test_a_built_in_profile_read_from_its_file_is_the_one_the_rules_were_written_for(
    profile: RuleProfile,
) -> None:
    loaded = load_profile(profile.name)

    assert loaded == profile
    assert describe(loaded) == describe(profile)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_extending_a_built_in_profile_changes_only_what_it_writes(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mine.toml",
        'name = "mine"\nextends = "national-2014"\nlabel_zh = "本县"\nnotice_working_days = 7\n',
    )

    loaded = load_profile(str(path))

    changed = {
        key for key, value in loaded.as_dict().items() if NATIONAL_2014.as_dict()[key] != value
    }
    assert changed == {"name", "label_zh", "label_en", "notice_working_days"}
    assert loaded.notice_working_days == 7


def test_a_file_extends_another_file_by_a_path_relative_to_itself(tmp_path: Path) -> None:
    write(
        tmp_path / "base.toml",
        'name = "base"\nextends = "county-seed"\nlabel_zh = "基"\nprobation_years = 2\n',
    )
    child = write(
        tmp_path / "child.toml", 'name = "child"\nextends = "base.toml"\nlabel_zh = "子"\n'
    )

    loaded = load_profile(str(child))

    assert (loaded.probation_years, loaded.ballot_methods) == (2, COUNTY_SEED.ballot_methods)


def test_every_problem_is_named_by_file_and_key(tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.toml",
        'name = "bad"\nextends = "national-2014"\nlabel_zh = "坏"\nnotice_workdays = 7\n'
        'probation_years = "one"\nminimum_age = 99\nballot_methods = ["raised_hands"]\n'
        '[rules."publicity.complete"]\nseverity = "maybe"\n'
        '[rules."no.such.rule"]\ncitation = "第一条"\n',
    )

    problems = {(p.source, p.key) for p in profile_problems(str(path))}

    source = str(path.resolve())
    assert problems == {
        (source, "notice_workdays"),
        (source, "probation_years"),
        (source, "minimum_age"),
        (source, "ballot_methods"),
        (source, "rules.publicity.complete.severity"),
        (source, "rules.no.such.rule"),
    }


def test_an_extends_cycle_is_refused_naming_the_chain(tmp_path: Path) -> None:
    a = write(tmp_path / "a.toml", 'name = "a"\nlabel_zh = "甲"\nextends = "b.toml"\n')
    write(tmp_path / "b.toml", 'name = "b"\nlabel_zh = "乙"\nextends = "a.toml"\n')

    with pytest.raises(ProfileInvalid) as refused:
        load_profile(str(a))

    (problem,) = refused.value.problems
    assert problem.key == "extends"
    assert "cycle" in problem.reason
    assert "a.toml → " in problem.reason
    assert "b.toml → " in problem.reason


def test_bounds_that_contradict_each_other_are_refused() -> None:
    data = {**NATIONAL_2014.as_dict(), "mentors_minimum": 3, "mentors_maximum": 2}

    with pytest.raises(ProfileInvalid, match="mentors_minimum: 3 is more than mentors_maximum"):
        profile_from_mapping(data, source="x.toml")


def test_a_severity_is_changed_only_where_the_act_table_checks_the_rule() -> None:
    fixed = {"rules": {"effective_date.not_future": {"severity": "warn"}}}

    with pytest.raises(ProfileInvalid, match="severity is fixed"):
        profile_from_mapping({**NATIONAL_2014.as_dict(), **fixed}, source="x.toml")


def test_a_profile_described_as_json_reads_back_as_the_same_profile() -> None:
    warn = {"rules": {"publicity.complete": {"severity": "warn", "citation": "第十一条"}}}
    profile = profile_from_mapping({**COUNTY_SEED.as_dict(), **warn}, source="x")

    assert profile_from_mapping(describe(profile)["profile"], source="y") == profile
    rule = next(r for r in describe(profile)["rules"] if r["id"] == "publicity.complete")
    assert (rule["severity"], rule["source"]) == ("warn", "第十一条")


def test_a_schedule_names_each_profile_from_its_date() -> None:
    entries = parse_schedule("national-2014, my-2026.toml@2026-06-01")
    assert entries == [(None, "national-2014"), (date(2026, 6, 1), "my-2026.toml")]
    schedule = (
        InForce(None, "national-2014", NATIONAL_2014),
        InForce(date(2026, 6, 1), "county-seed", COUNTY_SEED),
    )
    assert in_force(schedule, date(2026, 5, 31)).profile is NATIONAL_2014
    assert in_force(schedule, date(2026, 6, 1)).profile is COUNTY_SEED


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("national-2014@2020-01-01", "the first profile takes no date"),
        ("national-2014,county-seed", "needs a date"),
        ("national-2014,a.toml@2026-06-01,b.toml@2026-01-01", "does not follow"),
        ("national-2014,", "names no profile"),
    ],
)
def test_a_schedule_out_of_order_is_refused(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_schedule(text)


def test_a_profile_may_make_a_late_talk_refuse_instead_of_warn() -> None:
    strict = profile_from_mapping(
        {**NATIONAL_2014.as_dict(), "rules": {"talk.after_application": {"severity": "block"}}},
        source="strict.toml",
    )
    j = Journey.start(profile=strict)

    with pytest.raises(RulesNotMet) as refused:
        j.act("record_talk", date(2023, 4, 2), talker=person("王书记"), summary="谈话")

    assert [v.rule for v in refused.value.violations] == ["talk.after_application"]
    assert j.act("record_talk", date(2023, 4, 1), talker=person("王书记"), summary="谈话")


def test_a_notice_closed_early_under_a_warning_profile_is_applied_with_the_warning() -> None:
    lenient = profile_from_mapping(
        {**NATIONAL_2014.as_dict(), "rules": {"publicity.complete": {"severity": "warn"}}},
        source="lenient.toml",
    )
    j = to_activist_publicity(Journey.start(profile=lenient))

    closed = j.act("close_publicity", date(2023, 4, 12), decided_on=date(2023, 4, 12))

    assert closed.destination == "activist"
    assert [w.rule for w in closed.warnings] == ["publicity.complete"]


def test_a_profile_without_extends_states_every_setting(tmp_path: Path) -> None:
    path = write(tmp_path / "short.toml", 'name = "short"\nlabel_zh = "短"\nminimum_age = 18\n')

    problems = {(p.key, p.reason) for p in profile_problems(str(path))}

    assert ("notice_working_days", "missing") in problems
    assert ("require_plan", "missing") in problems
    assert ("minimum_age", "missing") not in problems
