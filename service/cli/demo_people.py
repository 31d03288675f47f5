"""The demonstration's people and the papers of their files: two branches of a county's
organs, their candidates dated relative to today, and what a branch writes at each act."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from service.app.chinese_dates import chinese_date, chinese_period
from service.app.importing.rows import ImportRow
from service.app.importing.steps import PlannedAct, ProfileOn, plan_acts
from service.workflow import SECRETARY, WorkingCalendar, add_months, add_years
from service.workflow.words import STATES, SUBMIT_APPLICATION, act_label, choice_label

COMMITTEE = "县直机关工委（演示）"
REVIEWER = "陈志强"
AUDITOR = "刘敏"
TRAINING_PROVIDER = "中共县直机关工委党校"
PHONE = "0871-65123456"


@dataclass(frozen=True, slots=True)
class Branch:
    name: str
    secretary: str
    members: int
    unit: str
    mentors: str
    sponsors: str


BRANCHES = (
    Branch(
        "县财政局机关党支部（演示）", "王建国", 31, "县财政局", "李文斌、赵丽华", "李文斌、孙志刚"
    ),
    Branch(
        "县教育局机关党支部（演示）", "李秀英", 18, "县教育局", "周海燕、马俊", "周海燕、何志明"
    ),
)
EDUCATION = ("大学本科", "硕士研究生", "大学本科", "大学专科")
OFFICES = ("办公室", "预算股", "国库股", "综合股", "人事股", "基础教育股")


def working(day: date, calendar: WorkingCalendar) -> date:
    """The day itself if people work on it, else the working day before it."""
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def working_from(day: date, calendar: WorkingCalendar) -> date:
    """The day itself if people work on it, else the next working day."""
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def _person(
    branch: Branch, index: int, name: str, gender: str, born: str, stage: str, **dates: date
) -> dict[str, Any]:
    return {
        "name": name,
        "gender": gender,
        "birth_date": born,
        "ethnicity": "汉族" if index % 5 else "彝族",
        "education": EDUCATION[index % len(EDUCATION)],
        "work_unit": f"{branch.unit}{OFFICES[index % len(OFFICES)]}",
        "stage": STATES[stage].zh if stage in STATES else stage,
        "mentors": branch.mentors,
        "sponsors": branch.sponsors,
        **{key: value.isoformat() for key, value in dates.items()},
    }


def demo_rows(
    today: date, calendar: WorkingCalendar | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows for each branch, every date a working day; each candidate sits near a deadline."""
    calendar = calendar or WorkingCalendar()

    def ago(days: int, *, years: int = 0) -> date:
        return working(add_years(today, -years) - timedelta(days=days), calendar)

    def applied(days: int, *, years: int = 0, talked: bool = True) -> dict[str, date]:
        application = ago(days, years=years)
        talk = working(application + timedelta(days=16), calendar)
        return {"application_date": application, **({"talk_date": talk} if talked else {})}

    def cultivated(target: date) -> dict[str, date]:
        activist = working(add_years(target, -1) - timedelta(days=10), calendar)
        return {
            **applied((today - activist).days + 70),
            "activist_date": activist,
            "development_target_date": target,
        }

    def admitted(ballot: date) -> dict[str, date]:
        return {
            **cultivated(working(ballot - timedelta(days=60), calendar)),
            "admission_date": ballot,
            "approval_date": working(ballot + timedelta(days=20), calendar),
        }

    converted_ballot = ago(140, years=1)
    finance, education = BRANCHES
    first = [
        _person(finance, 0, "周晓梅", "女", "1996-03-12", "applicant", **applied(9, talked=False)),
        _person(finance, 1, "吴振华", "男", "1990-11-02", "applicant", **applied(60)),
        _person(
            finance,
            2,
            "郑雨轩",
            "男",
            "1994-07-21",
            "activist",
            **{**applied(260), "activist_date": ago(175)},
        ),
        _person(
            finance,
            3,
            "王芳",
            "女",
            "1992-01-30",
            "activist",
            **{**applied(0, years=2), "activist_date": ago(5, years=1)},
        ),
        _person(
            finance, 4, "冯丽娟", "女", "1993-05-16", "development_target", **cultivated(ago(40))
        ),
        _person(
            finance,
            5,
            "陈刚",
            "男",
            "1989-09-09",
            "待上级党委审批",
            **{**cultivated(ago(140)), "admission_date": ago(80)},
        ),
        _person(
            finance,
            6,
            "褚海涛",
            "男",
            "1991-12-12",
            "probationary_member",
            **admitted(working(add_years(today, -1) + timedelta(days=20), calendar)),
        ),
        _person(
            finance,
            7,
            "卫娜",
            "女",
            "1988-04-04",
            "full_member",
            **{
                **admitted(converted_ballot),
                "conversion_date": working_from(add_years(converted_ballot, 1), calendar),
            },
        ),
    ]
    second = [
        _person(education, 0, "蒋文博", "男", "1997-02-14", "applicant", **applied(25)),
        _person(
            education,
            1,
            "沈佳怡",
            "女",
            "1995-08-08",
            "activist",
            **{**applied(400), "activist_date": ago(300)},
        ),
        _person(
            education, 2, "韩磊", "男", "1990-06-18", "development_target", **cultivated(ago(15))
        ),
        _person(
            education, 3, "杨静", "女", "1994-10-10", "probationary_member", **admitted(ago(200))
        ),
    ]
    return first, second


