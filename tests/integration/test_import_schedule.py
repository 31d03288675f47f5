"""A sheet imported under a schedule of rule profiles: each row's acts are planned and decided
under the profile in force on their dates, and their events name it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from service.adapters.clock import FixedClock
from service.app.importing import import_file
from service.settings import Settings
from tests.integration.test_import import MENTORS, row, write_xlsx
from tests.support.factories import MakeOrg


def test_an_activist_notice_is_planned_by_the_days_in_force_on_its_date(
    engine: Engine, clock: FixedClock, settings: Settings, make_org: MakeOrg, tmp_path: Path
) -> None:
    seven = tmp_path / "seven.toml"
    seven.write_text(
        'name = "seven"\nextends = "national-2014"\nlabel_zh = "七日"\nnotice_working_days = 7\n',
        encoding="utf-8",
    )
    scheduled = settings.model_copy(update={"rule_profiles": f"national-2014,{seven}@2024-01-01"})
    branch = make_org("财政局党支部")
    assert branch.id is not None
    sheet = tmp_path / "two.xlsx"
    write_xlsx(
        sheet,
        [
            row(
                name,
                date(1990, 1, 1),
                "入党积极分子",
                None,
                申请入党时间=applied,
                确定积极分子时间=activist,
                培养联系人=MENTORS,
            )
            for name, applied, activist in (
                ("旧规", date(2023, 9, 1), date(2023, 11, 1)),
                ("新规", date(2024, 9, 2), date(2024, 11, 1)),
            )
        ],
    )

    report = import_file(engine, clock, scheduled, sheet, branch_id=branch.id)

    assert report.rejected == []
    with engine.connect() as connection:
        opened = connection.execute(
            sa.text(
                "SELECT c.name, e.effective_date, e.rule_profile FROM history_event e"
                " JOIN candidate c ON c.id = e.candidate_id"
                " WHERE e.trigger = 'open_publicity' ORDER BY c.name"
            )
        ).all()
    starts = {name: (str(on)[:10], profile) for name, on, profile in opened}
    # Ending by 1 November: 5 working days from 2023-10-26 (Thu), 7 from 2024-10-24 (Thu).
    assert starts == {
        "旧规": ("2023-10-26", "national-2014"),
        "新规": ("2024-10-24", "seven"),
    }
