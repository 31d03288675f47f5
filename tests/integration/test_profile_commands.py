"""`recruitflow profile check | show | diff`: a profile file checked before a deployment uses it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.cli import main
from service.workflow import definition_hash
from service.workflow.profiles import COUNTY_SEED


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_check_accepts_a_good_file_with_its_hash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path / "mine.toml",
        'name = "mine"\nextends = "national-2014"\nlabel_zh = "本县"\nnotice_working_days = 7\n',
    )

    assert main(["profile", "check", str(path)]) == 0

    assert capsys.readouterr().out.startswith("ok: mine (")


def test_check_reports_every_error_by_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(
        tmp_path / "bad.toml",
        'name = "bad"\nlabel_zh = "坏"\nextends = "loop.toml"\n'
        'notice_workdays = 7\nnotice_working_days = "seven"\n',
    )
    write(tmp_path / "loop.toml", 'name = "loop"\nlabel_zh = "环"\nextends = "bad.toml"\n')

    assert main(["profile", "check", str(bad)]) == 1

    lines = capsys.readouterr().err.splitlines()
    source = str(bad.resolve())
    assert f"{source}: notice_workdays: unknown key" in lines
    assert any(
        line.startswith(f"{source}: notice_working_days: must be a whole number") for line in lines
    )
    cycle = f"{tmp_path.resolve() / 'loop.toml'}: extends: cycle: {source} → "
    assert any(line.startswith(cycle) for line in lines), lines
    assert len(lines) == 3


def test_show_prints_the_resolved_profile_and_its_hash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["profile", "show", "county-seed"]) == 0

    shown = json.loads(capsys.readouterr().out)
    assert shown == {"hash": definition_hash(COUNTY_SEED), "profile": COUNTY_SEED.as_dict()}


def test_diff_prints_each_setting_that_differs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path / "mine.toml",
        'name = "national-2014"\nextends = "national-2014"\n'
        'label_zh = "全国《发展党员工作细则》（2014）"\n'
        'label_en = "National rules on recruiting Party members (2014)"\nnotice_working_days = 7\n'
        '[rules."publicity.complete"]\ncitation = "第十一条"\n',
    )

    assert main(["profile", "diff", "national-2014", str(path)]) == 1

    assert capsys.readouterr().out.splitlines() == [
        "notice_working_days: 5 → 7",
        'rules.publicity.complete.citation: (unset) → "第十一条"',
    ]
    assert main(["profile", "diff", "national-2014", "national-2014"]) == 0