def _ballot(branch: Branch, seed: int) -> dict[str, Any]:
    present = branch.members - 3 - seed % 2
    against, abstentions = 1 + seed % 2, 1
    return {
        "method": "secret_ballot",
        "expected": branch.members,
        "present": present,
        "written_opinions": 1,
        "votes_for": present + 1 - against - abstentions,
        "votes_against": against,
        "abstentions": abstentions,
        "voted_individually": True,
    }


def _notice(row: ImportRow, branch: Branch, start: date, end: date, what: str) -> dict[str, Any]:
    return {
        "starts_on": start.isoformat(),
        "channel": "机关党务公开栏、单位内网",
        "content": f"经党支部委员会研究，{what}，现予公示。公示期自{chinese_date(start)}至"
        f"{chinese_date(end)}。公示期间如有意见，请以来电、来信或来访方式向党支部或"
        f"{COMMITTEE}组织科反映（联系人：{branch.secretary}，电话：{PHONE}）。",
    }


def _notice_of(act: PlannedAct, row: ImportRow, branch: Branch, end: date) -> dict[str, Any]:
    if row.dates.get("activist_date", date.max) >= act.on:
        what = f"拟确定{row.name}同志为入党积极分子"
    elif row.dates.get("admission_date", date.max) >= act.on:
        what = (
            f"拟接收{row.name}同志为中共预备党员。{row.name}，"
            f"{choice_label(row.gender)}，{row.ethnicity}，"
            f"{row.birth_date.year}年{row.birth_date.month}月出生，{row.education}学历，"
            f"{row.work_unit}干部；{chinese_date(row.application_date)}{act_label(SUBMIT_APPLICATION)}"
        )
    else:
        what = f"{row.name}同志预备期即将届满，拟按期转为中共正式党员"
    return _notice(row, branch, act.on, end, what)


def demo_plan(
    row: ImportRow,
    branch: Branch,
    seed: int,
    profiles: ProfileOn,
    calendar: WorkingCalendar,
    *,
    today: date,
) -> list[PlannedAct]:
    """The importer's dated acts for the row, each with the papers a branch keeps; an activist
    also has the half-yearly assessments held a month or more ago."""
    planned = [
        replace(act, on=working(act.on, calendar), evidence=_period(working(act.on, calendar)))
        if act.trigger == "record_assessment"
        else act
        for act in plan_acts(row, profiles, calendar)
    ]
    if row.stage == "activist":
        since = row.dates["activist_date"]
        interval = profiles(since).assessment_interval_months
        for k in range(1, 5):
            on = working(add_months(since, k * interval), calendar)
            if on <= today - timedelta(days=30):
                planned.append(PlannedAct("record_assessment", SECRETARY, on, _period(on)))
    return [
        papers(act, row, branch, seed, notice_end=_notice_end(act, profiles, calendar))
        for act in planned
    ]


