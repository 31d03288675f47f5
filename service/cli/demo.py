"""Demonstration data: a committee, two branches, a principal of each role and a dozen candidates
at different stages, dated relative to today so the deadlines list has something to show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import select

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork
from service.adapters.tables import Organization
from service.app.actors import Actor, Role
from service.app.importing.run import ImportReport, import_row, importer_actors
from service.app.importing.sheet import RawRow
from service.app.organizations import OrganizationKind, create_organization
from service.app.principals import register_principal
from service.settings import Settings
from service.workflow import add_years

COMMITTEE = "县直机关工委（演示）"
BRANCHES = ("县财政局机关党支部（演示）", "县教育局机关党支部（演示）")
_SETUP = Actor(
    id=0, name="recruitflow demo", role=Role.admin, organization_id=None, organization_path=None
)


class DemoAlreadyLoaded(Exception):
    """The demonstration committee exists: its tokens were printed when it was loaded."""


@dataclass(frozen=True, slots=True)
class DemoPrincipal:
    name: str
    role: str
    organization: str | None
    token: str


@dataclass(frozen=True, slots=True)
class DemoLoaded:
    committee_id: int
    branch_ids: tuple[int, ...]
    principals: list[DemoPrincipal]
    reports: list[ImportReport]


def _person(name: str, gender: str, born: str, stage: str, **dates: date) -> dict[str, Any]:
    return {
        "name": name,
        "gender": gender,
        "birth_date": born,
        "ethnicity": "汉族",
        "education": "大学本科",
        "stage": stage,
        "mentors": "李明、赵红",
        "sponsors": "李明、孙伟",
        **{key: value.isoformat() for key, value in dates.items()},
    }


def demo_rows(today: date) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows for each branch; the dates put each candidate near a deadline."""
    d = timedelta

    def cultivated(target: date) -> dict[str, date]:
        activist = add_years(target, -1) - d(days=10)
        return {
            "application_date": activist - d(days=60),
            "activist_date": activist,
            "development_target_date": target,
        }

    def admitted(ballot: date) -> dict[str, date]:
        return {
            **cultivated(ballot - d(days=60)),
            "admission_date": ballot,
            "approval_date": ballot + d(days=20),
        }

    converted_ballot = add_years(today, -1) - d(days=140)
    first = [
        _person("周晓梅", "女", "1996-03-12", "入党申请人", application_date=today - d(days=10)),
        _person(
            "吴建国",
            "男",
            "1990-11-02",
            "入党申请人",
            application_date=today - d(days=60),
            talk_date=today - d(days=50),
        ),
        _person(
            "郑小龙",
            "男",
            "1994-07-21",
            "入党积极分子",
            application_date=today - d(days=260),
            activist_date=today - d(days=175),
        ),
        _person(
            "王芳",
            "女",
            "1992-01-30",
            "入党积极分子",
            application_date=add_years(today, -2),
            activist_date=add_years(today, -1) - d(days=5),
        ),
        _person("冯丽", "女", "1993-05-16", "发展对象", **cultivated(today - d(days=40))),
        _person(
            "陈刚",
            "男",
            "1989-09-09",
            "待上级党委审批",
            **{**cultivated(today - d(days=140)), "admission_date": today - d(days=80)},
        ),
        _person(
            "褚涛", "男", "1991-12-12", "预备党员", **admitted(add_years(today, -1) + d(days=20))
        ),
        _person(
            "卫娜",
            "女",
            "1988-04-04",
            "正式党员",
            **{**admitted(converted_ballot), "conversion_date": add_years(converted_ballot, 1)},
        ),
    ]
    second = [
        _person("蒋文", "男", "1997-02-14", "入党申请人", application_date=today - d(days=25)),
        _person(
            "沈佳",
            "女",
            "1995-08-08",
            "入党积极分子",
            application_date=today - d(days=400),
            activist_date=today - d(days=300),
        ),
        _person("韩磊", "男", "1990-06-18", "发展对象", **cultivated(today - d(days=15))),
        _person("杨静", "女", "1994-10-10", "预备党员", **admitted(today - d(days=200))),
    ]
    return first, second


def _issue(
    engine: Engine, clock: Clock, name: str, role: Role, home: Organization | None
) -> DemoPrincipal:
    issued = register_principal(
        engine, clock, name=name, role=role, organization_id=None if home is None else home.id
    )
    return DemoPrincipal(name, role.value, None if home is None else home.name, issued.token)


def load_demo(engine: Engine, clock: Clock, settings: Settings) -> DemoLoaded:
    """Load the demonstration once; DemoAlreadyLoaded when its committee exists."""
    with UnitOfWork(engine) as uow:
        if uow.session.exec(select(Organization).where(Organization.name == COMMITTEE)).first():
            raise DemoAlreadyLoaded(COMMITTEE)
    committee = create_organization(
        engine, clock, _SETUP, name=COMMITTEE, kind=OrganizationKind.committee, parent_id=None
    )
    branches = [
        create_organization(
            engine, clock, _SETUP, name=name, kind=OrganizationKind.branch, parent_id=committee.id
        )
        for name in BRANCHES
    ]
    principals = [
        _issue(engine, clock, "演示管理员", Role.admin, None),
        _issue(engine, clock, "王书记", Role.secretary, branches[0]),
        _issue(engine, clock, "李书记", Role.secretary, branches[1]),
        _issue(engine, clock, "陈审查", Role.reviewer, committee),
        _issue(engine, clock, "刘审计", Role.auditor, committee),
    ]
    reports = []
    for branch, rows in zip(branches, demo_rows(clock.today()), strict=True):
        assert branch.id is not None
        actors = importer_actors(engine, clock, branch.id)
        report = ImportReport()
        for number, values in enumerate(rows, start=2):
            import_row(
                engine,
                clock,
                settings,
                RawRow(number, values),
                branch_id=branch.id,
                actors=actors,
                report=report,
            )
        reports.append(report)
    assert committee.id is not None
    return DemoLoaded(
        committee_id=committee.id,
        branch_ids=tuple(branch.id for branch in branches if branch.id is not None),
        principals=principals,
        reports=reports,
    )
