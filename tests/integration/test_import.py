from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from service.adapters.clock import FixedClock
from service.app.identity import check_digit
from service.app.importing import import_file
from service.app.importing.sheet import read_sheet
from service.cli import main
from service.settings import Settings
from tests.support.factories import MakeOrg

HEADERS = [
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "公民身份号码",
    "学历",
    "工作单位",
    "联系电话",
    "当前阶段",
    "申请入党时间",
    "谈话时间",
    "确定积极分子时间",
    "培养联系人",
    "列为发展对象时间",
    "入党介绍人",
    "接收预备党员时间",
    "上级党委批准时间",
    "转正时间",
]
MENTORS, SPONSORS = "李四、赵六", "李四、孙七"


def id_number(born: date, serial: int) -> str:
    first = f"110105{born:%Y%m%d}{serial % 1000:03d}"
    return first + check_digit(first)


def row(name: str, born: date, stage: str, serial: int | None, **cells: Any) -> dict[str, Any]:
    return {
        "姓名": name,
        "性别": "男" if (serial or 0) % 2 else "女",
        "民族": "汉族",
        "出生日期": born,
        "公民身份号码": None if serial is None else id_number(born, serial),
        "学历": "大学本科",
        "工作单位": "县财政局",
        "当前阶段": stage,
        **cells,
    }


def good_row(n: int) -> dict[str, Any]:
    born = date(1985, 1, 1) + timedelta(days=n * 7)
    serial = n if n % 5 else None
    name = f"导入{n:03d}"
    if n < 440:
        applied = date(2025, 1, 1) + timedelta(days=n % 120)
        talk = {"谈话时间": applied + timedelta(days=10)} if n % 2 else {}
        return row(name, born, "入党申请人", serial, 申请入党时间=applied, **talk)
    if n < 470:
        return row(
            name,
            born,
            "入党积极分子",
            serial,
            申请入党时间=date(2023, 9, 1),
            确定积极分子时间=date(2023, 11, 1),
            培养联系人=MENTORS,
        )
    cultivated = {"培养联系人": MENTORS, "入党介绍人": SPONSORS}
    if n < 480:
        dates = {
            "申请入党时间": date(2022, 9, 1),
            "确定积极分子时间": date(2022, 11, 1),
            "列为发展对象时间": date(2023, 11, 15),
        }
        return row(name, born, "发展对象", serial, **dates, **cultivated)
    admitted = {
        "申请入党时间": date(2021, 3, 1),
        "确定积极分子时间": date(2021, 5, 6),
        "列为发展对象时间": date(2022, 5, 10),
        "接收预备党员时间": date(2022, 7, 6),
        "上级党委批准时间": date(2022, 8, 1),
    }
    if n < 485:
        return row(name, born, "预备党员", serial, **admitted, **cultivated)
    return row(name, born, "正式党员", serial, **admitted, **cultivated, 转正时间=date(2023, 7, 6))


BORN = date(1990, 6, 1)
BAD_ROWS: list[tuple[dict[str, Any], set[str]]] = [
    (
        row("未成年", date(2010, 1, 1), "入党申请人", 901, 申请入党时间=date(2025, 1, 10)),
        {"applicant.age"},
    ),
    (
        {
            **row("错号", BORN, "入党申请人", None, 申请入党时间=date(2025, 1, 10)),
            "公民身份号码": "110105199006010011",
        },
        {"input.id_number"},
    ),
    (row("阶段不明", BORN, "党员候选", 903, 申请入党时间=date(2025, 1, 10)), {"input.stage"}),
    (row("日期错", BORN, "入党申请人", 904, 申请入党时间="2025-13-45"), {"input.application_date"}),
    (
        row(
            "缺日期", BORN, "入党积极分子", 905, 申请入党时间=date(2024, 1, 10), 培养联系人=MENTORS
        ),
        {"input.activist_date"},
    ),
    (
        row(
            "太快",
            BORN,
            "入党积极分子",
            906,
            申请入党时间=date(2024, 3, 4),
            确定积极分子时间=date(2024, 3, 6),
            培养联系人=MENTORS,
        ),
        {"effective_date.in_order"},
    ),
    (
        row(
            "无联系人",
            BORN,
            "入党积极分子",
            907,
            申请入党时间=date(2023, 9, 1),
            确定积极分子时间=date(2023, 11, 1),
        ),
        {"mentors.count"},
    ),
    (
        row(
            "不足一年",
            BORN,
            "发展对象",
            908,
            申请入党时间=date(2022, 9, 1),
            确定积极分子时间=date(2022, 11, 1),
            列为发展对象时间=date(2023, 6, 1),
            培养联系人=MENTORS,
        ),
        {"cultivation.one_year"},
    ),
    (
        row(
            "审批超期",
            BORN,
            "预备党员",
            909,
            申请入党时间=date(2021, 3, 1),
            确定积极分子时间=date(2021, 5, 6),
            列为发展对象时间=date(2022, 5, 10),
            接收预备党员时间=date(2022, 7, 6),
            上级党委批准时间=date(2022, 12, 20),
            培养联系人=MENTORS,
            入党介绍人=SPONSORS,
        ),
        {"approval.deadline"},
    ),
    (
        row("未来", BORN, "入党申请人", 910, 申请入党时间=date(2025, 7, 1)),
        {"effective_date.not_future"},
    ),
]


def write_xlsx(path: Path, rows: list[dict[str, Any]]) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADERS)
    for cells in rows:
        sheet.append([cells.get(header) for header in HEADERS])
    workbook.save(path)