def _period(day: date) -> dict[str, Any]:
    return {"period": f"{day.year}H{1 if day.month <= 6 else 2}"}


def _notice_end(act: PlannedAct, profiles: ProfileOn, calendar: WorkingCalendar) -> date:
    return calendar.nth_working_day(act.on, profiles(act.on).notice_working_days).day


def papers(
    act: PlannedAct, row: ImportRow, branch: Branch, seed: int, *, notice_end: date
) -> PlannedAct:
    """The act as the branch would have recorded it: counts of a real meeting, names, texts."""
    name, evidence = row.name, dict(act.evidence)
    if act.trigger == "record_talk":
        evidence = {
            "talker": {"name": branch.secretary},
            "summary": f"支部书记{branch.secretary}与{name}同志谈话，了解其入党动机和对党的认识，"
            "介绍了党的基本知识和发展党员的程序。该同志入党动机端正，态度诚恳，表示将在工作中"
            "严格要求自己，主动向党组织靠拢。",
        }
    elif act.trigger == "record_recommendation_vote":
        present = branch.members - 3
        evidence = {
            "method": "secret_ballot",
            "party_members": present,
            "mass_representatives": 8,
            "ballots_cast": present + 8,
            "votes_for": present + 8 - 3 - seed % 3,
        }
    elif act.trigger == "open_publicity":
        evidence = _notice_of(act, row, branch, notice_end)
    elif act.trigger == "record_assessment":
        evidence["summary"] = (
            f"{chinese_period(evidence['period'])}，该同志认真学习党的理论和路线方针政策，"
            "工作积极主动、作风踏实，能够按时参加支部组织的学习活动，群众基础较好；"
            "不足之处是理论学习的系统性有待加强。考察合格。"
        )
    elif act.trigger == "record_training":
        evidence["provider"] = TRAINING_PROVIDER
    elif act.trigger == "record_political_review":
        evidence.update(
            attitude="拥护党的理论和路线方针政策，政治立场坚定，对党忠诚老实",
            political_history="本人历史清白，在重大政治斗争中立场坚定、表现良好",
            law_abidance="遵纪守法，遵守社会公德，无违法违纪记录",
            relatives="直系亲属及主要社会关系政治历史清白，无影响其入党的情况",
        )
    elif act.trigger == "submit_for_pre_review":
        evidence = {
            "materials": [
                "入党申请书",
                "入党积极分子培养教育考察登记表",
                "政治审查综合材料",
                "集中培训结业证书",
                "拟接收预备党员公示情况报告",
            ]
        }
    elif act.trigger == "approve_pre_review":
        evidence = {
            "reviewer": {"name": REVIEWER},
            "opinion": f"经审查，{name}同志材料齐全、程序规范，符合发展党员条件，"
            "同意提交支部大会讨论。",
        }
    elif act.trigger in ("record_admission_ballot", "record_conversion_ballot"):
        evidence = {**{k: v for k, v in evidence.items() if k == "resolution"}}
        evidence.update(_ballot(branch, seed))
    elif act.trigger == "record_committee_interview":
        evidence = {
            "interviewer": {"name": REVIEWER},
            "motive": "sound",
            "law_compliance": "compliant",
            "notes": f"经谈话，{name}同志对党的认识较为深刻，入党动机端正，"
            "表示将以党员标准严格要求自己，在本职岗位上发挥先锋模范作用。",
        }
    return replace(act, evidence=evidence)
