from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from service.adapters.clock import FixedClock
from service.app.principals import authenticate
from service.cli import main
from service.cli.demo import DemoAlreadyLoaded, load_demo
from service.settings import Settings


def test_the_demo_loads_a_dozen_candidates_at_different_stages_once(
    engine: Engine, clock: FixedClock, settings: Settings
) -> None:
    loaded = load_demo(engine, clock, settings)
    assert [len(report.imported) for report in loaded.reports] == [8, 4]
    assert [report.rejected for report in loaded.reports] == [[], []]
    with engine.connect() as connection:
        states: Counter[str] = Counter(
            dict(
                connection.execute(
                    sa.text("SELECT state, COUNT(*) FROM candidate GROUP BY state")
                ).all()
            )
        )
    assert states == {
        "applicant": 3,
        "activist": 3,
        "development_target": 2,
        "awaiting_approval": 1,
        "probationary_member": 2,
        "full_member": 1,
    }
    with engine.connect() as connection:
        acted = connection.execute(
            sa.text(
                "SELECT actor_name, outcome, imported, COUNT(*) FROM history_event"
                " GROUP BY actor_name, outcome, imported"
            )
        ).all()
    assert {(name, outcome, bool(imported)) for name, outcome, imported, _ in acted} == {
        ("王建国", "applied", False),
        ("李秀英", "applied", False),
        ("陈志强", "applied", False),
    }
    roles = {principal.role for principal in loaded.principals}
    assert roles == {"admin", "secretary", "reviewer", "auditor"}
    reviewer = next(p for p in loaded.principals if p.role == "reviewer")
    actor = authenticate(engine, reviewer.token)
    assert actor is not None
    assert actor.organization_id == loaded.committee_id
    with pytest.raises(DemoAlreadyLoaded):
        load_demo(engine, clock, settings)


def test_the_demo_command_prints_tokens_and_refuses_a_second_load_politely(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RECRUITFLOW_DATABASE_URL", database_url)
    assert main(["demo"]) == 0
    first = capsys.readouterr()
    assert first.out.count("Authorization: Bearer ") == 5
    assert "已载入 12 人的演示档案" in first.out
    assert "党支部书记　王建国　县财政局机关党支部（演示）" in first.out
    assert main(["demo"]) == 0
    second = capsys.readouterr()
    assert "演示数据已经载入" in second.err
    assert "Bearer" not in second.out


def test_the_calendar_command_loads_a_year_from_json(
    database_url: str, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "2027.json"
    path.write_text(
        json.dumps(
            {"year": 2027, "holidays": ["2027-10-01", "2027-10-04"], "workdays": ["2027-09-26"]}
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("RECRUITFLOW_DATABASE_URL", database_url)
    assert main(["calendar", "load", str(path), "--source", "国务院通知"]) == 0
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT year, holidays, workdays, source FROM calendar_year")
        ).all()
    assert [(year, json.loads(h), json.loads(w), s) for year, h, w, s in rows] == [
        (2027, ["2027-10-01", "2027-10-04"], ["2027-09-26"], "国务院通知")
    ]
    stray = tmp_path / "bad.json"
    stray.write_text(json.dumps({"year": 2027, "holidays": ["2026-10-01"]}), encoding="utf-8")
    assert main(["calendar", "load", str(stray)]) == 2