@pytest.fixture
def sheet(tmp_path: Path) -> tuple[Path, dict[int, set[str]]]:
    rows = [good_row(n) for n in range(490)]
    expected: dict[int, set[str]] = {}
    for index, (bad, codes) in enumerate(BAD_ROWS):
        position = 25 + 48 * index
        rows.insert(position, bad)
        expected[position + 2] = codes
    path = tmp_path / "名册.xlsx"
    write_xlsx(path, rows)
    return path, expected


def count(engine: Engine, sql: str) -> Any:
    with engine.connect() as connection:
        return connection.execute(sa.text(sql)).all()


@pytest.mark.slow
def test_a_sheet_of_500_with_10_bad_rows_imports_490_reports_10_and_imports_nothing_twice(
    engine: Engine,
    clock: FixedClock,
    settings: Settings,
    make_org: MakeOrg,
    sheet: tuple[Path, dict[int, set[str]]],
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("12 s on PostgreSQL for what the small imports below already cover there")
    path, expected = sheet
    branch = make_org("财政局党支部")
    assert branch.id is not None
    report = import_file(engine, clock, settings, path, branch_id=branch.id)
    assert len(report.imported) == 490
    assert {r.number: {p.code for p in r.problems} for r in report.rejected} == expected
    assert all(problem.message for r in report.rejected for problem in r.problems)

    states = Counter(dict(count(engine, "SELECT state, COUNT(*) FROM candidate GROUP BY state")))
    assert states == {
        "applicant": 440,
        "activist": 30,
        "development_target": 10,
        "probationary_member": 5,
        "full_member": 5,
    }
    assert count(engine, "SELECT DISTINCT imported FROM history_event") == [(True,)]
    assert count(
        engine, "SELECT COUNT(*) FROM candidate WHERE name IN ('审批超期', '不足一年')"
    ) == [(0,)]
    gaps = (
        "SELECT COUNT(*) FROM candidate c WHERE c.last_seq"
        " <> (SELECT COUNT(*) FROM history_event e WHERE e.candidate_id = c.id)"
    )
    assert count(engine, gaps) == [(0,)]

    again = import_file(engine, clock, settings, path, branch_id=branch.id)
    assert (len(again.imported), len(again.skipped), len(again.rejected)) == (0, 490, 10)
    assert count(engine, "SELECT COUNT(*) FROM candidate") == [(490,)]


def test_an_imported_full_member_has_the_workflows_dates(
    engine: Engine, clock: FixedClock, settings: Settings, make_org: MakeOrg, tmp_path: Path
) -> None:
    branch = make_org("财政局党支部")
    assert branch.id is not None
    path = tmp_path / "one.xlsx"
    write_xlsx(path, [good_row(489)])
    report = import_file(engine, clock, settings, path, branch_id=branch.id)
    assert report.rejected == []
    triggers = [t for (t,) in count(engine, "SELECT trigger FROM history_event ORDER BY seq")]
    assert triggers[0] == "submit_application"
    assert triggers[-1] == "approve_conversion"
    actors = count(
        engine, "SELECT DISTINCT actor_name, actor_role FROM history_event ORDER BY actor_role"
    )
    assert actors == [("数据导入", "reviewer"), ("数据导入", "secretary")]


def test_the_import_command_reads_a_chinese_csv_and_writes_a_report_of_rejected_rows(
    database_url: str,
    make_org: MakeOrg,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    branch = make_org("财政局党支部")
    sheet = tmp_path / "名册.csv"
    sheet.write_text(
        "姓名,性别,出生日期,当前阶段,申请入党时间,谈话时间\n"
        "张三丰,男,1995年5月20日,入党申请人,2025/3/1,2025.03.10\n"
        "李小龙,男,2012-01-01,入党申请人,2025-03-01,\n",
        encoding="utf-8-sig",
    )
    report = tmp_path / "rejected.csv"
    monkeypatch.setenv("RECRUITFLOW_DATABASE_URL", database_url)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    code = main(["import", str(sheet), "--branch", str(branch.id), "--report", str(report)])
    assert code == 1
    out = capsys.readouterr().out
    assert "导入 1 人，已有 0 人，未导入 1 人" in out
    assert "第 3 行 李小龙：" in out
    assert "applicant.age" not in out
    lines = report.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == "行号,姓名,规则,原因"
    assert lines[1].startswith("3,李小龙,applicant.age,")


def test_a_sheet_under_the_old_header_wording_imports_as_under_the_catalogues(
    engine: Engine, clock: FixedClock, settings: Settings, make_org: MakeOrg, tmp_path: Path
) -> None:
    renamed = {
        "确定积极分子时间": "确定为入党积极分子时间",
        "接收预备党员时间": "支部大会讨论接收时间",
        "转正时间": "转为正式党员时间",
    }
    old, new = tmp_path / "old.xlsx", tmp_path / "new.xlsx"
    write_xlsx(old, [good_row(489)])
    full_member = {renamed.get(header, header): value for header, value in good_row(489).items()}
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(full_member))
    sheet.append(list(full_member.values()))
    workbook.save(new)
    assert read_sheet(old) == read_sheet(new)

    branch = make_org("财政局党支部")
    assert branch.id is not None
    report = import_file(engine, clock, settings, old, branch_id=branch.id)

    assert (len(report.imported), report.rejected) == (1, [])
    ((state, record),) = count(engine, "SELECT state, record FROM candidate")
    dates = json.loads(record)
    assert state == "full_member"
    assert (dates["activist_since"], dates["full_member_since"]) == ("2021-05-06", "2023-07-06")
